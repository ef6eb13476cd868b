import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeWorkspace, type Workspace } from './generate.js';

/**
 * `npm run bench`: metaxy-compile against drizzle-kit `generate` on the same schema, each run a
 * separate child process (wall time by hrtime, peak RSS by `/usr/bin/time -v`, or by a preload
 * that reports `process.resourceUsage().maxRSS`), best of BENCH_REPEAT runs. Prints a table and
 * writes bench/results.json. Environment: BENCH_SIZES (default 1000,2000,5000,10000),
 * BENCH_OURS_ONLY (default 50000), BENCH_REPEAT (default 5), BENCH_COLD_REPEAT (default 3),
 * BENCH_DRIZZLE_REPEAT (default 3), BENCH_QUIET_WAIT (seconds to wait for a quiet machine
 * before each run, default 30), BENCH_CLI (another build's dist/cli/main.js, e.g. a baseline),
 * BENCH_DRIZZLE=0 (skip drizzle-kit), BENCH_RESULTS (where to write the results).
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const out = path.join(here, 'out');
const cli = path.resolve(process.env.BENCH_CLI ?? path.join(root, 'dist/cli/main.js'));
const withDrizzle = process.env.BENCH_DRIZZLE !== '0';
const resultsFile = path.resolve(process.env.BENCH_RESULTS ?? path.join(here, 'results.json'));
const drizzleBin = path.join(root, 'node_modules/drizzle-kit/bin.cjs');
const cacheDir = path.join(out, 'cache');

const sizes = list(process.env.BENCH_SIZES ?? '1000,2000,5000,10000');
const oursOnly = list(process.env.BENCH_OURS_ONLY ?? '50000');
const repeat = Number(process.env.BENCH_REPEAT ?? 5);
const coldRepeat = Number(process.env.BENCH_COLD_REPEAT ?? 3);
const drizzleRepeat = Number(process.env.BENCH_DRIZZLE_REPEAT ?? 3);
const quietWait = Number(process.env.BENCH_QUIET_WAIT ?? 30);
const timeBin = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0 ? '/usr/bin/time' : null;

function list(s: string): number[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map(Number);
}

/** Sample is one measured run: wall time, peak RSS, and CPU time (user + system) when known. */
interface Sample {
  readonly ms: number;
  readonly rssMb: number;
  readonly cpuMs?: number;
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

/** measure runs `node <args>` in cwd as a child process and returns its wall time and peak RSS. */
function measure(args: readonly string[], cwd: string, env: Record<string, string>, expectCode: number, logTo: string): Sample {
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
  return Number.isNaN(cpu) ? { ms, rssMb: kb / 1024 } : { ms, rssMb: kb / 1024, cpuMs: cpu };
}

/** best runs a measurement n times (prepare before each) and keeps the fastest, with the highest peak RSS seen. */
function best(n: number, prepare: (i: number) => void, run: (i: number) => Sample): { best: Sample; samples: Sample[] } {
  const samples: Sample[] = [];
  for (let i = 0; i < n; i++) {
    prepare(i);
    samples.push(run(i));
  }
  const fastest = samples.reduce((a, b) => (b.ms < a.ms ? b : a));
  return { best: { ...fastest, rssMb: Math.max(...samples.map((s) => s.rssMb)) }, samples };
}

type Op = 'compile' | 'migrate initial' | 'migrate 10% changed' | 'check';
const OPS: readonly Op[] = ['compile', 'migrate initial', 'migrate 10% changed', 'check'];

/** Row is one size and operation, for each tool. */
interface Row {
  features: number;
  op: Op;
  ours?: { best: Sample; samples: Sample[] };
  oursCold?: { best: Sample; samples: Sample[] };
  drizzle?: { best: Sample; samples: Sample[] };
  drizzleWhat?: string;
}

function ours(ws: { base: Workspace; changed: Workspace }, dir: string, cold: boolean, reps: number): Map<Op, { best: Sample; samples: Sample[] }> {
  const env: Record<string, string> = { METAXYC_CACHE: cold ? 'off' : cacheDir };
  const tag = cold ? 'cold' : 'warm';
  const res = new Map<Op, { best: Sample; samples: Sample[] }>();
  const args = ['features', '--config', 'metaxy.toml', '--store', 'pg'];
  const history = path.join(dir, 'history');
  const log = (name: string) => path.join(dir, `${name}-${tag}.log`);
  if (!cold) {
    // The history the 10% run and `check` start from (not measured; it also fills the cache).
    rmSync(history, { recursive: true, force: true });
    measure([cli, 'migrate', ...args, '--dir', history], ws.base.root, env, 0, log('history'));
  }
  res.set('compile', best(reps, () => undefined, (i) => measure([cli, ...args, '--out', path.join(dir, `ddl-${tag}-${i}.sql`)], ws.base.root, env, 0, log(`compile-${i}`))));
  const fresh = (i: number) => path.join(dir, `init-${tag}-${i}`);
  res.set(
    'migrate initial',
    best(reps, (i) => rmSync(fresh(i), { recursive: true, force: true }), (i) => measure([cli, 'migrate', ...args, '--dir', fresh(i)], ws.base.root, env, 0, log(`init-${i}`))),
  );
  res.set('migrate 10% changed', changed(ws, dir, env, cold, reps, history));
  res.set('check', best(reps, () => undefined, (i) => measure([cli, 'check', ...args, '--dir', history], ws.base.root, env, 0, log(`check-${i}`))));
  return res;
}

/**
 * changed measures `migrate` after 10% of the features changed. With the cache, it runs in a
 * copy of the base folder whose cache was filled, then the files changed: the changed files
 * are misses, the others hits, as when a user edits some specs and migrates.
 */
function changed(ws: { base: Workspace; changed: Workspace }, dir: string, env: Record<string, string>, cold: boolean, reps: number, history: string) {
  const tag = cold ? 'cold' : 'warm';
  const args = ['migrate', 'features', '--config', 'metaxy.toml', '--store', 'pg'];
  let cwd = ws.changed.root;
  const snapshot = path.join(dir, 'cache-snapshot');
  if (!cold) {
    cwd = path.join(dir, 'work');
    rmSync(cwd, { recursive: true, force: true });
    cpSync(ws.base.root, cwd, { recursive: true, filter: (src) => !src.includes(`${path.sep}drizzle`) });
    measure([cli, 'features', '--config', 'metaxy.toml', '--store', 'pg', '--out', path.join(dir, 'work.sql')], cwd, env, 0, path.join(dir, 'work-warm.log'));
    rmSync(snapshot, { recursive: true, force: true });
    mkdirSync(cacheDir, { recursive: true });
    cpSync(cacheDir, snapshot, { recursive: true });
    cpSync(ws.changed.features, path.join(cwd, 'features'), { recursive: true });
  }
  const next = (i: number) => path.join(dir, `change-${tag}-${i}`);
  return best(
    reps,
    (i) => {
      rmSync(next(i), { recursive: true, force: true });
      cpSync(history, next(i), { recursive: true });
      if (!cold) {
        rmSync(cacheDir, { recursive: true, force: true });
        cpSync(snapshot, cacheDir, { recursive: true });
      }
    },
    (i) => {
      const s = measure([cli, ...args, '--dir', next(i)], cwd, env, 0, path.join(dir, `change-${i}-${tag}.log`));
      if (readdirSync(path.join(next(i), 'features')).filter((f) => f.startsWith('0002_')).length !== 2) throw new Error(`no second migration in ${next(i)}`);
      return s;
    },
  );
}

function drizzleConfig(dir: string, schemaDir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'drizzle.config.ts'),
    `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({\n  dialect: 'postgresql',\n  schema: ${JSON.stringify(`${schemaDir}/schema/*.ts`)},\n  out: './migrations',\n});\n`,
  );
}

function drizzle(ws: { base: Workspace; changed: Workspace }, dir: string): Map<Op, { best: Sample; samples: Sample[] }> {
  const res = new Map<Op, { best: Sample; samples: Sample[] }>();
  const gen = (runDir: string, log: string) => measure([drizzleBin, 'generate', '--config=drizzle.config.ts'], runDir, {}, 0, log);
  const sqlCount = (runDir: string) => readdirSync(path.join(runDir, 'migrations')).filter((f) => f.endsWith('.sql')).length;
  const initDir = (i: number) => path.join(dir, `dz-init-${i}`);
  res.set(
    'migrate initial',
    best(
      drizzleRepeat,
      (i) => {
        rmSync(initDir(i), { recursive: true, force: true });
        drizzleConfig(initDir(i), ws.base.drizzle);
      },
      (i) => {
        const s = gen(initDir(i), path.join(dir, `dz-init-${i}.log`));
        if (sqlCount(initDir(i)) !== 1) throw new Error(`drizzle-kit wrote no initial migration in ${initDir(i)}`);
        return s;
      },
    ),
  );
  const changeDir = (i: number) => path.join(dir, `dz-change-${i}`);
  res.set(
    'migrate 10% changed',
    best(
      drizzleRepeat,
      (i) => {
        rmSync(changeDir(i), { recursive: true, force: true });
        drizzleConfig(changeDir(i), ws.changed.drizzle);
        cpSync(path.join(initDir(0), 'migrations'), path.join(changeDir(i), 'migrations'), { recursive: true });
      },
      (i) => {
        const s = gen(changeDir(i), path.join(dir, `dz-change-${i}.log`));
        if (sqlCount(changeDir(i)) !== 2) throw new Error(`drizzle-kit wrote no second migration in ${changeDir(i)}`);
        return s;
      },
    ),
  );
  res.set('check', best(drizzleRepeat, () => undefined, (i) => measure([drizzleBin, 'check', '--config=drizzle.config.ts'], initDir(0), {}, 0, path.join(dir, `dz-check-${i}.log`))));
  return res;
}

const fmtMs = (s: Sample | undefined) => (s ? (s.ms >= 10_000 ? `${(s.ms / 1000).toFixed(1)} s` : `${Math.round(s.ms)} ms`) : '—');
const fmtMb = (s: Sample | undefined) => (s ? `${Math.round(s.rssMb)} MB` : '—');
const ratio = (a: Sample | undefined, b: Sample | undefined) => (a && b ? `${(a.ms / b.ms).toFixed(1)}x` : '—');

function table(rows: readonly Row[]): string {
  const head = [
    '| features | operation | metaxy-compile (cached) | peak RSS | metaxy-compile (cold, no cache) | peak RSS | drizzle-kit | peak RSS | drizzle / ours cached | drizzle / ours cold |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const body = rows.map((r) => {
    const dz = r.drizzle?.best;
    const what = r.drizzleWhat ? ` (${r.drizzleWhat})` : '';
    return `| ${r.features.toLocaleString('en-US')} | ${r.op} | ${fmtMs(r.ours?.best)} | ${fmtMb(r.ours?.best)} | ${fmtMs(r.oursCold?.best)} | ${fmtMb(r.oursCold?.best)} | ${fmtMs(dz)}${dz ? what : ''} | ${fmtMb(dz)} | ${ratio(dz, r.ours?.best)} | ${ratio(dz, r.oursCold?.best)} |`;
  });
  return [...head, ...body].join('\n');
}

const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);

function main(): void {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm run bench does)`);
  mkdirSync(out, { recursive: true });
  rmSync(cacheDir, { recursive: true, force: true });
  const rows: Row[] = [];
  const all = [...sizes.map((n) => ({ n, withDrizzle })), ...oursOnly.map((n) => ({ n, withDrizzle: false }))];
  for (const { n, withDrizzle } of all) {
    const dir = path.join(out, `n${n}`);
    process.stderr.write(`[bench] ${n} features: generating...\n`);
    const ws = { base: writeWorkspace(path.join(dir, 'base'), n, 'base'), changed: writeWorkspace(path.join(dir, 'changed'), n, 'changed') };
    const runs = path.join(dir, 'runs');
    rmSync(runs, { recursive: true, force: true });
    mkdirSync(runs, { recursive: true });
    process.stderr.write(`[bench] ${n} features (${ws.base.specFiles} spec files): metaxy-compile, cached...\n`);
    const warm = ours(ws, runs, false, n >= 50_000 ? Math.min(3, repeat) : repeat);
    process.stderr.write(`[bench] ${n} features: metaxy-compile, cold...\n`);
    const cold = ours(ws, runs, true, n >= 50_000 ? 1 : Math.min(coldRepeat, repeat));
    let dz: Map<Op, { best: Sample; samples: Sample[] }> | undefined;
    if (withDrizzle) {
      process.stderr.write(`[bench] ${n} features: drizzle-kit...\n`);
      dz = drizzle(ws, runs);
    }
    for (const op of OPS) {
      rows.push({ features: n, op, ours: warm.get(op), oursCold: cold.get(op), drizzle: dz?.get(op), drizzleWhat: op === 'check' ? 'check' : op === 'compile' ? undefined : 'generate' });
    }
    process.stderr.write(`${table(rows.filter((r) => r.features === n))}\n`);
  }
  const text = table(rows);
  console.log(text);
  const drizzleVersion = (JSON.parse(readFileSync(path.join(root, 'node_modules/drizzle-kit/package.json'), 'utf8')) as { version: string }).version;
  const results = {
    date: new Date().toISOString(),
    cli: path.relative(root, cli),
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    drizzleKit: drizzleVersion,
    repeat: { ours: repeat, oursCold: coldRepeat, drizzle: drizzleRepeat },
    loadAverage: { start: loadAtStart, end: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    rss: timeBin ? '/usr/bin/time -v' : 'process.resourceUsage().maxRSS',
    rows,
    table: text,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`[bench] wrote ${path.relative(root, resultsFile)}\n`);
}

main();
