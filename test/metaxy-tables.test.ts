import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createScript } from '../src/compile.js';
import type { Catalog as EngineCatalog } from './engines/catalog.js';
import { apply, type Catalog as BqCatalog } from './helpers/bigquery-model.js';
import { EVENTS, FEATURE_VERSIONS, FEATURE_VERSIONS_WRITE, pushRow, spell, SYSTEM_COLUMNS, systemIndexes, type FactColumn, type Spelling } from './helpers/metaxy-facts.js';
import { storeSchema } from './helpers/migrate-harness.js';
import { useRuntimeEngines } from './helpers/runtime-engines.js';
import { splitStatements } from './helpers/split-sql.js';

// Per dialect, the DDL of a store is run on the engine (ZetaSQL for BigQuery) and its catalog is
// compared with metaxy.md's facts (helpers/metaxy-facts.ts, written apart from src/): the two
// system tables column for column (types, nullability, indexes, keys) and the ten system columns
// of a feature table, whose `*_by_field` type follows the store and `enable_map_datatype`.
const FIXTURE = new URL('fixtures/old-history/', import.meta.url).pathname;
const VIDEO = 'media__video'; // fields frames, audio/left, audio/right: spec order is not sorted order
const MEMBERS = ['frames', 'audio_left', 'audio_right'];
const KEY = ['metaxy_feature_version', 'video_id', 'metaxy_updated_at'];

const engines = useRuntimeEngines();

type Shape = Record<string, { columns: string[][]; primaryKey?: readonly string[] | null; indexes?: Record<string, readonly string[]> }>;

/** expected builds the facts' shape of the three tables checked, for one engine's spelling. */
function expected(s: Spelling, opts: { wrapNullable?: boolean; notNull?: boolean; keys: boolean; prefix?: string }): Shape {
  const cols = (facts: readonly FactColumn[]) => facts.map(([n, k, nullable]) => [n, spell(s, k, nullable, opts.wrapNullable), opts.notNull ? String(!nullable) : String(nullable)]);
  const p = opts.prefix ?? '';
  const indexes = systemIndexes(p);
  const out: Shape = {
    [`${p}metaxy_system__feature_versions`]: { columns: cols(FEATURE_VERSIONS) },
    [`${p}metaxy_system__events`]: { columns: cols(EVENTS) },
    [`${p}${VIDEO}`]: { columns: cols(SYSTEM_COLUMNS) },
  };
  if (!opts.keys) return out;
  out[`${p}metaxy_system__feature_versions`] = { ...out[`${p}metaxy_system__feature_versions`]!, primaryKey: null, indexes: indexes[`${p}metaxy_system__feature_versions`]! };
  out[`${p}metaxy_system__events`] = { ...out[`${p}metaxy_system__events`]!, primaryKey: ['project', 'execution_id', 'timestamp'], indexes: indexes[`${p}metaxy_system__events`]! };
  out[`${p}${VIDEO}`] = { ...out[`${p}${VIDEO}`]!, primaryKey: KEY };
  return out;
}

/** fromEngine reads the same shape from a PostgreSQL or DuckDB catalog (the feature table: its system columns only). */
function fromEngine(c: EngineCatalog, want: Shape): Shape {
  const out: Shape = {};
  for (const [name, w] of Object.entries(want)) {
    const t = c.tables.find((x) => x.name === name);
    assert.ok(t, `table ${name} exists`);
    const names = w.columns.map(([n]) => n);
    const columns = t.columns.filter((col) => names.includes(col.name)).map((col) => [col.name, col.type.replaceAll('"', ''), String(col.nullable)]);
    assert.deepEqual(t.columns.filter((col) => col.default !== null && names.includes(col.name)), [], `no server defaults in ${name}`);
    out[name] = { columns, primaryKey: t.primaryKey };
    if (w.indexes) out[name]!.indexes = Object.fromEntries(t.indexes.map((i) => [i.name, i.columns]));
  }
  return out;
}

const PG: Spelling = { string: 'character varying', datetime: 'timestamp without time zone', datetimetz: 'timestamp with time zone', byfield: 'jsonb' };
const DUCK: Spelling = { string: 'VARCHAR', datetime: 'TIMESTAMP', datetimetz: 'TIMESTAMP WITH TIME ZONE', byfield: `STRUCT(${MEMBERS.map((m) => `${m} VARCHAR`).join(', ')})` };

test('PostgreSQL: system tables and a feature table as metaxy.md says (VARCHAR, naive timestamps, JSONB by-field)', async () => {
  await engines.pg.reset();
  await engines.pg.exec(createScript(await storeSchema(FIXTURE, 'features', 'postgres')));
  const want = expected(PG, { keys: true });
  assert.deepEqual(fromEngine(await engines.pg.catalog(), want), want);
});

test('DuckDB: by-field STRUCT members in spec order by default; MAP with enable_map_datatype (env or file); by_field overrides', async () => {
  const cases: [Record<string, string>, string][] = [
    [{}, DUCK.byfield],
    [{ METAXY_ENABLE_MAP_DATATYPE: 'true' }, 'MAP(VARCHAR, VARCHAR)'],
    [{ METAXY_ENABLE_MAP_DATATYPE: '1', METAXY_EXT__COMPILE__BY_FIELD: 'json' }, 'JSON'],
  ];
  for (const [env, byfield] of cases) {
    await engines.duck.reset();
    await engines.duck.exec(createScript(await storeSchema(FIXTURE, 'features', 'duckdb', env)));
    const want = expected({ ...DUCK, byfield }, { keys: true });
    assert.deepEqual(fromEngine(await engines.duck.catalog(), want), want, JSON.stringify(env));
  }
});

test('DuckLake store: NOT NULL kept, no primary keys and no indexes (DDL run on DuckDB: DuckLake itself is not installable offline)', async () => {
  const env = { METAXY_STORES__DUCKDB__CONFIG__DUCKLAKE: '{"alias": "lake"}', METAXY_EXT__COMPILE__INJECT_PRIMARY_KEY: 'false', METAXY_EXT__COMPILE__INJECT_INDEX: 'false' };
  const s = await storeSchema(FIXTURE, 'features', 'duckdb', env);
  await engines.duck.reset();
  await engines.duck.exec(createScript(s));
  const catalog = await engines.duck.catalog();
  const want = expected(DUCK, { keys: false });
  assert.deepEqual(fromEngine(catalog, want), Object.fromEntries(Object.entries(want).map(([n, w]) => [n, { ...w, primaryKey: null }])));
  assert.deepEqual(catalog.tables.flatMap((t) => t.indexes), []);
  assert.ok(catalog.tables.every((t) => t.primaryKey === null));
});

test('ClickHouse (chDB): String / Nullable(String), DateTime64(6), Map(String, String) by-field, ordered by the keys', async () => {
  engines.ch.reset();
  for (const st of splitStatements(createScript(await storeSchema(FIXTURE, 'features', 'clickhouse')))) engines.ch.exec(st);
  const CH: Spelling = { string: 'String', datetime: 'DateTime64(6)', datetimetz: "DateTime64(6, 'UTC')", byfield: 'Map(String, String)' };
  const want = expected(CH, { wrapNullable: true, keys: false });
  const tables = engines.ch.catalog();
  const got: Shape = {};
  for (const [name, w] of Object.entries(want)) {
    const t = tables.find((x) => x.name === name)!;
    const names = w.columns.map(([n]) => n);
    // ClickHouse spells nullability in the type (these columns hold no composite but the by-field maps).
    got[name] = { columns: t.columns.filter((c) => names.includes(c.name)).map((c) => [c.name, c.type, String(c.type.startsWith('Nullable('))]) };
    assert.ok(t.columns.every((c) => !names.includes(c.name) || c.default === null), `no defaults in ${name}`);
  }
  assert.deepEqual(got, want);
  const sorting = Object.fromEntries(tables.map((t) => [t.name, t.sortingKey]));
  assert.equal(sorting.metaxy_system__feature_versions, 'project, feature_key, metaxy_definition_version');
  assert.equal(sorting.metaxy_system__events, 'project, execution_id, timestamp');
});

test("BigQuery (ZetaSQL): STRUCT by-field in spec order, NOT NULL as metaxy.md says; tables in connection_params.dataset_id; Metaxy's rows type-check", async () => {
  const env = { METAXY_STORES__BIGQUERY__CONFIG__CONNECTION_PARAMS: '{"project_id": "p", "dataset_id": "lake"}' };
  const catalog: BqCatalog = new Map();
  for (const st of splitStatements(createScript(await storeSchema(FIXTURE, 'features', 'bigquery', env)))) apply(catalog, await engines.zeta.analyze(st, [...catalog.values()]));
  const BQ: Spelling = { string: 'STRING', datetime: 'DATETIME', datetimetz: 'TIMESTAMP', byfield: `STRUCT<${MEMBERS.map((m) => `${m} STRING`).join(', ')}>` };
  const want = expected(BQ, { notNull: true, keys: false, prefix: 'lake.' });
  const got: Shape = {};
  for (const [name, w] of Object.entries(want)) {
    const t = catalog.get(name);
    assert.ok(t, `table ${name} in ${[...catalog.keys()].join(', ')}`);
    const names = w.columns.map(([n]) => n);
    got[name] = { columns: t.columns.filter((c) => names.includes(c.name)).map((c) => [c.name, c.type, String(c.notNull)]) };
    assert.ok(t.columns.every((c) => !names.includes(c.name) || c.default === null), `no defaults in ${name}`);
  }
  assert.deepEqual(got, want);
  assert.equal(catalog.get('lake.metaxy_system__feature_versions')!.primaryKey, null, 'no key that Metaxy would violate');
  // What Metaxy writes, as ZetaSQL types it: a push naming its columns, and a struct by-field row.
  const row = pushRow(1);
  const values = FEATURE_VERSIONS_WRITE.map((c) => (row[c] === null ? 'NULL' : c === 'recorded_at' ? `DATETIME '${row[c]}'` : `'''${row[c]}'''`));
  await engines.zeta.analyze(`INSERT INTO \`lake.metaxy_system__feature_versions\` (${FEATURE_VERSIONS_WRITE.join(', ')}) VALUES (${values.join(', ')})`, [...catalog.values()]);
  const by = `STRUCT(${MEMBERS.map((m) => `'${m}-hash' AS ${m}`).join(', ')})`;
  const cols = 'video_id, path, size, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at';
  await engines.zeta.analyze(`INSERT INTO \`lake.${VIDEO}\` (${cols}) VALUES ('v1', 'p', 7, ${by}, 'p', ${by}, 'd', 'f', 'p1', CURRENT_TIMESTAMP(), CURRENT_TIMESTAMP())`, [...catalog.values()]);
});
