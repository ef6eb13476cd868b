import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createScript, loadInputs, resolveStore, type StoreSchema } from '../../src/compile.js';
import { DEFAULT_OPTIONS } from '../../src/config/options.js';
import { bigquery, bigqueryClusterBy } from '../../src/dialects/bigquery.js';
import type { EmitContext } from '../../src/dialects/dialect.js';
import { changeStatements } from '../../src/dialects/rebuild.js';
import type { Table } from '../../src/ir/schema.js';
import { apply, bigqueryProblems, type Catalog } from '../helpers/bigquery-model.js';
import { goldenCases } from '../helpers/cases.js';
import { changeCases, type ChangeCase, type Outcome } from '../helpers/change-cases.js';
import { runCli } from '../helpers/cli.js';
import { migrateCase } from '../helpers/migrate-stores.js';
import { splitStatements } from '../helpers/split-sql.js';
import { startZetaSQL, type BqTable, type ZetaSQL } from '../helpers/zetasql.js';

// Every statement is parsed and analyzed by ZetaSQL (BigQuery's GoogleSQL front end) against
// the tables created so far, checked against BigQuery's documented limits, and applied to a
// catalog model from ZetaSQL's resolved AST; the resulting tables are compared with the model.
let zeta: ZetaSQL;
before(async () => {
  zeta = await startZetaSQL();
});
after(() => zeta.close());

/** run analyzes and applies each statement of a script, returning BigQuery problems found. */
async function run(sql: string, catalog: Catalog): Promise<string[]> {
  const problems: string[] = [];
  for (const st of splitStatements(sql)) {
    let resolved;
    try {
      await zeta.parse(st);
      resolved = await zeta.analyze(st, [...catalog.values()]);
    } catch (e) {
      throw new Error(`ZetaSQL rejected:\n${st}\n${(e as Error).message}`);
    }
    problems.push(...bigqueryProblems(resolved, catalog));
    apply(catalog, resolved);
  }
  return problems;
}

type Shape = Omit<BqTable, 'columns'> & { columns: { name: string; type: string; notNull: boolean; default: string | null; description: string | null }[] };

/** shape drops what the model cannot predict (type protos, default text) and optionally sorts columns. */
function shape(catalog: Catalog, byName = false): Shape[] {
  return [...catalog.values()]
    .map((t) => ({
      ...t,
      columns: t.columns
        .map(({ proto: _p, ...c }) => ({ ...c, default: c.default === null ? null : 'present' }))
        .sort((a, b) => (byName ? (a.name < b.name ? -1 : 1) : 0)),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function expected(tables: readonly Table[], ctx: EmitContext): Shape[] {
  const qualified = (n: string) => (ctx.store.dataset === null ? n : `${ctx.store.dataset}.${n}`);
  return tables
    .map((t) => ({
      name: qualified(t.name),
      columns: t.columns.map((c) => {
        const type = bigquery.type(c.type).replaceAll('`', '');
        return { name: c.name, type, notNull: !c.nullable && !type.startsWith('ARRAY<'), default: c.default === undefined ? null : 'present', description: c.comment };
      }),
      primaryKey: t.primaryKey ? t.primaryKey.columns : null,
      clusterBy: bigqueryClusterBy(t),
      description: t.comment,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function checkStore(dir: string, store: string, args: readonly string[], sql: string): Promise<void> {
  const inputs = await loadInputs({ featuresDir: 'features', cwd: dir, env: {} });
  const { result } = resolveStore(inputs, { store, allProjects: args.includes('--all-projects') });
  assert.ok(result);
  const catalog: Catalog = new Map();
  assert.deepEqual(await run(sql, catalog), []);
  assert.deepEqual(shape(catalog), expected(result.schema.tables, result.ctx));
}

for (const c of goldenCases('create')) {
  for (const store of c.stores.filter((s) => s.dialect === 'bigquery')) {
    test(`golden create/${c.name}/${store.name}.sql: analyzed by ZetaSQL, within BigQuery's limits, tables match the model`, async () => {
      await checkStore(c.dir, store.name, c.args, readFileSync(path.join(c.dir, `${store.name}.sql`), 'utf8'));
    });
  }
}

test('examples: store warehouse is analyzed by ZetaSQL and matches the model', async () => {
  const dir = new URL('../../examples/', import.meta.url).pathname;
  const r = await runCli(['features', '--store', 'warehouse'], dir);
  assert.equal(r.code, 0, r.stderr);
  await checkStore(dir, 'warehouse', [], r.stdout);
});

test('identifiers: reserved keywords are quoted, other names stay bare, odd names and paths are escaped', async () => {
  const create = (name: string) => `CREATE TABLE t (${name} INT64)`;
  for (const word of ['select', 'order', 'by', 'group', 'struct', 'array', 'range', 'proto', 'lookup', 'within', 'qualify']) {
    assert.notEqual(bigquery.ident(word), word);
    await assert.rejects(zeta.parse(create(word)), `"${word}" should be reserved`);
    await zeta.parse(create(bigquery.ident(word)));
  }
  for (const word of ['timestamp', 'date', 'json', 'user', 'key', 'type', 'name', 'data', 'value', 'Mixed_Case']) {
    assert.equal(bigquery.ident(word), word);
    await zeta.parse(create(word));
  }
  for (const odd of ['Mixed Case', "it's", 'back`tick', 'back\\slash']) await zeta.parse(create(bigquery.ident(odd)));
  const ctx = { store: { name: 'bq', type: 'bq', dialect: 'bigquery' as const, tablePrefix: '', dataset: 'my-project.data`set', ducklake: false }, options: DEFAULT_OPTIONS };
  await zeta.parse(`DROP TABLE ${bigquery.table('t', ctx)}`);
});

/** OUTCOMES is what BigQuery does with each change case (every case must be listed). */
const OUTCOMES: Record<string, Outcome> = {
  'add-table': 'applies',
  'drop-table': 'applies',
  'rename-table': 'applies',
  'add-column-e': 'applies',
  'add-column-f': 'applies',
  'add-column-f2': /cannot add a NOT NULL/,
  'add-column-g': /cannot add a NOT NULL/,
  'add-column-h': 'applies',
  'drop-column': 'applies',
  'drop-key-column': /clustering column/,
  'rename-column': 'applies',
  'rename-key-column': /clustering column/,
  'retype-int-widen': 'no-op',
  'retype-decimal-widen': 'applies',
  'retype-int-to-decimal': 'applies',
  'retype-narrow': /only widening/,
  'retype-key': /only widening/,
  'null-drop': 'applies',
  'null-set': /cannot make an existing column NOT NULL/,
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
  'add-primary-key': 'applies',
  'drop-primary-key': 'applies',
  'rename-primary-key': 'no-op',
  'rebuild-table': 'applies',
};

const ctx: EmitContext = { store: { name: 'bq', type: 'bq', dialect: 'bigquery', tablePrefix: '', dataset: 'metaxy', ducklake: false }, options: DEFAULT_OPTIONS };
const script = (tables: readonly Table[]) => tables.flatMap((t) => bigquery.createTable(t, ctx)).map((s) => `${s.sql};`).join('\n');

async function checkCase(k: ChangeCase): Promise<void> {
  const outcome = OUTCOMES[k.name];
  assert.ok(outcome, `no expected outcome for ${k.name}`);
  const statements = k.changes.flatMap((c) => changeStatements(bigquery, c, ctx));
  const reasons = k.changes.map((c) => bigquery.unsupported(c, (n) => k.from.find((t) => t.name === n))).filter((r) => r !== null);
  const before: Catalog = new Map();
  assert.deepEqual(await run(script(k.from), before), []);
  if (outcome instanceof RegExp) {
    assert.match(reasons.join(' '), outcome);
    assert.deepEqual(statements.map((s) => s.sql.startsWith('SELECT ERROR(')), statements.map(() => true), 'a refused change emits a statement that fails with its reason');
    await run(statements.map((s) => `${s.sql};`).join('\n'), before);
    return;
  }
  assert.deepEqual(reasons, []);
  if (outcome === 'no-op') assert.deepEqual(statements, []);
  const want: Catalog = new Map();
  await run(script(k.to), want);
  assert.deepEqual(await run(statements.map((s) => `${s.sql};`).join('\n'), before), [], 'within BigQuery limits');
  assert.deepEqual(shape(before, true), shape(want, true));
}

for (const k of changeCases(bigquery.supports, bigquery.rebuild !== null)) {
  test(`change ${k.kind} (${k.name}): create(from) + change = create(to) per ZetaSQL, or refused with a reason`, () => checkCase(k));
}

/** REFUSED pins the golden/migrate cases BigQuery cannot apply in place, with the reason migrate gives. */
const REFUSED: Record<string, RegExp> = {
  'add-columns': /cannot add a NOT NULL \(REQUIRED\) column/,
  'drop-keys': /cannot add a NOT NULL \(REQUIRED\) column/,
  'type-changes': /cannot make an existing column NOT NULL/,
};

// The golden/migrate cases through the real `migrate` command: the first migration creates the
// from-schema, create(from) + up = create(to) and up + down = from, all as ZetaSQL reads them.
for (const c of goldenCases('migrate')) {
  test(`migrate/${c.name}/bigquery: written by migrate (or refused), analyzed by ZetaSQL, up reaches to/ and down comes back`, async () => {
    const r = await migrateCase(c, 'bigquery');
    const refused = REFUSED[c.name];
    if (refused) {
      assert.equal(r.code, 3);
      assert.match(r.stderr, refused);
      assert.match(r.stderr, /cannot be applied in place/);
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const from = await schemaOf(path.join(r.dir, 'from'));
    const to = await schemaOf(path.join(r.dir, 'to'));
    const after = async (scripts: readonly string[]) => {
      const catalog: Catalog = new Map();
      for (const s of scripts) assert.deepEqual(await run(s, catalog), [], 'within BigQuery limits');
      return shape(catalog, true);
    };
    const fromCatalog = await after([createScript(from)]);
    assert.deepEqual(await after(r.first), fromCatalog, 'the first migration creates the from-schema');
    if (r.up === null) return assert.deepEqual(await after([createScript(to)]), fromCatalog, 'no second migration: nothing differs');
    assert.deepEqual(await after([...r.first, r.up]), await after([createScript(to)]), 'create(from) + up == create(to)');
    assert.deepEqual(await after([...r.first, r.up, r.down!]), fromCatalog, 'down gives back create(from)');
  });
}

async function schemaOf(cwd: string): Promise<StoreSchema> {
  const inputs = await loadInputs({ featuresDir: 'features', cwd, env: {} });
  const { result } = resolveStore(inputs, { store: 'bigquery', allProjects: false });
  assert.ok(result);
  return result;
}
