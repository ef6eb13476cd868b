import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { createScript, loadInputs, resolveStore, type StoreSchema } from '../../src/compile.js';
import { clickhouse, clickhouseColumnType } from '../../src/dialects/clickhouse.js';
import type { EmitContext } from '../../src/dialects/dialect.js';
import { changeStatements } from '../../src/dialects/rebuild.js';
import { zeroValue } from '../../src/diff/diff.js';
import type { Table } from '../../src/ir/schema.js';
import { DEFAULT_OPTIONS } from '../../src/config/options.js';
import { goldenCases } from '../helpers/cases.js';
import { changeCases, type ChangeCase, type Outcome } from '../helpers/change-cases.js';
import { localForm, openClickHouse, type ChTable } from '../helpers/chdb.js';
import { migrateCase } from '../helpers/migrate-stores.js';
import { runCli } from '../helpers/cli.js';
import { splitStatements } from '../helpers/split-sql.js';

// Every statement is parsed by ClickHouse's own parser (formatQuery) and executed on ClickHouse
// itself (chDB, embedded); the catalog it then reports is compared with the model.
const ch = openClickHouse();
after(() => ch.close());

const unquote = (s: string) => s.replaceAll('`', '');

/** expected is what system.tables/system.columns must show for the model's tables. */
function expected(tables: readonly Table[], ctx: EmitContext): ChTable[] {
  const c = ctx.options.cluster;
  const out: ChTable[] = [];
  for (const t of tables) {
    const columns = t.columns.map((col) => ({ name: col.name, type: unquote(clickhouseColumnType(col)), default: col.default === undefined ? null : 'present', comment: col.comment ?? '' }));
    out.push({ name: t.name, engine: c ? 'ReplicatedMergeTree' : 'MergeTree', sortingKey: t.orderBy.map(clickhouse.ident).join(', '), comment: t.comment ?? '', columns });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

function actual(byName = false): ChTable[] {
  return ch.catalog().map((t) => ({
    ...t,
    columns: t.columns
      .map((c) => ({ ...c, type: unquote(c.type), default: c.default === null ? null : 'present' }))
      .sort((a, b) => (byName ? (a.name < b.name ? -1 : 1) : 0)),
  }));
}

/** run parses each statement as written, checks ON CLUSTER on a cluster, and executes its local form. */
function run(sql: string, ctx: EmitContext, replicated: boolean): void {
  const cluster = ctx.options.cluster;
  for (const st of splitStatements(sql)) {
    const formatted = ch.format(st);
    if (cluster && !st.startsWith('SELECT throwIf')) assert.match(formatted, new RegExp(`ON CLUSTER ${cluster.name}\\b`), `no ON CLUSTER in: ${st}`);
    try {
      ch.exec(cluster ? localForm(st, cluster.name, replicated) : st);
    } catch (e) {
      throw new Error(`ClickHouse ${ch.version} rejected:\n${st}\n${(e as Error).message}`);
    }
  }
}

async function checkStore(dir: string, store: string, args: readonly string[], sql: string): Promise<void> {
  const inputs = await loadInputs({ featuresDir: 'features', cwd: dir, env: {} });
  const { result } = resolveStore(inputs, { store, allProjects: args.includes('--all-projects') });
  assert.ok(result);
  ch.reset();
  run(sql, result.ctx, true);
  assert.deepEqual(actual(), expected(result.schema.tables, result.ctx));
}

for (const c of goldenCases('create')) {
  for (const store of c.stores.filter((s) => s.dialect === 'clickhouse')) {
    test(`golden create/${c.name}/${store.name}.sql: parsed and run by ClickHouse, catalog matches the model`, async () => {
      await checkStore(c.dir, store.name, c.args, readFileSync(path.join(c.dir, `${store.name}.sql`), 'utf8'));
    });
  }
}

test('examples: stores analytics and analytics_cluster run on ClickHouse and match the model', async () => {
  const dir = new URL('../../examples/', import.meta.url).pathname;
  for (const store of ['analytics', 'analytics_cluster']) {
    const r = await runCli(['features', '--store', store], dir);
    assert.equal(r.code, 0, r.stderr);
    await checkStore(dir, store, [], r.stdout);
  }
});

test('identifiers: every ClickHouse keyword left bare reads the same as quoted, in every statement shape we emit', () => {
  const words = ch.rows("SELECT lower(keyword) AS k FROM system.keywords WHERE NOT position(keyword, ' ')").map((r) => String(r.k));
  const shapes = [
    (k: string) => `CREATE TABLE ${k} (${k} String, x Tuple(${k} Int32)) ENGINE = MergeTree ORDER BY (${k}, x)`,
    (k: string) => `ALTER TABLE ${k} ADD COLUMN ${k} String DEFAULT 'a' COMMENT 'c'`,
    (k: string) => `ALTER TABLE ${k} RENAME COLUMN ${k} TO ${k}`,
    (k: string) => `ALTER TABLE ${k} MODIFY COLUMN ${k} REMOVE DEFAULT`,
    (k: string) => `ALTER TABLE ${k} MATERIALIZE COLUMN ${k}`,
    (k: string) => `ALTER TABLE ${k} COMMENT COLUMN ${k} 'x'`,
    (k: string) => `INSERT INTO ${k} (${k}) SELECT ${k} FROM ${k}`,
  ];
  const bad = words.filter((k) => clickhouse.ident(k) === k && shapes.some((s) => ch.format(s(k)) !== ch.format(s(`\`${k}\``))));
  assert.deepEqual(bad, []);
  assert.equal(clickhouse.ident('it`s \\ odd'), '`it\\`s \\\\ odd`');
});

test('why [ext.compile] distributed was removed: through a Distributed front, what Metaxy runs on a table name misses the rows', () => {
  ch.reset();
  ch.exec('CREATE TABLE t_local (id String) ENGINE = MergeTree ORDER BY id');
  ch.exec('CREATE TABLE t AS t_local ENGINE = Distributed(main, currentDatabase(), t_local, rand())');
  ch.exec("INSERT INTO t_local VALUES ('a'), ('b')");
  assert.throws(() => ch.exec("DELETE FROM t WHERE id = 'a'"), /DELETE query is not supported/);
  ch.exec('TRUNCATE TABLE t');
  assert.equal(Number(ch.rows('SELECT count() AS n FROM t_local')[0]!.n), 2, 'TRUNCATE leaves the rows');
  ch.exec('DROP TABLE t SYNC');
  assert.deepEqual(ch.catalog().map((x) => x.name), ['t_local'], 'DROP leaves the storage table');
});

/** OUTCOMES is what ClickHouse does with each change case (every case must be listed). */
const OUTCOMES: Record<string, Outcome> = {
  'add-table': 'applies',
  'drop-table': 'applies',
  'rename-table': 'applies',
  'add-column-e': 'applies',
  'add-column-f': 'applies',
  'add-column-f2': 'applies',
  'add-column-g': 'applies',
  'add-column-h': 'applies',
  'drop-column': 'applies',
  'drop-key-column': /ORDER BY key/,
  'rename-column': 'applies',
  'rename-key-column': /ORDER BY key/,
  'retype-int-widen': 'applies',
  'retype-decimal-widen': 'applies',
  'retype-int-to-decimal': 'applies',
  'retype-narrow': 'applies',
  'retype-key': /ORDER BY key/,
  'null-drop': 'applies',
  'null-set': 'applies',
  'null-set-list': 'no-op',
  'default-set': 'applies',
  'default-drop': 'applies',
  'table-comment-set': 'applies',
  'table-comment-drop': 'applies',
  'column-comment-set': 'applies',
  'column-comment-drop': 'applies',
  'add-index': /no secondary indexes/,
  'drop-index': /no secondary indexes/,
  'rename-index': /no secondary indexes/,
  'add-primary-key': /no primary key/,
  'drop-primary-key': /no primary key/,
  'rename-primary-key': /no primary key/,
};

const MODES: Record<string, EmitContext['options']['cluster']> = {
  single: null,
  cluster: { name: 'main', zkPath: '/clickhouse/tables/{shard}/{database}/{table}' },
};

function create(tables: readonly Table[], ctx: EmitContext): void {
  for (const t of tables) run(clickhouse.createTable(t, ctx).map((s) => `${s.sql};`).join('\n'), ctx, false);
}

function checkCase(k: ChangeCase, ctx: EmitContext): void {
  const outcome = OUTCOMES[k.name];
  assert.ok(outcome, `no expected outcome for ${k.name}`);
  const statements = k.changes.flatMap((c) => changeStatements(clickhouse, c, ctx));
  const reasons = k.changes.map((c) => clickhouse.unsupported(c, (n) => k.from.find((t) => t.name === n))).filter((r) => r !== null);
  if (outcome instanceof RegExp) {
    assert.match(reasons.join(' '), outcome);
    for (const st of statements) assert.throws(() => ch.exec(st.sql), outcome, 'a refused change emits a statement that fails with its reason');
    return;
  }
  assert.deepEqual(reasons, []);
  if (outcome === 'no-op') assert.deepEqual(statements, []);
  ch.reset();
  create(k.to, ctx);
  const want = actual(true);
  ch.reset();
  create(k.from, ctx);
  for (const t of k.from) ch.exec(`INSERT INTO ${t.name} (id, metaxy_feature_version, metaxy_updated_at) VALUES ('r1', 'v1', now64(6))`);
  run(statements.map((s) => `${s.sql};`).join('\n'), ctx, false);
  assert.deepEqual(actual(true), want);
  if (k.check) {
    const row = ch.rows(`SELECT ${clickhouse.ident(k.check.column)} AS v FROM ${k.to[0]!.name}`)[0];
    assert.deepEqual(row?.v, k.check.value);
  }
}

for (const [mode, cluster] of Object.entries(MODES)) {
  const ctx: EmitContext = { store: { name: 'ch', type: 'clickhouse', dialect: 'clickhouse', tablePrefix: '', dataset: null, ducklake: false }, options: { ...DEFAULT_OPTIONS, cluster } };
  for (const k of changeCases(clickhouse.supports, clickhouse.rebuild !== null)) {
    test(`change ${k.kind} (${k.name}, ${mode}): create(from) + change = create(to) on ClickHouse, or refused with a reason`, () => checkCase(k, ctx));
  }
}

// The golden/migrate cases through the real `migrate` command: the first migration creates the
// from-schema, create(from) + rows + up = create(to) with the rows kept, and up + down = from.
for (const c of goldenCases('migrate')) {
  for (const store of ['clickhouse', 'clickhouse_cluster']) {
    test(`migrate/${c.name}/${store}: written by migrate, run on ClickHouse, up reaches to/ and down comes back`, async () => {
      const r = await migrateCase(c, store);
      assert.equal(r.code, 0, r.stderr);
      const from = await schemaOf(path.join(r.dir, 'from'), store);
      const to = await schemaOf(path.join(r.dir, 'to'), store);
      const after = (scripts: readonly string[]) => {
        ch.reset();
        for (const s of scripts) run(s, from.ctx, false);
        return actual(true);
      };
      const fromCatalog = after([createScript(from)]);
      assert.deepEqual(after(r.first), fromCatalog, 'the first migration creates the from-schema');
      if (r.up === null) return assert.deepEqual(after([createScript(to)]), fromCatalog, 'no second migration: nothing differs');
      for (const t of from.schema.tables) {
        const values = t.columns.map((col) => clickhouse.literal(col.default ?? zeroValue(col.type), col.type));
        ch.exec(`INSERT INTO ${clickhouse.ident(t.name)} VALUES (${values.join(', ')})`);
      }
      run(r.up, from.ctx, false);
      const migrated = actual(true);
      for (const t of to.schema.tables.filter((x) => from.schema.tables.some((f) => f.name === x.name || f.name === x.renamedFrom))) {
        assert.equal(Number(ch.rows(`SELECT count() AS n FROM ${clickhouse.ident(t.name)}`)[0]!.n), 1, `rows of ${t.name} survive`);
      }
      assert.deepEqual(migrated, after([createScript(to)]), 'create(from) + up == create(to)');
      assert.deepEqual(after([...r.first, r.up, r.down!]), fromCatalog, 'down gives back create(from)');
    });
  }
}

async function schemaOf(cwd: string, store: string): Promise<StoreSchema> {
  const inputs = await loadInputs({ featuresDir: 'features', cwd, env: {} });
  const { result } = resolveStore(inputs, { store, allProjects: false });
  assert.ok(result);
  return result;
}
