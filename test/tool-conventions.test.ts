import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parse as parseHcl } from '@cdktf/hcl2json';
import { parse as parseToml } from 'smol-toml';
import { runCli } from './helpers/cli.js';
import { listFiles } from './helpers/engine-check.js';
import { readPython } from './helpers/formats.js';
import { tempDir } from './helpers/temp.js';

// The tools that cannot run here (Flyway, golang-migrate, Atlas): their files are checked
// against the conventions their documentation and sources state, cited at each check. Flyway,
// Atlas and dbmate read the configuration files written beside the migrations; the store's
// table prefix and name reach them only through their writers.

const TOML = (prefix: string, store = 'pg') => `project = "demo"

[stores.${JSON.stringify(store)}]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
config = { table_prefix = ${JSON.stringify(prefix)} }

[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"

[stores.bq]
type = "metaxy.ext.bigquery.BigQueryMetadataStore"
config = { project_id = "p", dataset_id = "d" }

[stores.ch]
type = "metaxy.ext.clickhouse.ClickHouseMetadataStore"
`;

const ONE = 'key: video/raw\ndescription: "Prices in ${currency}"\nid_columns: [video_id]\ncolumns:\n  video_id: string\n';
const TWO = `${ONE}  fps: float32?\n`;

/** folderOf writes a project, migrates it twice in a format, and returns the migrations folder. */
async function folderOf(format: string, prefix = '', store = 'pg'): Promise<string> {
  const root = tempDir(`conventions-${format}`);
  writeFileSync(path.join(root, 'metaxy.toml'), TOML(prefix, store));
  mkdirSync(path.join(root, 'features'));
  for (const spec of [ONE, TWO]) {
    writeFileSync(path.join(root, 'features/video.yaml'), spec);
    const r = await runCli(['migrate', 'features', '--store', store, '--dir', 'm', '--format', format], root);
    assert.equal(r.code, 0, r.stderr);
  }
  return path.join(root, 'm');
}

const STREAMS = ['system', 'features'] as const;
/** toml reads a TOML file as plain data (smol-toml's tables have no prototype). */
const toml = (file: string): unknown => JSON.parse(JSON.stringify(parseToml(readFileSync(file, 'utf8'))));
const sqlFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();

test('flyway: flyway.toml in each stream folder (own history table, no placeholders, locations, a baseline before migration 1); versioned and undo names', async () => {
  const dir = await folderOf('flyway');
  for (const stream of STREAMS) {
    const d = path.join(dir, stream);
    // Flyway reads flyway.toml in its working directory (flyway-core ConfigUtils.getDefaultTomlConfigFileLocations);
    // keys of its [flyway] namespace: documentation/Reference/Configuration/Flyway Namespace/Flyway {Table,
    // Placeholder Replacement, Locations, Baseline On Migrate, Baseline Version} Setting.md.
    assert.deepEqual(toml(path.join(d, 'flyway.toml')), {
      flyway: { locations: ['filesystem:.'], table: `flyway_schema_history_metaxy_${stream}`, placeholderReplacement: false, baselineOnMigrate: true, baselineVersion: '0' },
    });
    // Versioned V<version>__<description>.sql, undo U<version>__<description>.sql (same version).
    const files = sqlFiles(d);
    const versions = files.filter((f) => f.startsWith('V')).map((f) => /^V(\d+)__\w+\.sql$/.exec(f)![1]);
    assert.deepEqual(files.filter((f) => f.startsWith('U')).map((f) => /^U(\d+)__\w+\.sql$/.exec(f)![1]), versions);
    assert.deepEqual(versions, stream === 'system' ? ['1'] : ['1', '2']);
    assert.ok(versions.every((v) => Number(v) > 0), 'every version comes after the baseline 0');
  }
  // What placeholderReplacement = false is for: Flyway would fail on this ${...} in a comment.
  assert.match(readFileSync(path.join(dir, 'features/V1__initial.sql'), 'utf8'), /Prices in \$\{currency\}/);
});

test('golang-migrate: <version>_<title>.up.sql / .down.sql in pairs; the README gives each stream its x-migrations-table', async () => {
  const dir = await folderOf('golang-migrate');
  for (const stream of STREAMS) {
    // golang-migrate source/parse.go: ^([0-9]+)_(.*)\.(down|up)\.(.*)$
    const names = sqlFiles(path.join(dir, stream)).map((f) => /^(\d+)_(.*)\.(down|up)\.sql$/.exec(f)!);
    assert.ok(names.every(Boolean));
    const ups = names.filter((m) => m[3] === 'up').map((m) => m[1]);
    assert.deepEqual(names.filter((m) => m[3] === 'down').map((m) => m[1]), ups);
  }
  // database/postgres/README.md: x-migrations-table names the migrations table.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const stream of STREAMS) {
    assert.match(readme, new RegExp(`^ {4}migrate -path migrations/${stream} -database "\\$DATABASE_URL\\?x-migrations-table=schema_migrations_metaxy_${stream}" up$`, 'm'));
  }
  assert.equal(listFiles(dir).filter((f) => !/(\.sql|metaxy\.state\.json|metaxy\.sum)$/.test(f)).length, 0, 'golang-migrate reads no file of its own');
});

test('atlas: atlas.hcl has an env per stream with its own revisions schema; versioned file names', async () => {
  const dir = await folderOf('atlas');
  // Atlas's project file (cmd/atlas/internal/cmdapi/project.go): env "<name>" { url, migration { dir, revisions_schema } },
  // read by HashiCorp's HCL parser (hcl2json is the same parser compiled to WebAssembly).
  const hcl = (await parseHcl('atlas.hcl', readFileSync(path.join(dir, 'atlas.hcl'), 'utf8'))) as Record<string, Record<string, unknown[]>>;
  assert.deepEqual(Object.keys(hcl), ['env']);
  for (const stream of STREAMS) {
    assert.deepEqual(hcl.env![stream], [{ url: '${getenv("DATABASE_URL")}', migration: [{ dir: `file://${stream}`, revisions_schema: `atlas_schema_revisions_metaxy_${stream}` }] }]);
    // Atlas's default format: <version>_<description>.sql, the version the digits before the first `_`.
    assert.ok(sqlFiles(path.join(dir, stream)).every((f) => /^\d+_\w+\.sql$/.test(f)));
  }
});

test('atlas: a store Atlas has no driver for is refused at the store, nothing written; ClickHouse (Atlas Pro) is not', async () => {
  const root = tempDir('conventions-refused');
  writeFileSync(path.join(root, 'metaxy.toml'), TOML(''));
  mkdirSync(path.join(root, 'features'));
  writeFileSync(path.join(root, 'features/video.yaml'), ONE);
  for (const [store, label, line] of [['duck', 'DuckDB', 7], ['bq', 'BigQuery', 10]] as const) {
    const r = await runCli(['migrate', 'features', '--store', store, '--dir', store, '--format', 'atlas'], root);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      `metaxy.toml:${line}:1: FORMAT_UNSUPPORTED: store "${store}": Atlas cannot apply a ${label} store: it has no ${label} driver (Atlas supports PostgreSQL, and ClickHouse in its Pro plan, among the stores Metaxy has); use another --format (in a new --dir: a history keeps its format)\n1 problem found; nothing written.\n`,
    );
    assert.deepEqual(listFiles(path.join(root, store)), []);
  }
  assert.equal((await runCli(['migrate', 'features', '--store', 'ch', '--dir', 'ch', '--format', 'atlas'], root)).code, 0);
});

test("tool files: the store's table prefix reaches every history table written as [A-Za-z0-9_]; the store's name reaches env.py exactly", async () => {
  const store = 'prod "eu"\nx';
  const prefix = 'acme-1.';
  const safe = 'acme_1_';
  const alembic = await folderOf('alembic', prefix, store);
  for (const stream of STREAMS) {
    const env = readPython(path.join(alembic, stream, 'env.py'));
    assert.equal(env.STORE, store);
    assert.equal(env.VERSION_TABLE, `${safe}alembic_version_metaxy_${stream}`);
  }
  const flyway = await folderOf('flyway', prefix, store);
  const dbmate = await folderOf('dbmate', prefix, store);
  for (const stream of STREAMS) {
    assert.equal((toml(path.join(flyway, stream, 'flyway.toml')) as { flyway: { table: string } }).flyway.table, `${safe}flyway_schema_history_metaxy_${stream}`);
    assert.match(readFileSync(path.join(dbmate, stream, '.env'), 'utf8'), new RegExp(`^DBMATE_MIGRATIONS_TABLE=${safe}schema_migrations_metaxy_${stream}$`, 'm'));
  }
  const atlas = await folderOf('atlas', prefix, store);
  const hcl = (await parseHcl('atlas.hcl', readFileSync(path.join(atlas, 'atlas.hcl'), 'utf8'))) as { env: Record<string, { migration: { revisions_schema: string }[] }[]> };
  assert.equal(hcl.env.features![0]!.migration[0]!.revisions_schema, `${safe}atlas_schema_revisions_metaxy_features`);
});

test('migrate --json names the tool files it writes: those missing, once', async () => {
  const root = tempDir('conventions-json');
  writeFileSync(path.join(root, 'metaxy.toml'), TOML(''));
  mkdirSync(path.join(root, 'features'));
  writeFileSync(path.join(root, 'features/video.yaml'), ONE);
  const json = async () => {
    const r = await runCli(['migrate', 'features', '--store', 'pg', '--dir', 'm', '--format', 'alembic', '--json'], root);
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { tools: string[] }).tools;
  };
  assert.deepEqual(await json(), ['alembic.ini', 'system/env.py', 'system/script.py.mako', 'features/env.py', 'features/script.py.mako', 'metaxy_metadata.py']);
  assert.deepEqual(await json(), []);
  rmSync(path.join(root, 'm/features/env.py'));
  assert.deepEqual(await json(), ['features/env.py'], 'a deleted one is written again');
  assert.ok(existsSync(path.join(root, 'm/features/env.py')));
  // The metadata module env.py loads follows the history's head: written with every migration, and when missing.
  rmSync(path.join(root, 'm/metaxy_metadata.py'));
  assert.deepEqual(await json(), ['metaxy_metadata.py']);
  writeFileSync(path.join(root, 'features/video.yaml'), TWO);
  assert.deepEqual(await json(), ['metaxy_metadata.py'], 'rewritten with the next migration');
  assert.match(readFileSync(path.join(root, 'm/metaxy_metadata.py'), 'utf8'), /sa\.Column\("fps", sa\.REAL\(\), nullable=True\)/);
});
