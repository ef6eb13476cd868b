import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { listFiles, provePair } from './helpers/engine-check.js';
import { editWorld, genWorld, Namer } from './helpers/feature-gen.js';
import { expectedHazards, STORES, writeWorld } from './helpers/feature-model.js';
import { migrate, storeSchema } from './helpers/migrate-harness.js';
import { Rng } from './helpers/prng.js';
import { tempDir } from './helpers/temp.js';

// Property: for random valid feature sets and random realistic edits of them, on both
// PostgreSQL and DuckDB stores, with --allow-destructive:
//   - the first migration creates exactly create(from);
//   - create(from) + up == create(to) on the engine (catalog compare, columns sorted by name);
//   - migrating again writes nothing, and `check` then exits 0;
//   - down gives back create(from);
//   - a row inserted in every table before up survives up (and down) in every continued table;
//   - without --allow-destructive, `migrate --json` reports exactly the hazards an independent
//     model-level oracle predicts (helpers/feature-model.ts expectedHazards), exits 3 and writes
//     nothing when there are any, and exits 0 otherwise.
//
// Pair i uses seed MXC_PROPERTY_SEED + i (default 1); MXC_PROPERTY_RUNS pairs (default 200).
// Reproduce one failing pair with MXC_PROPERTY_SEED=<its seed> MXC_PROPERTY_RUNS=1; the folder
// (from/, to/, mig-<store>/) of a pair that fails for an unknown reason is kept and printed.
//
// Left out of the generator on purpose (see helpers/feature-gen.ts):
// - id columns and indexed columns are scalar or decimal: DuckDB cannot index LIST/STRUCT/MAP
//   columns, and the compiler accepts such specs (a create-time bug, reported on its own);
// - type changes never start from `string` (the rows hold '' there, which casts to no number
//   or date): that data loss is what the narrow-type hazard warns about.
// The rows hold zero values (helpers/engine-check.ts zeroRows), NULL in about half the nullable
// columns, never defaults: a default such as -65 cannot survive narrowing to decimal(1, 0),
// which is the data's fault, not the migration's.

const BASE = Number(process.env.MXC_PROPERTY_SEED ?? 1);
const RUNS = Number(process.env.MXC_PROPERTY_RUNS ?? 200);

const engines: Record<'postgres' | 'duckdb', Engine> = {} as never;
before(async () => {
  engines.postgres = await openPostgres();
  engines.duckdb = await openDuckDB();
});
after(async () => {
  for (const e of Object.values(engines)) await e?.close();
});

interface Failure {
  readonly seed: number;
  readonly store: string;
  /** The first line of the error. */
  readonly error: string;
  /** The edits of the pair. */
  readonly log: readonly string[];
  readonly message: string;
}

/** casePair generates the from/to worlds of a seed and writes them under root. */
function casePair(seed: number, root: string) {
  const rng = new Rng(seed);
  const namer = new Namer(rng);
  const from = genWorld(rng, namer);
  const { world: to, log } = editWorld(from, rng, namer);
  writeWorld(path.join(root, 'from'), from, rng);
  writeWorld(path.join(root, 'to'), to, rng);
  return { from, to, log, expected: { postgres: expectedHazards(from, to, 'postgres'), duckdb: expectedHazards(from, to, 'duckdb') } };
}

async function cli(argv: string[], cwd: string, code: number) {
  const r = await runCli(argv, cwd);
  assert.equal(r.code, code, `metaxy-compile ${argv.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r;
}

/** writePair writes the two migrations of a store and checks the CLI's side of the property; returns what the engine must prove. */
async function writePair(root: string, store: string, expected: readonly string[]) {
  const fromDir = path.join(root, 'from');
  const toDir = path.join(root, 'to');
  const dir = path.join(root, `mig-${store}`);
  await cli(['features', '--store', store], fromDir, 0); // both sides are valid specs
  await cli(['features', '--store', store], toDir, 0);
  const first = await migrate(fromDir, 'features', store, dir);
  const before = listFiles(dir);
  const r = await runCli(['migrate', 'features', '--store', store, '--dir', dir, '--json'], toDir);
  const plan = JSON.parse(r.stdout) as { streams: Record<string, { changes: unknown[]; hazards: { kind: string; at: string }[] }> };
  const hazards = plan.streams.features!.hazards;
  assert.deepEqual(hazards.map((h) => h.kind).sort(), expected, `hazards reported by migrate --json:\n${JSON.stringify(hazards, null, 1)}`);
  for (const h of hazards) assert.match(h.at, /^.+:\d+:\d+$/, 'a hazard has a file:line:col');
  assert.deepEqual(plan.streams.system, { changes: [], hazards: [], files: [] }, 'the system stream does not change');
  let second: string[];
  if (expected.includes('unsupported')) {
    // What the dialect cannot do in place is refused even with --allow-destructive.
    assert.equal(r.code, 3, `an unsupported change is refused:\n${r.stderr}`);
    await cli(['migrate', 'features', '--store', store, '--dir', dir, '--allow-destructive'], toDir, 3);
    assert.deepEqual(listFiles(dir), before, 'a refused migrate writes nothing');
    return null;
  }
  if (expected.length > 0) {
    assert.equal(r.code, 3, `destructive changes are refused without --allow-destructive:\n${r.stderr}`);
    assert.deepEqual(listFiles(dir), before, 'a refused migrate writes nothing');
    second = await migrate(toDir, 'features', store, dir, ['--allow-destructive']);
  } else {
    assert.equal(r.code, 0, `no hazard, so migrate succeeds:\n${r.stderr}`);
    second = listFiles(dir).filter((f) => !before.includes(f));
  }
  assert.deepEqual(await migrate(toDir, 'features', store, dir, ['--allow-destructive']), [], 'migrating again writes nothing');
  await cli(['check', 'features', '--store', store, '--dir', dir], toDir, 0);
  return {
    from: await storeSchema(fromDir, 'features', store),
    to: await storeSchema(toDir, 'features', store),
    dir,
    first,
    second,
  };
}

let failures: Failure[] = [];

function report(list: readonly Failure[], label: string): string {
  const seeds = [...new Set(list.map((f) => f.seed))];
  const file = path.join(tmpdir(), `mxc-property-${label}-${BASE}.txt`);
  writeFileSync(file, list.map((f) => `--- seed ${f.seed} (${f.store})\n${f.message}`).join('\n\n'));
  return (
    `${list.length} failure(s) in ${seeds.length} of ${RUNS} pairs; failing seeds: ${seeds.join(' ')}\n` +
    `reproduce one with MXC_PROPERTY_SEED=<seed> MXC_PROPERTY_RUNS=1 node test/run.mjs test/migrate-property.test.ts\n` +
    `${list.map((f) => `seed ${f.seed} ${f.store}: ${f.error}`).join('\n')}\n\n` +
    `every failure in full: ${file}; the first ones:\n\n${list.slice(0, 3).map((f) => `--- seed ${f.seed} (${f.store})\n${f.message}`).join('\n\n')}`
  );
}

test(`migrate property: ${RUNS} random from -> to pairs (seeds ${BASE}..${BASE + RUNS - 1}) on postgres and duckdb`, async (t) => {
  const hazardCount: Record<string, number> = {};
  let changed = 0;
  const started = Date.now();
  for (let i = 0; i < RUNS; i++) {
    const seed = BASE + i;
    const root = tempDir(`prop-${seed}`);
    const { log, expected } = casePair(seed, root);
    for (const h of new Set([...expected.postgres, ...expected.duckdb])) hazardCount[h] = (hazardCount[h] ?? 0) + 1;
    const fail = (store: string, e: unknown) =>
      failures.push({
        seed,
        store,
        error: (e as Error).message.split('\n')[0]!,
        log,
        message: `edits:\n  ${log.join('\n  ')}\nfolder: ${root}\n${(e as Error).stack ?? String(e)}`.slice(0, 4000),
      });
    const pending: Promise<void>[] = [];
    let any = false;
    for (const store of [STORES.postgres, STORES.duckdb] as const) {
      try {
        const pair = await writePair(root, store, expected[store === STORES.postgres ? 'postgres' : 'duckdb']);
        if (!pair) continue;
        if (pair.second.length > 0) any = true;
        pending.push(provePair(engines[store], pair).catch((e) => void fail(store, e)));
      } catch (e) {
        fail(store, e);
      }
    }
    await Promise.all(pending);
    if (any) changed++;
    // Keep the folder of a pair only when it failed.
    if (!failures.some((f) => f.seed === seed)) rmSync(root, { recursive: true, force: true });
  }
  t.diagnostic(`${RUNS} pairs in ${((Date.now() - started) / 1000).toFixed(1)}s; ${changed} wrote a second migration; predicted hazards: ${JSON.stringify(hazardCount)}`);
  if (failures.length > 0) assert.fail(report(failures, 'failures'));
});
