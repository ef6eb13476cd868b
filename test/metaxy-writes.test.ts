import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createScript } from '../src/compile.js';
import { FEATURE_VERSIONS_WRITE, pushRow } from './helpers/metaxy-facts.js';
import { storeSchema } from './helpers/migrate-harness.js';
import { useRuntimeEngines } from './helpers/runtime-engines.js';
import { splitStatements } from './helpers/split-sql.js';

// What Metaxy's runtime writes, on the real engines, into tables built from our DDL: `metaxy push`
// twice (every feature_versions column, in Metaxy's own column order, the same key and a new
// project version the second time), an event, and a feature row whose `*_by_field` values are the
// struct of its fields, read back member by member. Metaxy's Ibis inserts name their columns.
const FIXTURE = new URL('fixtures/old-history/', import.meta.url).pathname;
const BY_FIELD = { frames: 'f1', audio_left: 'l1', audio_right: 'r1' };

/** Target is one engine and how it spells what Metaxy writes there. */
interface Target {
  readonly store: string;
  exec(sql: string): Promise<void>;
  rows(sql: string): Promise<Record<string, unknown>[]>;
  /** str quotes a string literal. */
  str(s: string): string;
  /** byField is the literal of the `*_by_field` value the store holds (JSONB, STRUCT or Map). */
  byField(v: Record<string, string>): string;
  /** member reads one member of a `*_by_field` column. */
  member(column: string, name: string): string;
}

const engines = useRuntimeEngines();

const standard = (s: string) => `'${s.replaceAll("'", "''")}'`;
const targets = (): Record<string, Target> => ({
  postgres: {
    store: 'postgres',
    exec: (sql) => engines.pg.exec(sql),
    rows: (sql) => engines.pg.query(sql),
    str: standard,
    byField: (v) => `${standard(JSON.stringify(v))}::JSONB`, // Metaxy's PostgreSQL store JSON-encodes the struct
    member: (c, m) => `${c} ->> ${standard(m)}`,
  },
  duckdb: {
    store: 'duckdb',
    exec: (sql) => engines.duck.exec(sql),
    rows: (sql) => engines.duck.query(sql),
    str: standard,
    byField: (v) => `{${Object.entries(v).map(([k, x]) => `${standard(k)}: ${standard(x)}`).join(', ')}}`,
    member: (c, m) => `struct_extract(${c}, ${standard(m)})`,
  },
  clickhouse: {
    store: 'clickhouse',
    exec: async (sql) => splitStatements(sql).forEach((st) => engines.ch.exec(st)),
    rows: async (sql) => engines.ch.rows(sql),
    str: (s) => `'${s.replace(/[\\']/g, (m) => `\\${m}`)}'`,
    byField: (v) => `map(${Object.entries(v).map(([k, x]) => `'${k}', '${x}'`).join(', ')})`, // Metaxy casts its structs to Map here
    member: (c, m) => `${c}['${m}']`,
  },
});

async function reset(store: string): Promise<void> {
  if (store === 'postgres') await engines.pg.reset();
  else if (store === 'duckdb') await engines.duck.reset();
  else engines.ch.reset();
}

/** push writes one `metaxy push` row into feature_versions, naming its columns as Metaxy does. */
function push(t: Target, n: number): string {
  const row = pushRow(n);
  const values = FEATURE_VERSIONS_WRITE.map((c) => (row[c] === null ? 'NULL' : t.str(row[c]!)));
  return `INSERT INTO metaxy_system__feature_versions (${FEATURE_VERSIONS_WRITE.join(', ')}) VALUES (${values.join(', ')})`;
}

function event(t: Target): string {
  return `INSERT INTO metaxy_system__events (project, execution_id, event_type, "timestamp", feature_key, payload) VALUES ('demo', 'run-1', 'migration_started', '2026-01-01 10:00:00', NULL, ${t.str('{"type": "empty"}')})`;
}

function featureRow(t: Target): string {
  const by = t.byField(BY_FIELD);
  const cols = ['video_id', 'path', 'size', 'metaxy_provenance_by_field', 'metaxy_provenance', 'metaxy_data_version_by_field', 'metaxy_data_version', 'metaxy_feature_version', 'metaxy_project_version', 'metaxy_created_at', 'metaxy_updated_at'];
  const vals = ["'v1'", "'s3://v1'", '7', by, "'p'", by, "'d'", "'f00dcafe'", "'project1'", "'2026-01-01 10:00:00'", "'2026-01-01 10:00:00'"];
  return `INSERT INTO media__video (${cols.join(', ')}) VALUES (${vals.join(', ')})`;
}

for (const store of ['postgres', 'duckdb', 'clickhouse']) {
  test(`${store}: two pushes with the same key, an event and a feature row with by-field structs are accepted and read back`, async () => {
    const t = targets()[store]!;
    await reset(store);
    await t.exec(createScript(await storeSchema(FIXTURE, 'features', store)));
    await t.exec(push(t, 1));
    await t.exec(push(t, 2));
    await t.exec(event(t));
    const pushes = await t.rows('SELECT metaxy_project_version AS v, feature_class_path AS c FROM metaxy_system__feature_versions ORDER BY metaxy_project_version');
    assert.deepEqual(pushes.map((r) => [r.v, r.c]), [['project1', 'demo.features.Video'], ['project2', 'demo.features.Video']]);
    await t.exec(featureRow(t));
    const members = Object.keys(BY_FIELD).flatMap((m) => ['metaxy_provenance_by_field', 'metaxy_data_version_by_field'].map((c) => `${t.member(c, m)} AS ${c.split('_')[1]}_${m}`));
    const [row] = await t.rows(`SELECT ${members.join(', ')} FROM media__video`);
    const want = Object.fromEntries(Object.entries(BY_FIELD).flatMap(([m, v]) => [[`provenance_${m}`, v], [`data_${m}`, v]]));
    assert.deepEqual({ ...row }, want);
  });
}

test('control: the system tables written before issue 10 reject what metaxy push writes, and their key a second push', async () => {
  for (const store of ['postgres', 'duckdb']) {
    const t = targets()[store]!;
    await reset(store);
    await t.exec(readFileSync(`${FIXTURE}/migrations/${store}/system/0001_initial.sql`, 'utf8'));
    await assert.rejects(t.exec(push(t, 1)), /feature_class_path/, store);
    // With the column added, Metaxy's enforced key still refuses the second push (metaxy.md's one deliberate difference).
    await t.exec('ALTER TABLE metaxy_system__feature_versions ADD COLUMN feature_class_path VARCHAR');
    await t.exec(push(t, 1));
    await assert.rejects(t.exec(push(t, 2)), /duplicate key|Duplicate key/, store);
  }
});
