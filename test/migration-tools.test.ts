import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Catalog } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres, psqlBin, type PostgresEngine } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { listFiles, zeroRows } from './helpers/engine-check.js';
import { createSql, rowCounts, sortedCatalog, storeSchema } from './helpers/migrate-harness.js';
import { pythonTool } from './helpers/python.js';
import { tempDir } from './helpers/temp.js';

// A migrations folder as its tool runs it, written by `migrate` and nothing else, on the real
// PostgreSQL server the tests start: Alembic (the tests' Python) and dbmate (npm: the binary
// ships in its platform package, @dbmate/linux-x64 here; no install script runs). A project
// evolves in eight steps, each written with `migrate` and applied with the tool as a user does;
// after each step the live catalog, the tool's history tables aside, equals a fresh compile, and
// the rows inserted so far are still there. Then all the way down (only the history tables
// remain), and up again.

const DBMATE = new URL('../node_modules/.bin/dbmate', import.meta.url).pathname;

// The store lives in a file metaxy.toml extends: env.py follows `extend` as Metaxy does.
const TOML = 'project = "demo"\nextend = "base.toml"\n';
const BASE = (url: string) => `[stores.pg]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
config = { connection_string = "${url}" }

[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
config = { database = "media.duckdb" }
`;

const RAW = (extra: string) => `key: video/raw
description: "Raw videos; prices in \${currency}, 100% sure, ratio w :h"
id_columns: [video_id]
columns:
  video_id: string
  path: string
${extra}`;

const SEGMENT = (key: string, start: string, quality: string, extra: string) => `key: ${key}
id_columns: [video_id, segment_id]
deps: [video/raw]
columns:
  video_id: string
  segment_id: int32
  start_s: ${start}
${quality}${extra}`;

const SCORE = '  score: float64?\n  legacy_label: string?\n';
const QUALITY = '  quality: {type: float64, nullable: true, renamed_from: score}\n';
const CHUNK = (start: string, index: string, label = '  legacy_label: string?\n') => SEGMENT('video/chunk\nrenamed_from: video/segment', start, QUALITY + label, index);
const INDEX = 'indexes:\n  - {columns: [quality]}\n';

/** STEPS are the features folder at each step (file -> YAML, null removes it), cumulative; the last drops a column. */
const STEPS: readonly { readonly files: Readonly<Record<string, string | null>>; readonly destructive?: boolean }[] = [
  { files: { 'raw.yaml': RAW('  fps: float32?\n'), 'segment.yaml': SEGMENT('video/segment', 'decimal(10, 2)', SCORE, '') } },
  { files: { 'raw.yaml': RAW('  fps: float32?\n  size_bytes: int64?\n') } },
  { files: { 'raw.yaml': RAW('  fps: float32?\n  size_bytes: int64?\n  codec: {type: string, default: h264}\n') } },
  { files: { 'segment.yaml': null, 'chunk.yaml': CHUNK('decimal(10, 2)', '') } },
  { files: { 'chunk.yaml': CHUNK('decimal(10, 2)', INDEX) } },
  { files: { 'chunk.yaml': CHUNK('decimal(12, 3)', INDEX) } },
  { files: { 'track.yaml': 'key: audio/track\nid_columns: [video_id]\ndeps: [video/raw]\ncolumns:\n  video_id: string\n  language: string?\n' } },
  { files: { 'chunk.yaml': CHUNK('decimal(12, 3)', INDEX, '') }, destructive: true },
];

let live: PostgresEngine;
let fresh: PostgresEngine;
before(async () => {
  live = await openPostgres();
  fresh = await openPostgres();
});
after(async () => {
  await live.close();
  await fresh.close();
});

/** Run is one scenario's project and the catalog a fresh compile gives at each step. */
interface Run {
  readonly root: string;
  readonly dir: string;
  readonly url: string;
  readonly catalogs: Catalog[];
}

/** toolEnv is the environment a tool runs in: the host's, without any database URL or Metaxy setting of its own. */
function toolEnv(extra: Record<string, string>): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.toUpperCase().startsWith('METAXY_'))) as Record<string, string>;
  return { ...env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

function tool(what: string, bin: string, args: readonly string[], cwd: string, env: Record<string, string>): string {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: toolEnv(env) });
  assert.equal(r.status, 0, `${what}: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** startRun makes a project with its migrations folder (beside metaxy.toml, as users keep them). */
function startRun(t: TestContext): Run | null {
  if (live.url === null) {
    t.skip('PGlite has no server for the tools to connect to');
    return null;
  }
  const root = tempDir('tools');
  writeFileSync(path.join(root, 'metaxy.toml'), TOML);
  writeFileSync(path.join(root, 'base.toml'), BASE('${MXC_TOOLS_URL}'));
  return { root, dir: path.join(root, 'migrations'), url: live.url, catalogs: [] };
}

/** writeFeatures writes step k's features. */
function writeFeatures(run: Run, k: number): void {
  for (const [file, text] of Object.entries(STEPS[k]!.files)) {
    const p = path.join(run.root, 'features', file);
    mkdirSync(path.dirname(p), { recursive: true });
    if (text === null) rmSync(p);
    else writeFileSync(p, text);
  }
}

/** writeStep writes step k's features and the migration of it, then reads the catalog a fresh compile gives (cached by step). */
async function writeStep(run: Run, k: number, format: string): Promise<string[]> {
  writeFeatures(run, k);
  const r = await runCli(['migrate', 'features', '--store', 'pg', '--dir', 'migrations', '--format', format, ...(STEPS[k]!.destructive ? ['--allow-destructive'] : [])], run.root);
  assert.equal(r.code, 0, `step ${k}: ${r.stderr}`);
  const s = await storeSchema(run.root, 'features', 'pg');
  await fresh.reset();
  await fresh.exec(createSql(s));
  run.catalogs[k] = sortedCatalog(await fresh.catalog());
  return r.stdout.split('\n').filter((l) => l.startsWith('wrote '));
}

/** userCatalog is the live catalog without the tool's history tables (and their names). */
async function userCatalog(history: readonly string[]): Promise<{ catalog: Catalog; history: string[] }> {
  const all = sortedCatalog(await live.catalog());
  return { catalog: { tables: all.tables.filter((t) => !history.includes(t.name)) }, history: all.tables.filter((t) => history.includes(t.name)).map((t) => t.name) };
}

/** applied checks that the live database is step k exactly, holding every row inserted before (each table one per step it lived), then inserts one more. */
async function applied(run: Run, k: number, history: readonly string[], counts: Map<string, number>): Promise<void> {
  assert.deepEqual((await userCatalog(history)).catalog, run.catalogs[k], `step ${k}: the live catalog is a fresh compile's`);
  const s = await storeSchema(run.root, 'features', 'pg');
  const renamed = (t: string) => (t === 'video__chunk' && !counts.has(t) ? 'video__segment' : t);
  const tables = s.schema.tables.map((t) => t.name);
  assert.deepEqual(await rowCounts(live, s, tables), Object.fromEntries(tables.map((t) => [t, counts.get(renamed(t)) ?? 0])), `step ${k}: rows kept`);
  for (const t of tables) counts.set(t, (counts.get(renamed(t)) ?? 0) + 1);
  await live.exec(zeroRows(s, `r${k}`));
}

/** noUrlWritten: no file of the folder holds the database's address (env.py reads it when Alembic runs). */
function noUrlWritten(run: Run): void {
  const socket = decodeURIComponent(/host=([^&]+)/.exec(run.url)![1]!);
  for (const f of listFiles(run.dir)) assert.ok(!readFileSync(path.join(run.dir, f), 'utf8').includes(socket), `${f} holds the database address`);
}

const ALEMBIC_HISTORY = ['alembic_version_metaxy_features', 'alembic_version_metaxy_system'];

test('alembic: each step written by migrate and applied by `alembic upgrade head`, down to base, up again; offline --sql builds the same database', async (t) => {
  const run = startRun(t);
  if (!run) return;
  await live.reset();
  const bogus = 'postgresql://nobody@/nowhere?host=/nonexistent';
  const alembic = (stream: string, args: string[], env: Record<string, string>) =>
    tool(`alembic ${stream} ${args.join(' ')}`, pythonTool('alembic'), ['-c', path.join(run.dir, 'alembic.ini'), '-n', `metaxy_${stream}`, ...args], run.root, env);
  // Where the URL comes from, step by step: the configuration's ${VAR}, -x url (over a wrong
  // DATABASE_URL), DATABASE_URL over a wrong store, Metaxy's METAXY_ override of the store, and
  // $METAXY_CONFIG naming another configuration.
  const other = path.join(run.root, 'other.toml');
  writeFileSync(other, BASE(run.url));
  const sources: Record<number, { args: string[]; env: Record<string, string> }> = {
    0: { args: [], env: { MXC_TOOLS_URL: run.url } },
    1: { args: ['-x', `url=${run.url}`], env: { DATABASE_URL: bogus, MXC_TOOLS_URL: bogus } },
    2: { args: [], env: { DATABASE_URL: run.url, MXC_TOOLS_URL: bogus } },
    3: { args: [], env: { METAXY_STORES__PG__CONFIG__CONNECTION_STRING: run.url, MXC_TOOLS_URL: bogus } },
    4: { args: [], env: { METAXY_CONFIG: other, MXC_TOOLS_URL: bogus } },
  };
  const counts = new Map<string, number>();
  for (let k = 0; k < STEPS.length; k++) {
    const written = await writeStep(run, k, 'alembic');
    const { args, env } = sources[k] ?? sources[0]!;
    for (const stream of ['system', 'features']) if (written.some((w) => w.includes(`/${stream}/versions/`))) alembic(stream, [...args, 'upgrade', 'head'], env);
    await applied(run, k, ALEMBIC_HISTORY, counts);
  }
  assert.deepEqual((await userCatalog(ALEMBIC_HISTORY)).history, ALEMBIC_HISTORY, 'each stream has its own version table');
  const last = STEPS.length - 1;
  const online = { MXC_TOOLS_URL: run.url };
  for (const stream of ['features', 'system']) alembic(stream, ['downgrade', 'base'], online);
  assert.deepEqual(sortedCatalog(await live.catalog()).tables.map((x) => [x.name, x.columns.map((c) => c.name)]), ALEMBIC_HISTORY.map((h) => [h, ['version_num']]), 'down to base: only the version tables remain');
  assert.deepEqual(await live.query(`SELECT (SELECT count(*) FROM ${ALEMBIC_HISTORY[0]})::int + (SELECT count(*) FROM ${ALEMBIC_HISTORY[1]})::int AS n`), [{ n: 0 }]);
  for (const stream of ['system', 'features']) alembic(stream, ['upgrade', 'head'], online);
  assert.deepEqual((await userCatalog(ALEMBIC_HISTORY)).catalog, run.catalogs[last], 'up again: the last step');
  noUrlWritten(run);

  // Offline: the SQL Alembic prints with no database at all, run by psql on an empty one.
  const sql = ['system', 'features'].map((s) => alembic(s, ['upgrade', 'head', '--sql'], {})).join('\n');
  assert.match(sql, /^COMMENT ON TABLE video__raw IS 'Raw videos; prices in \$\{currency\}, 100% sure, ratio w :h';$/m, 'comments and strings exact: no doubled %, no bind parameter');
  assert.doesNotMatch(sql, /;;$/m);
  await fresh.reset();
  const file = path.join(tempDir('tools-offline'), 'upgrade.sql');
  writeFileSync(file, sql);
  if (fresh.psqlArgs !== null && psqlBin() !== null) tool('psql', psqlBin()!, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...fresh.psqlArgs, '-f', file], run.root, {});
  else await fresh.exec(sql);
  assert.deepEqual(sortedCatalog(await fresh.catalog()), sortedCatalog(await live.catalog()), 'offline SQL builds the database the online run did, version tables included');
});

const DBMATE_HISTORY = ['schema_migrations_metaxy_features', 'schema_migrations_metaxy_system'];

test('dbmate: each step written by migrate and applied by `dbmate up` in its stream folder, rolled back file by file to nothing, up again', async (t) => {
  const run = startRun(t);
  if (!run) return;
  await live.reset();
  const dbmate = (stream: string, ...args: string[]) => tool(`dbmate ${stream} ${args.join(' ')}`, DBMATE, args, path.join(run.dir, stream), { DATABASE_URL: run.url });
  const counts = new Map<string, number>();
  for (let k = 0; k < STEPS.length; k++) {
    const written = await writeStep(run, k, 'dbmate');
    for (const stream of ['system', 'features']) if (written.some((w) => new RegExp(`/${stream}/\\d{4}_`).test(w))) assert.match(dbmate(stream, 'up'), /^Applied: \d{4}_/m);
    await applied(run, k, DBMATE_HISTORY, counts);
  }
  assert.deepEqual((await userCatalog(DBMATE_HISTORY)).history, DBMATE_HISTORY, 'each stream has its own migrations table');
  for (let k = STEPS.length - 1; k > 0; k--) {
    assert.match(dbmate('features', 'rollback'), new RegExp(`^Rolled back: ${String(k + 1).padStart(4, '0')}_`, 'm'));
    assert.deepEqual((await userCatalog(DBMATE_HISTORY)).catalog, run.catalogs[k - 1], `rollback to step ${k - 1}`);
  }
  dbmate('features', 'rollback');
  dbmate('system', 'rollback');
  assert.deepEqual(sortedCatalog(await live.catalog()).tables.map((x) => x.name), DBMATE_HISTORY, 'rolled back to nothing: only the migrations tables remain');
  for (const stream of ['system', 'features']) dbmate(stream, 'up');
  assert.deepEqual((await userCatalog(DBMATE_HISTORY)).catalog, run.catalogs[STEPS.length - 1], 'up again: the last step');
  assert.deepEqual(listFiles(run.dir).filter((f) => f.endsWith('schema.sql') || f.includes('/db/')), [], 'no schema dump');
  noUrlWritten(run);
  assert.ok(!existsSync(path.join(run.root, 'db')), 'nothing written outside the stream folders');
});

// duckdb_engine (DuckDB's SQLAlchemy dialect) is not in the wheel mirror: a stand-in dialect named
// "duckdb" lets Alembic compile offline, which is enough to prove that env.py registers the
// Alembic implementation DuckDB needs (Alembic refuses a dialect it has none for), and the SQL
// Alembic prints then runs on the real DuckDB.
const DUCKDB_STANDIN = `from sqlalchemy.dialects import registry
from sqlalchemy.engine.default import DefaultDialect


class DuckDBStandIn(DefaultDialect):
    name = "duckdb"
    supports_statement_cache = True


registry.register("duckdb", "sitecustomize", "DuckDBStandIn")
`;

test('alembic on a DuckDB store: env.py registers the implementation Alembic lacks; the offline SQL of every step runs on DuckDB', async () => {
  const root = tempDir('tools-duck');
  writeFileSync(path.join(root, 'metaxy.toml'), TOML);
  writeFileSync(path.join(root, 'base.toml'), BASE(''));
  const run: Run = { root, dir: path.join(root, 'migrations'), url: '', catalogs: [] };
  for (let k = 0; k < STEPS.length; k++) {
    writeFeatures(run, k);
    const r = await runCli(['migrate', 'features', '--store', 'duck', '--dir', 'migrations', '--format', 'alembic', ...(STEPS[k]!.destructive ? ['--allow-destructive'] : [])], root);
    assert.equal(r.code, 0, r.stderr);
  }
  const site = tempDir('tools-duck-site');
  writeFileSync(path.join(site, 'sitecustomize.py'), DUCKDB_STANDIN);
  const sql = ['system', 'features'].map((s) => tool(`alembic ${s}`, pythonTool('alembic'), ['-c', path.join(run.dir, 'alembic.ini'), '-n', `metaxy_${s}`, 'upgrade', 'head', '--sql'], root, { PYTHONPATH: site }));
  const duck = await openDuckDB();
  try {
    await duck.exec(createSql(await storeSchema(root, 'features', 'duck')));
    const want = sortedCatalog(await duck.catalog());
    await duck.reset();
    for (const text of sql) await duck.exec(text);
    const got = sortedCatalog(await duck.catalog());
    assert.deepEqual(got.tables.map((x) => x.name).filter((n) => n.startsWith('alembic_version')), ALEMBIC_HISTORY);
    assert.deepEqual({ tables: got.tables.filter((x) => !ALEMBIC_HISTORY.includes(x.name)) }, want);
  } finally {
    await duck.close();
  }
});
