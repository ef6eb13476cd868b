import { assertNever } from '../diagnostics/diagnostic.js';
import { maxPrecision } from '../resolve/limits.js';
import type { Change, InPlaceChange } from '../diff/changes.js';
import type { Statement } from '../emit/statement.js';
import type { DefaultValue } from '../ir/feature.js';
import type { Column, Table } from '../ir/schema.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import type { Dialect, EmitContext } from './dialect.js';

/**
 * ClickHouse (26.x; Time64 needs 25.6+) types. `binary` is String (ClickHouse strings hold any
 * bytes); `date` is Date32 (1900..2299, Date stops at 2149); `time` is Time64(6), microseconds
 * like the other dialects' TIME; `json` is the native JSON type (GA since 25.3), which keeps
 * paths as typed subcolumns rather than re-parsing text on every read.
 */
const SCALARS: Readonly<Record<ScalarName, string>> = {
  bool: 'Bool',
  int8: 'Int8',
  int16: 'Int16',
  int32: 'Int32',
  int64: 'Int64',
  float32: 'Float32',
  float64: 'Float64',
  string: 'String',
  text: 'String',
  binary: 'String',
  date: 'Date32',
  time: 'Time64(6)',
  timestamp: 'DateTime64(6)',
  timestamptz: "DateTime64(6, 'UTC')",
  uuid: 'UUID',
  json: 'JSON',
};

// Quoted when used as names: the words ClickHouse 26.7 reads differently bare than quoted in our
// statements (all constraint distinct function index not null projection table top: found by
// formatting each of system.keywords both ways, re-checked by test/dialects/clickhouse.test.ts),
// and the common SQL clause words, so names stay unambiguous to a reader and in hand-written queries.
const KEYWORDS: ReadonlySet<string> = new Set(
  `all and as between by case constraint default distinct else end false from function group having in index is
join like limit not null on or order projection select table then top true union when where with`.split(/\s+/),
);

/** escape backslash-escapes the quote and backslash, and writes C0 controls and DEL as `\xHH` (no raw line break in the SQL text). */
function escape(text: string, quote: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\\'`\x00-\x1f\x7f]/g, (m) => (m === '\\' || m === quote ? `\\${m}` : m === "'" || m === '`' ? m : `\\x${m.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

// A table's metadata file is named by its escaped name; ClickHouse refuses a table whose name
// escapes to more than 255 bytes less the dropped-table suffix (a UUID, dots, `.sql`) and the
// escaped database name: 208 for database `mxc_1` (measured on chDB), 206 for `default`.
const MAX_TABLE_FILE_NAME = 206;

/** tableFileName says why a table name is too long for ClickHouse's metadata file name (bytes other than [A-Za-z0-9_] escape to `%XX`), or null. */
function tableFileName(name: string): string | null {
  let n = 0;
  for (const b of Buffer.from(name, 'utf8')) n += (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95 ? 1 : 3;
  return n > MAX_TABLE_FILE_NAME ? `its metadata file name is ${n} bytes escaped; ClickHouse allows ${MAX_TABLE_FILE_NAME} in a database named "default"` : null;
}

/** ident leaves plain lower-case names bare and backquotes the rest (backslash escapes, as ClickHouse reads them). */
function ident(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !KEYWORDS.has(name)) return name;
  return `\`${escape(name, '`')}\``;
}

/** str quotes text as a ClickHouse string literal: backslash is an escape character there, so it is escaped too. */
function str(text: string): string {
  return `'${escape(text, "'")}'`;
}

function chType(t: ColumnType): string {
  switch (t.kind) {
    case 'Scalar':
      return SCALARS[t.name];
    case 'Decimal':
      return `Decimal(${t.precision}, ${t.scale})`;
    case 'List':
      return `Array(${chType(t.of)})`;
    case 'Struct':
      return `Tuple(${t.fields.map((f) => `${ident(f.name)} ${chType(f.type)}`).join(', ')})`;
    case 'Map':
      return `Map(${chType(t.key)}, ${chType(t.value)})`;
    default:
      return assertNever(t);
  }
}

/** nullableComposite: ClickHouse forbids Nullable(Array|Map|Tuple); such columns are stored non-nullable (NULL reads as empty). */
function nullableComposite(t: ColumnType): boolean {
  return t.kind === 'List' || t.kind === 'Map' || t.kind === 'Struct';
}

/** clickhouseColumnType is a column's type with its nullability: Nullable(T) for nullable scalars, the bare composite otherwise. */
export function clickhouseColumnType(c: Pick<Column, 'type' | 'nullable'>): string {
  return c.nullable && !nullableComposite(c.type) ? `Nullable(${chType(c.type)})` : chType(c.type);
}

function chLiteral(value: DefaultValue, t: ColumnType): string {
  if (value === null) return 'NULL';
  switch (t.kind) {
    case 'List':
      return `[${(value as DefaultValue[]).map((v) => chLiteral(v, t.of)).join(', ')}]`;
    case 'Struct': {
      const o = value as Record<string, DefaultValue>;
      return `tuple(${t.fields.map((f) => chLiteral(o[f.name] ?? null, f.type)).join(', ')})`;
    }
    case 'Map':
      return `map(${Object.entries(value as Record<string, DefaultValue>).map(([k, v]) => `${chLiteral(k, t.key)}, ${chLiteral(v, t.value)}`).join(', ')})`;
    case 'Decimal':
      return str(String(value)); // a string keeps every digit; a bare number would pass through Float64
    case 'Scalar':
      if (t.name === 'json') return str(JSON.stringify(value));
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      if (typeof value === 'number') return String(value);
      return str(String(value)); // dates, times, uuids: ClickHouse casts the text to the column type
    default:
      return assertNever(t);
  }
}

const cluster = (ctx: EmitContext) => ctx.options.cluster;
const onCluster = (ctx: EmitContext) => (cluster(ctx) ? ` ON CLUSTER ${ident(cluster(ctx)!.name)}` : '');

function columnDef(c: Column): string {
  const parts = [ident(c.name), clickhouseColumnType(c)];
  if (c.default !== undefined) parts.push(`DEFAULT ${chLiteral(c.default, c.type)}`);
  if (c.comment !== null) parts.push(`COMMENT ${str(c.comment)}`);
  return parts.join(' ');
}

function engine(ctx: EmitContext): string {
  const c = cluster(ctx);
  return c ? `ReplicatedMergeTree(${str(c.zkPath)}, '{replica}')` : 'MergeTree';
}

function createTable(t: Table, ctx: EmitContext, name = t.name): Statement[] {
  const order = t.orderBy.length === 0 ? 'tuple()' : `(${t.orderBy.map(ident).join(', ')})`;
  const lines = [
    `CREATE TABLE ${ident(name)}${onCluster(ctx)}`,
    `(\n${t.columns.map((c) => `  ${columnDef(c)}`).join(',\n')}\n)`,
    `ENGINE = ${engine(ctx)}`,
    `ORDER BY ${order}`,
    ...(t.comment === null ? [] : [`COMMENT ${str(t.comment)}`]),
  ];
  return [{ sql: lines.join('\n'), comment: `Create "${name}" table`, source: `table ${t.name}` }];
}

/** alter runs one ALTER action on a table (on every host of the cluster, if any). */
function alter(table: string, ctx: EmitContext, action: string, comment: string): Statement[] {
  return [{ sql: `ALTER TABLE ${ident(table)}${onCluster(ctx)} ${action}`, comment, source: `table ${table}` }];
}

/** SYNC makes a data-rewriting ALTER wait for every replica, so the statements after it see its result. */
const SYNC = ' SETTINGS mutations_sync = 2';

function addColumn(c: Extract<Change, { kind: 'AddColumn' }>, ctx: EmitContext): Statement[] {
  const col = c.column;
  const fill = col.default ?? (col.nullable ? undefined : c.backfill);
  const what = `Add column "${col.name}" to "${c.table}"`;
  const out = alter(c.table, ctx, `ADD COLUMN ${columnDef({ ...col, ...(fill === undefined ? {} : { default: fill }) })}`, what);
  if (fill === undefined) return out;
  // ClickHouse computes a default on read for parts written before the column existed: materialize
  // it so existing rows keep the value they got now, whatever the default becomes later.
  out.push(...alter(c.table, ctx, `MATERIALIZE COLUMN ${ident(col.name)}${SYNC}`, `Write "${col.name}" into the rows already in "${c.table}"`));
  if (col.default === undefined) out.push(...alter(c.table, ctx, `MODIFY COLUMN ${ident(col.name)} REMOVE DEFAULT`, `Drop the backfill default of "${col.name}" of "${c.table}"`));
  return out;
}

function alterNull(c: Extract<Change, { kind: 'AlterColumnNull' }>, ctx: EmitContext): Statement[] {
  const col = c.column;
  // Composite columns are never Nullable in ClickHouse (see clickhouseColumnType): nothing is stored differently.
  if (nullableComposite(col.type)) return [];
  const name = ident(col.name);
  if (c.nullable) return alter(c.table, ctx, `MODIFY COLUMN ${name} ${clickhouseColumnType({ type: col.type, nullable: true })}`, `Make "${col.name}" of "${c.table}" nullable`);
  // Nullable -> non-Nullable needs a DEFAULT, which also replaces the NULLs already there.
  const fill = col.default ?? c.backfill ?? null;
  const out = alter(c.table, ctx, `MODIFY COLUMN ${name} ${chType(col.type)} DEFAULT ${chLiteral(fill, col.type)}${SYNC}`, `Set "${col.name}" of "${c.table}" NOT NULL, NULLs becoming ${JSON.stringify(fill)}`);
  if (col.default === undefined) out.push(...alter(c.table, ctx, `MODIFY COLUMN ${name} REMOVE DEFAULT`, `Drop the backfill default of "${col.name}" of "${c.table}"`));
  return out;
}

function renameTable(from: string, to: string, ctx: EmitContext): Statement {
  return { sql: `RENAME TABLE ${ident(from)} TO ${ident(to)}${onCluster(ctx)}`, comment: `Rename table "${from}" to "${to}"`, source: `table ${to}` };
}

function dropTable(name: string, ctx: EmitContext): Statement {
  return { sql: `DROP TABLE ${ident(name)}${onCluster(ctx)} SYNC`, comment: `Drop "${name}" table`, source: `table ${name}` };
}

/** refusal is what change() emits for a change the engine cannot apply: a statement that fails with the reason, never wrong DDL. */
function refusal(c: Change, reason: string): Statement[] {
  return [{ sql: `SELECT throwIf(1, ${str(`metaxy-compile: ${reason}`)})`, comment: `Cannot be applied on ClickHouse (${c.kind}): ${reason}`, source: c.kind }];
}

// Sort-key columns every table of a store has; user id columns are also in the key, but a
// column change does not say which table columns are ids (see README: interface notes).
const KNOWN_KEY: ReadonlySet<string> = new Set(['metaxy_feature_version', 'metaxy_updated_at']);
const SYSTEM_KEYS: Readonly<Record<string, readonly string[]>> = {
  metaxy_system__feature_versions: ['project', 'feature_key', 'metaxy_definition_version'],
  metaxy_system__events: ['project', 'execution_id', 'timestamp'],
};

function inSortKey(table: string, column: string): boolean {
  const system = Object.entries(SYSTEM_KEYS).find(([name]) => table.endsWith(name));
  return system ? system[1].includes(column) : KNOWN_KEY.has(column);
}

/**
 * clickhouseUnsupported says why ClickHouse cannot apply a change in place, or null. `keyOf`
 * returns a table's ORDER BY columns when the caller knows them; without it only the sort-key
 * columns every table has are recognised.
 */
export function clickhouseUnsupported(c: Change, keyOf: (table: string) => readonly string[] | null = () => null): string | null {
  const key = (table: string, column: string) => keyOf(table)?.includes(column) ?? inSortKey(table, column);
  switch (c.kind) {
    case 'RenameColumn':
      return key(c.table, c.from) ? `column "${c.from}" of "${c.table}" is in the ORDER BY key, which ClickHouse cannot rename` : null;
    case 'DropColumn':
      return key(c.table, c.column.name) ? `column "${c.column.name}" of "${c.table}" is in the ORDER BY key, which ClickHouse cannot drop` : null;
    case 'AlterColumnType':
      return key(c.table, c.from.name) ? `column "${c.from.name}" of "${c.table}" is in the ORDER BY key, whose type ClickHouse cannot change` : null;
    case 'AddIndex':
    case 'DropIndex':
    case 'RenameIndex':
      return 'ClickHouse tables get no secondary indexes from metaxy-compile: the ORDER BY key is their index';
    case 'AddPrimaryKey':
    case 'DropPrimaryKey':
    case 'RenamePrimaryKey':
      return 'ClickHouse has no primary key constraint: the ORDER BY key orders and indexes the rows';
    case 'SetSortKey':
      return `the ORDER BY key of "${c.table}" (its id columns) changes from (${c.from.join(', ')}) to (${c.to.join(', ')}), which ClickHouse cannot do in place: create a new feature and copy the rows`;
    default:
      return null;
  }
}

/** AlwaysRefused are the kinds ClickHouse has nothing for: no secondary index, no key constraint, no in-place sort key change. */
type AlwaysRefused = 'AddIndex' | 'DropIndex' | 'RenameIndex' | 'AddPrimaryKey' | 'DropPrimaryKey' | 'RenamePrimaryKey' | 'SetSortKey';

function change(c: InPlaceChange, ctx: EmitContext): Statement[] {
  const why = clickhouseUnsupported(c);
  // clickhouseUnsupported gives a reason against every change of the AlwaysRefused kinds.
  return why === null ? inPlace(c as Exclude<InPlaceChange, { kind: AlwaysRefused }>, ctx) : refusal(c, why);
}

/** inPlace emits a change ClickHouse can make (clickhouseUnsupported found no reason against it). */
function inPlace(c: Exclude<InPlaceChange, { kind: AlwaysRefused }>, ctx: EmitContext): Statement[] {
  switch (c.kind) {
    case 'AddTable':
      return createTable(c.table, ctx);
    case 'DropTable':
      return [dropTable(c.table.name, ctx)];
    case 'RenameTable':
      return [renameTable(c.from, c.to, ctx)];
    case 'AddColumn':
      return addColumn(c, ctx);
    case 'DropColumn':
      return alter(c.table, ctx, `DROP COLUMN ${ident(c.column.name)}`, `Drop column "${c.column.name}" from "${c.table}"`);
    case 'RenameColumn':
      return alter(c.table, ctx, `RENAME COLUMN ${ident(c.from)} TO ${ident(c.to)}`, `Rename column "${c.from}" of "${c.table}" to "${c.to}"`);
    case 'AlterColumnType': {
      // Nullability is the AlterColumnNull change's; a new default goes with the type so it casts.
      const type = clickhouseColumnType({ type: c.to.type, nullable: c.from.nullable });
      const def = c.to.default === undefined ? '' : ` DEFAULT ${chLiteral(c.to.default, c.to.type)}`;
      return alter(c.table, ctx, `MODIFY COLUMN ${ident(c.to.name)} ${type}${def}`, `Change type of "${c.to.name}" of "${c.table}" to ${type}`);
    }
    case 'AlterColumnNull':
      return alterNull(c, ctx);
    case 'AlterColumnDefault': {
      const col = c.column;
      const action = col.default === undefined ? 'REMOVE DEFAULT' : `DEFAULT ${chLiteral(col.default, col.type)}`;
      return alter(c.table, ctx, `MODIFY COLUMN ${ident(col.name)} ${action}`, `Change default of "${col.name}" of "${c.table}"`);
    }
    case 'SetTableComment':
      return alter(c.table, ctx, `MODIFY COMMENT ${str(c.comment ?? '')}`, `Set comment to table "${c.table}"`);
    case 'SetColumnComment':
      return alter(c.table, ctx, `COMMENT COLUMN ${ident(c.column)} ${str(c.comment ?? '')}`, `Set comment to column "${c.column}" of "${c.table}"`);
    default:
      return assertNever(c);
  }
}

/**
 * clickhouse is the ClickHouse dialect: MergeTree tables ordered by Table.orderBy, inline
 * comments, no transactions, no primary key constraint or secondary indexes. With
 * `[ext.compile] cluster`, every statement runs ON CLUSTER on ReplicatedMergeTree tables (no
 * Distributed front table: Metaxy deletes, truncates and drops by the table's own name).
 */
export const clickhouse: Dialect = {
  name: 'clickhouse',
  label: 'ClickHouse',
  rules: {
    dialect: 'ClickHouse',
    maxIdentifierBytes: null,
    schemaScopedIndexes: false,
    indexNested: false,
    foldCase: 'none',
    identifier: (name, kind) => (kind === 'table' ? tableFileName(name) : null),
    maxColumns: null,
    nestedFieldsAreColumns: false,
    maxKeyColumns: null,
    // Measured on ClickHouse 26.7 (chDB): 498 levels of Array, Tuple or Map exceed max_parser_depth (1000).
    maxTypeDepth: { levels: 497, counts: 'containers' },
    decimal: maxPrecision(76),
  },
  supports: { transactionalDdl: false, indexes: false, alterBlockedByIndex: false, commentStatements: false, addNotNullWithDefault: true, primaryKey: 'none', renameIndex: true, primaryKeyNames: false, alterColumnsInPlace: true, structsInPlace: true, sortKey: true, metaxyByField: { default: 'map', mapDatatype: 'map' } },
  // clickhouse-sqlalchemy reads clickhouse:// (its HTTP driver, Metaxy's connection_string as Ibis takes it) and ships Alembic support.
  tools: { sqlalchemy: { dialect: 'clickhouse', package: 'clickhouse-sqlalchemy', url: '{connection_string}', alembicImpl: false, types: null }, atlas: true },
  rebuild: null, // ClickHouse alters columns and structures in place: no table of it is rebuilt
  ident,
  table: (name) => ident(name),
  type: chType,
  literal: chLiteral,
  createTable: (t, ctx) => createTable(t, ctx),
  change,
  unsupported: (c, before) => clickhouseUnsupported(c, (table) => before(table)?.orderBy ?? null),
};
