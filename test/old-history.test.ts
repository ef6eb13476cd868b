import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createScript, type StoreSchema } from '../src/compile.js';
import { parseState, type StreamState } from '../src/migrations/state.js';
import { apply, type Catalog as BqCatalog } from './helpers/bigquery-model.js';
import { upFiles, zeroRows } from './helpers/engine-check.js';
import { catalogAfter, migrate, read, rowCounts, sortedCatalog, storeSchema } from './helpers/migrate-harness.js';
import { useRuntimeEngines } from './helpers/runtime-engines.js';
import { splitStatements } from './helpers/split-sql.js';
import { tempDir } from './helpers/temp.js';

// test/fixtures/old-history/migrations/<store>/ was written by metaxy-compile at commit f7a5a9c,
// before issue 10 (PostgreSQL TEXT, MAP/JSON by-field columns, the old system tables). The next
// `migrate` of today's compiler must bring a database built from that history, with a row in
// every table, to exactly what a fresh compile creates (columns compared by name: ALTER appends),
// keep the rows, and then have nothing left to write.
const FIXTURE = new URL('fixtures/old-history/', import.meta.url).pathname;

const engines = useRuntimeEngines();

/** upgrade copies the fixture and runs today's `migrate` on its history of one store; returns the folder, the old files and the new ones. */
async function upgrade(store: string, args: readonly string[] = []): Promise<{ dir: string; old: string[]; rows: string; added: string[]; fresh: StoreSchema }> {
  const dir = tempDir(`old-${store}`);
  cpSync(FIXTURE, dir, { recursive: true });
  const history = path.join(dir, 'migrations', store);
  const states = ['system', 'features'].map((s) => [s, parseStateFile(history, s)] as const);
  const old = upFiles(states.flatMap(([s, state]) => state.files.map((f) => `${s}/${f}`)));
  const added = await migrate(dir, 'features', store, history, args);
  assert.ok(added.length > 0, 'the old history gets a migration');
  assert.deepEqual(await migrate(dir, 'features', store, history), [], 'then nothing is left to migrate');
  const fresh = await storeSchema(dir, 'features', store);
  // A row in every table of the old history, as its state records the tables.
  const rows = zeroRows(fresh, 'old', { kind: 'Schema', tables: states.flatMap(([, state]) => state.schema.tables) });
  return { dir: history, old, rows, added: upFiles(added), fresh };
}

function parseStateFile(history: string, stream: string): StreamState {
  const s = parseState(readFileSync(path.join(history, stream, 'metaxy.state.json'), 'utf8'));
  assert.ok(typeof s !== 'string', s as string);
  return s;
}

for (const store of ['postgres', 'duckdb'] as const) {
  test(`${store}: the next migrate of a history written before issue 10 reaches a fresh compile, rows kept`, async () => {
    const engine = store === 'postgres' ? engines.pg : engines.duck;
    // DuckDB: MAP -> STRUCT by-field columns need no flag (Metaxy writes exactly the fields' keys).
    const { dir, old, rows, added, fresh } = await upgrade(store);
    const want = await catalogAfter(engine, [createScript(fresh)]);
    await engine.reset();
    for (const f of old) await engine.exec(read(dir, f));
    await engine.exec(rows);
    for (const f of added) await engine.exec(read(dir, f));
    assert.deepEqual(sortedCatalog(await engine.catalog()), want);
    const names = fresh.schema.tables.map((t) => t.name);
    assert.deepEqual(await rowCounts(engine, fresh, names), Object.fromEntries(names.map((n) => [n, 1])), 'rows survive');
  });
}

test('duckdb: the MAP by-field values Metaxy wrote become the struct members of their fields', async () => {
  const { dir, old, added } = await upgrade('duckdb');
  const engine = engines.duck;
  await engine.reset();
  for (const f of old) await engine.exec(read(dir, f));
  const cols = "video_id, path, size, metaxy_provenance, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at";
  const map = "MAP {'frames': 'f1', 'audio_left': 'l1', 'audio_right': 'r1'}";
  await engine.exec(`INSERT INTO media__video (${cols}, metaxy_provenance_by_field, metaxy_data_version_by_field) VALUES ('v', 'p', 1, 'x', 'x', 'x', 'x', now(), now(), ${map}, ${map})`);
  for (const f of added) await engine.exec(read(dir, f));
  const rows = await engine.query('SELECT metaxy_provenance_by_field.frames AS a, metaxy_provenance_by_field.audio_left AS b, metaxy_data_version_by_field.audio_right AS c FROM media__video');
  assert.deepEqual(rows, [{ a: 'f1', b: 'l1', c: 'r1' }]);
});

test('clickhouse (chDB): the next migrate of a history written before issue 10 reaches a fresh compile, rows kept', async () => {
  const { dir, old, rows, added, fresh } = await upgrade('clickhouse');
  const run = (sql: string) => splitStatements(sql).forEach((st) => engines.ch.exec(st));
  const catalog = () => engines.ch.catalog().map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) }));
  engines.ch.reset();
  run(createScript(fresh));
  const want = catalog();
  engines.ch.reset();
  for (const f of old) run(read(dir, f));
  run(rows);
  for (const f of added) run(read(dir, f));
  assert.deepEqual(catalog(), want);
  for (const t of fresh.schema.tables) assert.equal(Number(engines.ch.rows(`SELECT count() AS n FROM ${t.name}`)[0]!.n), 1, `rows of ${t.name} survive`);
});

test('bigquery (ZetaSQL): the next migrate of a history written before issue 10 reaches a fresh compile (JSON by-field rebuilt as STRUCT)', async () => {
  const { dir, old, added, fresh } = await upgrade('bigquery');
  const after = async (scripts: readonly string[]) => {
    const catalog: BqCatalog = new Map();
    for (const st of scripts.flatMap(splitStatements)) apply(catalog, await engines.zeta.analyze(st, [...catalog.values()]));
    return [...catalog.values()]
      .map((t) => ({ ...t, columns: t.columns.map(({ proto: _, ...c }) => c).sort((a, b) => (a.name < b.name ? -1 : 1)) }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
  };
  assert.deepEqual(await after([...old, ...added].map((f) => read(dir, f))), await after([createScript(fresh)]));
});
