import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { openPostgres, postgresKind, type PostgresEngine } from './engines/postgres.js';
import { goldenCases } from './helpers/cases.js';
import { runCli } from './helpers/cli.js';
import { expectGolden } from './helpers/golden.js';
import { createSql, storeSchema } from './helpers/migrate-harness.js';
import { pythonTool, runPython } from './helpers/python.js';
import { tempDir } from './helpers/temp.js';

// `metaxy-compile sqlalchemy`: the module of every golden case's PostgreSQL store is pinned
// (golden/create/<case>/<store>.sqlalchemy.py), then run by the tests' Python (SQLAlchemy 2.0,
// Alembic 1.20) against a real PostgreSQL server. For the examples and every golden case:
// Alembic's compare_metadata between `metadata` and a database built from our DDL finds nothing;
// `metadata.create_all()` on an empty database gives the catalog our DDL gives; and for every
// golden migration, the database of create(from) + the pinned up migration is, for Alembic,
// exactly the `metadata` of the new features. A control shows that Alembic does see a change.
const SCRIPT = new URL('helpers/sqlalchemy-check.py', import.meta.url).pathname;
const EXAMPLES = new URL('../examples/', import.meta.url).pathname;

const engines: PostgresEngine[] = [];
after(async () => {
  for (const e of engines) await e.close();
});

/** database opens an empty database of its own on the shared server, built from the given scripts. */
async function database(scripts: readonly string[] = []): Promise<PostgresEngine> {
  const e = await openPostgres();
  engines.push(e);
  for (const s of scripts) await e.exec(s);
  return e;
}

const sqlalchemyUrl = (e: PostgresEngine) => e.url!.replace(/^postgresql:/, 'postgresql+psycopg2:');

/** output runs a command of the CLI on the `features` folder of cwd for a store and returns what it printed. */
async function output(command: string, cwd: string, store: string, args: readonly string[] = []): Promise<string> {
  const r = await runCli([command, 'features', '--store', store, ...args], cwd);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

interface Job {
  readonly name: string;
  readonly module: string;
  readonly compare: PostgresEngine;
  readonly create?: PostgresEngine;
  /** A control: the kinds of difference Alembic must find. */
  readonly differs?: readonly string[];
}

/** check runs every job in one Python process; returns each job's differences. */
function check(jobs: readonly Job[]): string[][] {
  const dir = tempDir('sqla');
  const spec = jobs.map((j, i) => {
    const file = path.join(dir, `m${i}.py`);
    writeFileSync(file, j.module);
    return { module: file, compare: sqlalchemyUrl(j.compare), create: j.create ? sqlalchemyUrl(j.create) : null };
  });
  writeFileSync(path.join(dir, 'jobs.json'), JSON.stringify(spec));
  const r = runPython(readFileSync(SCRIPT, 'utf8'), [path.join(dir, 'jobs.json')]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[][];
}

test('sqlalchemy: golden modules; Alembic finds nothing against our DDL, create_all() gives its catalog, and migrations reach the new metadata', { skip: postgresKind() === 'pglite' && 'PGlite has no server for Python to connect to' }, async () => {
  const jobs: Job[] = [];
  const created: { name: string; ddl: PostgresEngine; metadata: PostgresEngine }[] = [];
  const fresh = async (name: string, cwd: string, store: string, module: string, args: readonly string[] = []) => {
    const ddl = await database([await output('compile', cwd, store, args)]);
    const metadata = await database();
    jobs.push({ name, module, compare: ddl, create: metadata });
    created.push({ name, ddl, metadata });
  };
  for (const c of goldenCases('create')) {
    for (const store of c.stores.filter((s) => s.dialect === 'postgres')) {
      const module = await output('sqlalchemy', c.dir, store.name, c.args);
      expectGolden(path.join(c.dir, `${store.name}.sqlalchemy.py`), module);
      await fresh(`create/${c.name}/${store.name}`, c.dir, store.name, module, c.args);
    }
  }
  await fresh('examples/prod', EXAMPLES, 'prod', await output('sqlalchemy', EXAMPLES, 'prod'));
  // Control: every aspect compared is seen when the metadata says otherwise than the database.
  const types = created[0]!;
  const altered = jobs[0]!.module
    .replace('sa.Column("b", sa.BOOLEAN()', 'sa.Column("b", sa.INTEGER()')
    .replace('server_default=sa.literal_column("-5")', 'server_default=sa.literal_column("-6")')
    .replace('comment="The id, it\'s unique"', 'comment="another comment"')
    .replace('sa.Column("i16", sa.SMALLINT(), nullable=True)', 'sa.Column("i16", sa.SMALLINT(), nullable=False)');
  jobs.push({ name: 'control: all-types altered', module: altered, compare: types.ddl, differs: ['modify_type', 'modify_default', 'modify_comment', 'modify_nullable'] });
  for (const c of goldenCases('migrate')) {
    for (const store of c.stores.filter((s) => s.dialect === 'postgres' && existsSync(path.join(c.dir, `${s.name}.up.sql`)))) {
      const from = createSql(await storeSchema(path.join(c.dir, 'from'), 'features', store.name));
      const up = readFileSync(path.join(c.dir, `${store.name}.up.sql`), 'utf8');
      const module = await output('sqlalchemy', path.join(c.dir, 'to'), store.name);
      jobs.push({ name: `migrate/${c.name}/${store.name}`, module, compare: await database([from, up]) });
      if (c.name === 'add-columns') jobs.push({ name: `control: ${c.name} before its migration`, module, compare: await database([from]), differs: ['add_column', 'add_index', 'add_table_comment', 'modify_comment'] });
    }
  }
  const found = check(jobs);
  jobs.forEach((j, i) => {
    const kinds = [...new Set(found[i]!.map((d) => /^\('(\w+)'|^\[\('(\w+)'/.exec(d)?.slice(1).find(Boolean) ?? d))].sort();
    assert.deepEqual(kinds, [...(j.differs ?? [])].sort(), `${j.name}: ${found[i]!.join('\n')}`);
  });
  for (const c of created) assert.deepEqual(await c.metadata.catalog(), await c.ddl.catalog(), `${c.name}: create_all() gives the DDL's catalog`);
  assert.ok(created.length >= 6 && jobs.length >= 15, `${created.length} fresh databases, ${jobs.length} jobs`);
});

test('sqlalchemy: DuckDB, ClickHouse and BigQuery stores are refused (exit 3) at their type, naming the package SQLAlchemy would need', async () => {
  const c = goldenCases('create').find((x) => x.name === 'all-types')!;
  const expected: Record<string, string> = { duckdb: 'duckdb_engine', clickhouse: 'clickhouse-sqlalchemy', bigquery: 'sqlalchemy-bigquery' };
  for (const store of c.stores.filter((s) => s.dialect !== 'postgres')) {
    const out = path.join(tempDir('sqla-refused'), 'm.py');
    const r = await runCli(['sqlalchemy', 'features', '--store', store.name, '--out', out], c.dir);
    assert.equal(r.code, 3, `${store.name}: ${r.stderr}`);
    assert.match(r.stderr, new RegExp(`^metaxy\\.toml:\\d+:1: SQLALCHEMY_NEEDS_PACKAGE: store "${store.name}" is \\w+, which SQLAlchemy describes only through the ${expected[store.dialect]} package`));
    assert.ok(!existsSync(out), 'nothing written');
  }
});

/** alembic runs Alembic's command line on a stream of a migrations folder (its alembic.ini), with the database URL. */
function alembic(dir: string, stream: string, url: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync(pythonTool('alembic'), ['-c', 'alembic.ini', '-n', `metaxy_${stream}`, '-x', `url=${url}`, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

test('alembic check: the env.py migrate writes compares the generated metadata; nothing is left after our migrations, drift is reported per stream', { skip: postgresKind() === 'pglite' && 'PGlite has no server for Python to connect to' }, async () => {
  const c = goldenCases('migrate').find((x) => x.name === 'add-columns')!;
  const dir = path.join(tempDir('alembic-check'), 'migrations');
  for (const side of ['from', 'to']) assert.deepEqual((await runCli(['migrate', 'features', '--store', 'postgres', '--dir', dir, '--format', 'alembic'], path.join(c.dir, side))).code, 0);
  const code = (text: string) => text.slice(text.indexOf('\n"""\n'));
  assert.equal(code(readFileSync(path.join(dir, 'metaxy_metadata.py'), 'utf8')), code(await output('sqlalchemy', path.join(c.dir, 'to'), 'postgres')), 'the module of the new features (its header aside)');
  const db = await database();
  const run = (stream: string, ...args: string[]) => alembic(dir, stream, sqlalchemyUrl(db), ...args);
  for (const stream of ['system', 'features']) assert.equal(run(stream, 'upgrade', 'head').status, 0, stream);
  for (const stream of ['system', 'features']) assert.match(run(stream, 'check').out, /No new upgrade operations detected/, stream);
  // Drift: the live database loses a column the specs declare, and gains a table they do not.
  await db.exec('ALTER TABLE video__raw DROP COLUMN fps; CREATE TABLE stray (x INT)');
  const drift = run('features', 'check');
  assert.notEqual(drift.status, 0);
  assert.match(drift.out, /New upgrade operations detected: .*'remove_table', Table\('stray'/);
  assert.match(drift.out, /New upgrade operations detected: .*'add_column', None, 'video__raw', Column\('fps'/);
  assert.match(run('system', 'check').out, /No new upgrade operations detected/, 'the system stream does not see feature tables');
  await db.exec('ALTER TABLE video__raw ADD COLUMN fps REAL; DROP TABLE stray');
  assert.match(run('features', 'check').out, /No new upgrade operations detected/, 'the column is back as declared');
  const auto = run('features', 'revision', '--autogenerate', '-m', 'nothing');
  assert.equal(auto.status, 0, auto.out);
  const written = readdirSync(path.join(dir, 'features/versions')).find((f) => f.endsWith('_nothing.py'))!;
  assert.match(readFileSync(path.join(dir, 'features/versions', written), 'utf8'), /def upgrade\(\) -> None:\n(?:\s+#.*\n)?\s+pass\n/, 'autogenerate finds nothing to write');
});
