import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { floor, written, type FloorRun, type Output } from './floor-runs.js';
import { writeWorkspace, type Workspace } from './generate.js';
import { best, measure, RSS_METHOD, type Measured } from './measure.js';
import { table, targets } from './report.js';

/**
 * `npm run bench`: metaxy-compile against drizzle-kit `generate` on the same schema and against
 * the floor (bench/floor.mjs: a Node process that only reads the same files and writes the
 * same bytes), each run a separate child process (bench/measure.ts), best of BENCH_REPEAT
 * runs. Prints the tables and writes bench/results.json. Environment: BENCH_SIZES (default
 * 1000,2000,5000,10000), BENCH_OURS_ONLY (default 50000), BENCH_REPEAT (default 5),
 * BENCH_COLD_REPEAT (default 5), BENCH_DRIZZLE_REPEAT (default 3), BENCH_QUIET_WAIT (seconds to
 * wait for a quiet machine before each run, default 30), BENCH_CLI (another build's
 * dist/cli/main.js, e.g. a baseline), BENCH_DRIZZLE=0 (skip drizzle-kit), BENCH_RESULTS (where
 * to write the results).
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
const coldRepeat = Number(process.env.BENCH_COLD_REPEAT ?? 5);
const drizzleRepeat = Number(process.env.BENCH_DRIZZLE_REPEAT ?? 3);

function list(s: string): number[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
    .map(Number);
}

/** Op is one measured operation. */
export type Op = 'compile' | 'migrate initial' | 'migrate 10% changed' | 'check';
const OPS: readonly Op[] = ['compile', 'migrate initial', 'migrate 10% changed', 'check'];

/** Row is one size and operation: the floor, and each tool. */
export interface Row {
  features: number;
  op: Op;
  floor?: Measured;
  ours?: Measured;
  oursCold?: Measured;
  drizzle?: Measured;
  drizzleWhat?: string;
}

type Workspaces = { base: Workspace; changed: Workspace };
type Runs = { measured: Map<Op, Measured>; floors: Map<Op, FloorRun> };

/** stdoutOf keeps the standard output of a run, as the last output of the floor's. */
const stdoutOf = (into: Output[][], i: number, s: ReturnType<typeof measure>) => {
  if (i === 0) into.push([['-', s.stdout]]);
  return s;
};

/**
 * ours measures metaxy-compile on every operation, with the spec cache (then it also returns
 * what the floor of each operation reads and writes, taken from the first run) or without it.
 */
function ours(ws: Workspaces, dir: string, cold: boolean, reps: number): Runs {
  const env: Record<string, string> = { METAXYC_CACHE: cold ? 'off' : cacheDir };
  const tag = cold ? 'cold' : 'warm';
  const res = new Map<Op, Measured>();
  const floors = new Map<Op, FloorRun>();
  const args = ['features', '--config', 'metaxy.toml', '--store', 'pg'];
  const history = path.join(dir, 'history');
  const log = (name: string) => path.join(dir, `${name}-${tag}.log`);
  const floorDir = (name: string) => path.join(dir, `floor-${name}`);
  if (!cold) {
    // The history the 10% run and `check` start from (not measured; it also fills the cache).
    rmSync(history, { recursive: true, force: true });
    measure([cli, 'migrate', ...args, '--dir', history], ws.base.root, env, 0, log('history'));
  }
  const out: Output[][] = [];
  const ddl = (i: number) => path.join(dir, `ddl-${tag}-${i}.sql`);
  res.set('compile', best(reps, () => undefined, (i) => stdoutOf(out, i, measure([cli, ...args, '--out', ddl(i)], ws.base.root, env, 0, log(`compile-${i}`)))));
  floors.set('compile', { cwd: ws.base.root, outputs: [['ddl.sql', readFileSync(ddl(0))], ...out.pop()!], root: (i) => path.join(floorDir('compile'), String(i)), prepare: () => undefined });
  const fresh = (i: number) => path.join(dir, `init-${tag}-${i}`);
  const again = (d: (i: number) => string) => (i: number) => rmSync(d(i), { recursive: true, force: true });
  res.set('migrate initial', best(reps, again(fresh), (i) => stdoutOf(out, i, measure([cli, 'migrate', ...args, '--dir', fresh(i)], ws.base.root, env, 0, log(`init-${i}`)))));
  const initFloor = (i: number) => path.join(floorDir('init'), String(i));
  floors.set('migrate initial', { cwd: ws.base.root, outputs: [...written(null, fresh(0)), ...out.pop()!], root: initFloor, prepare: again(initFloor) });
  const change = changed(ws, dir, env, cold, reps, history);
  res.set('migrate 10% changed', change.measured);
  floors.set('migrate 10% changed', change.floor);
  res.set('check', best(reps, () => undefined, (i) => stdoutOf(out, i, measure([cli, 'check', ...args, '--dir', history], ws.base.root, env, 0, log(`check-${i}`)))));
  floors.set('check', { cwd: ws.base.root, outputs: out.pop()!, root: () => floorDir('check'), history: () => history, prepare: () => undefined });
  return { measured: res, floors };
}

/**
 * changed measures `migrate` after 10% of the features changed. With the cache, it runs in a
 * copy of the base folder whose cache was filled, then the files changed: the changed files
 * are misses, the others hits, as when a user edits some specs and migrates.
 */
function changed(ws: Workspaces, dir: string, env: Record<string, string>, cold: boolean, reps: number, history: string): { measured: Measured; floor: FloorRun } {
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
  const fromHistory = (d: (i: number) => string) => (i: number) => {
    rmSync(d(i), { recursive: true, force: true });
    cpSync(history, d(i), { recursive: true });
  };
  const out: Output[][] = [];
  const measured = best(
    reps,
    (i) => {
      fromHistory(next)(i);
      if (!cold) {
        rmSync(cacheDir, { recursive: true, force: true });
        cpSync(snapshot, cacheDir, { recursive: true });
      }
    },
    (i) => {
      const s = stdoutOf(out, i, measure([cli, ...args, '--dir', next(i)], cwd, env, 0, path.join(dir, `change-${i}-${tag}.log`)));
      if (readdirSync(path.join(next(i), 'features')).filter((f) => f.startsWith('0002_')).length !== 2) throw new Error(`no second migration in ${next(i)}`);
      return s;
    },
  );
  const floorDir = (i: number) => path.join(dir, 'floor-change', String(i));
  return { measured, floor: { cwd, outputs: [...written(history, next(0)), ...out.pop()!], root: floorDir, history: floorDir, prepare: fromHistory(floorDir) } };
}

function drizzleConfig(dir: string, schemaDir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'drizzle.config.ts'),
    `import { defineConfig } from 'drizzle-kit';\n\nexport default defineConfig({\n  dialect: 'postgresql',\n  schema: ${JSON.stringify(`${schemaDir}/schema/*.ts`)},\n  out: './migrations',\n});\n`,
  );
}

function drizzle(ws: { base: Workspace; changed: Workspace }, dir: string): Map<Op, Measured> {
  const res = new Map<Op, Measured>();
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
    const reps = n >= 50_000 ? Math.min(3, repeat) : repeat;
    const warm = ours(ws, runs, false, reps);
    process.stderr.write(`[bench] ${n} features: the floor...\n`);
    const floors = new Map(OPS.map((op) => [op, floor(warm.floors.get(op)!, reps, path.join(runs, `floor-${op.replace(/\W+/g, '-')}`))]));
    process.stderr.write(`[bench] ${n} features: metaxy-compile, cold...\n`);
    const cold = ours(ws, runs, true, n >= 50_000 ? 1 : Math.min(coldRepeat, repeat));
    let dz: Map<Op, Measured> | undefined;
    if (withDrizzle) {
      process.stderr.write(`[bench] ${n} features: drizzle-kit...\n`);
      dz = drizzle(ws, runs);
    }
    for (const op of OPS) {
      rows.push({ features: n, op, floor: floors.get(op), ours: warm.measured.get(op), oursCold: cold.measured.get(op), drizzle: dz?.get(op), drizzleWhat: op === 'check' ? 'check' : op === 'compile' ? undefined : 'generate' });
    }
    process.stderr.write(`${table(rows.filter((r) => r.features === n))}\n`);
  }
  const text = `${table(rows)}\n\n${targets(rows)}`;
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
    rss: RSS_METHOD,
    rows,
    table: text,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stderr.write(`[bench] wrote ${path.relative(root, resultsFile)}\n`);
}

main();
