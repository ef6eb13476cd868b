import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres } from './engines/postgres.js';
import { openClickHouse } from './helpers/chdb.js';
import { runCli } from './helpers/cli.js';
import { splitStatements } from './helpers/split-sql.js';
import { tempDir } from './helpers/temp.js';

// The engine limits the compiler checks are the engines' own: a spec at the limit compiles and
// runs on the real engine, and the engine itself refuses one step beyond (golden/errors/*-limits
// and *-names pin the compiler's refusal of that step).

const STORES = `project = "p"
[stores.pg]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
[stores.ch]
type = "metaxy.ext.clickhouse.ClickHouseMetadataStore"
`;

async function compile(store: string, spec: string): Promise<string> {
  const dir = tempDir('limits');
  writeFileSync(path.join(dir, 'metaxy.toml'), STORES);
  mkdirSync(path.join(dir, 'features'));
  writeFileSync(path.join(dir, 'features/f.yaml'), spec);
  const r = await runCli(['features', '--store', store], dir);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

const nested = (open: string, close: string, n: number) => `${open.repeat(n)}int32${close.repeat(n)}`;
const columns = (n: number) => Array.from({ length: n }, (_, i) => `c${i}: int32`).join(', ');

const pg = await openPostgres();
const duck = await openDuckDB();
after(async () => {
  await pg.close();
  await duck.close();
});

test('PostgreSQL: 1,600 columns and a 32-column index run; 1,601 columns and 33 index columns are refused by the server', async () => {
  const sql = await compile('pg', `key: p/wide\nid_columns: [c0]\ncolumns: {${columns(1590)}}\nindexes: [{columns: [${Array.from({ length: 32 }, (_, i) => `c${i}`).join(', ')}]}]\n`);
  await pg.reset();
  await pg.exec(sql);
  const [row] = await pg.query(`SELECT count(*)::int AS n FROM pg_attribute WHERE attrelid = 'p__wide'::regclass AND attnum > 0`);
  assert.equal(row!.n, 1600);
  await assert.rejects(pg.exec(`CREATE TABLE too_wide (${Array.from({ length: 1601 }, (_, i) => `c${i} INT`).join(', ')})`), /at most 1600 columns/);
  await assert.rejects(pg.exec(`CREATE INDEX too_many ON p__wide (${Array.from({ length: 33 }, (_, i) => `c${i}`).join(', ')})`), /more than 32 columns/);
});

test('DuckDB: 165 levels of nested lists run; 166 are refused by the engine', async () => {
  const sql = await compile('duck', `key: d/deep\nid_columns: [id]\ncolumns: {id: string, deep: "${nested('list<', '>', 165)}"}\n`);
  await duck.reset();
  await duck.exec(sql);
  await assert.rejects(duck.exec(`CREATE TABLE deeper (x INTEGER${'[]'.repeat(166)})`), /max_expression_depth|depth/);
  await assert.rejects(duck.exec(`CREATE TABLE deeper_struct (x ${'STRUCT(a '.repeat(166)}INTEGER${')'.repeat(166)})`), /depth/);
});

test('ClickHouse: 497 levels of nested maps run on chDB; 498 are refused; a table name over 206 escaped bytes is refused', async () => {
  const ch = openClickHouse();
  try {
    const sql = await compile('ch', `key: ${'t'.repeat(206)}\nid_columns: [id]\ncolumns: {id: string, deep: "${nested('map<string, ', '>', 497)}"}\n`);
    for (const statement of splitStatements(sql)) ch.exec(statement);
    assert.throws(() => ch.exec(`CREATE TABLE deeper (x ${'Array('.repeat(498)}Int32${')'.repeat(498)}) ENGINE = MergeTree ORDER BY tuple()`), /TOO_DEEP_AST/);
    // chDB's database here is `mxc_<n>`, shorter than `default`: its own limit is 208 plus the difference.
    assert.throws(() => ch.exec(`CREATE TABLE ${'t'.repeat(220)} (x Int32) ENGINE = MergeTree ORDER BY tuple()`), /max length of table name/);
  } finally {
    ch.close();
  }
});
