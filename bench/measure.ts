import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * How the bench measures a run: each run is its own child process, wall time by hrtime around
 * it, peak RSS and CPU time by `/usr/bin/time -v` (else a preload reporting
 * `process.resourceUsage().maxRSS`), started once the machine is quiet (BENCH_QUIET_WAIT).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const quietWait = Number(process.env.BENCH_QUIET_WAIT ?? 30);
const timeBin = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : null;

/** RSS_METHOD says how peak RSS is measured. */
export const RSS_METHOD = timeBin ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS';

/** Sample is one measured run: wall time, peak RSS, and CPU time (user + system) when known. */
export interface Sample {
  readonly ms: number;
  readonly rssMb: number;
  readonly cpuMs?: number;
}

/** Measured is the fastest of several runs (with the highest peak RSS seen), and every run. */
export interface Measured {
  readonly best: Sample;
  readonly samples: Sample[];
}

/** cpuBusy is the share of the machine's CPU time in use over a short interval (Linux), or 0. */
function cpuBusy(): number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: f[3]! + (f[4] ?? 0), total: f.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    sleep(300);
    const b = read();
    return b.total === a.total ? 0 : 1 - (b.idle - a.idle) / (b.total - a.total);
  } catch {
    return 0;
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * waitQuiet waits (up to BENCH_QUIET_WAIT seconds) until other processes use less than a
 * quarter of the machine: on a shared machine a run measured under load says little.
 */
function waitQuiet(): void {
  const until = Date.now() + quietWait * 1000;
  while (Date.now() < until && cpuBusy() > 0.25) sleep(1000);
}

/** measure runs `node <args>` in cwd as a child process and returns its wall time, peak RSS and standard output. */
export function measure(args: readonly string[], cwd: string, env: Record<string, string>, expectCode: number, logTo: string): Sample & { stdout: Buffer } {
  const rssFile = `${logTo}.rss`;
  rmSync(rssFile, { force: true });
  const childEnv = { ...process.env, ...env };
  const cmd = timeBin ? [timeBin, '-v', '-o', rssFile, process.execPath, ...args] : [process.execPath, '--import', path.join(here, 'report-rss.mjs'), ...args];
  if (!timeBin) childEnv.BENCH_RSS_FILE = rssFile;
  waitQuiet();
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd[0]!, cmd.slice(1), { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30, timeout: 30 * 60_000 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  writeFileSync(logTo, `${r.stdout?.toString() ?? ''}\n--- stderr ---\n${r.stderr?.toString() ?? ''}`);
  if (r.status !== expectCode) throw new Error(`${args.join(' ')} in ${cwd} exited ${r.status} (expected ${expectCode}); see ${logTo}`);
  const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
  const kb = timeBin ? Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1] ?? NaN) : Number(text) / 1024;
  const seconds = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([\\d.]+)`).exec(text)?.[1] ?? NaN);
  const cpu = (seconds('User') + seconds('System')) * 1000;
  const stdout = r.stdout ?? Buffer.alloc(0);
  return Number.isNaN(cpu) ? { ms, rssMb: kb / 1024, stdout } : { ms, rssMb: kb / 1024, cpuMs: cpu, stdout };
}

/** best runs a measurement n times (prepare before each) and keeps the fastest, with the highest peak RSS seen. */
export function best(n: number, prepare: (i: number) => void, run: (i: number) => Sample): Measured {
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    prepare(i);
    const { ms, rssMb, cpuMs } = run(i);
    samples.push(cpuMs === undefined ? { ms, rssMb } : { ms, rssMb, cpuMs });
  }
  const fastest = samples.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { best: { ...fastest, rssMb: Math.max(...samples.map((s) => s.rssMb)) }, samples };
}
