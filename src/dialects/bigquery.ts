import { assertNever } from '../diagnostics/diagnostic.js';
import type { Change, InPlaceChange } from '../diff/changes.js';
import type { Statement } from '../emit/statement.js';
import type { DefaultValue } from '../ir/feature.js';
import type { Column, Table } from '../ir/schema.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import type { Dialect, EmitContext } from './dialect.js';
import { bigqueryConvert, bigqueryStructChange } from './bigquery-convert.js';
import type { NameKind } from '../resolve/names.js';

/**
 * BigQuery (GoogleSQL) types: every integer is INT64 and every float FLOAT64; `timestamp` (no
 * zone) is DATETIME and `timestamptz` is TIMESTAMP; `uuid` is STRING (BigQuery has no UUID
 * type); maps have no BigQuery type and become JSON (the `*_by_field` columns are STRUCTs: metaxy.md).
 */
const SCALARS: Readonly<Record<ScalarName, string>> = {
  bool: 'BOOL',
  int8: 'INT64',
  int16: 'INT64',
  int32: 'INT64',
  int64: 'INT64',
  float32: 'FLOAT64',
  float64: 'FLOAT64',
  string: 'STRING',
  text: 'STRING',
  binary: 'BYTES',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'DATETIME',
  timestamptz: 'TIMESTAMP',
  uuid: 'STRING',
  json: 'JSON',
};

// GoogleSQL's reserved keywords: these cannot be bare identifiers (checked with ZetaSQL in test/dialects/bigquery.test.ts).
const RESERVED: ReadonlySet<string> = new Set(
  `all and any array as asc assert_rows_modified at between by case cast collate contains create cross cube current
default define desc distinct else end enum escape except exclude exists extract false fetch following for from full
group grouping groups hash having if ignore in inner intersect interval into is join lateral left like limit lookup
merge natural new no not null nulls of on or order outer over partition preceding proto qualify range recursive
respect right rollup rows select set some struct tablesample then to treat true unbounded union unnest using when
where window with within`.split(/\s+/),
);

/** ident leaves plain identifiers bare and backquotes the rest (backslash escapes, as GoogleSQL reads them). */
function ident(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name.toLowerCase())) return name;
  return `\`${escape(name, '`')}\``;
}

/** escape backslash-escapes the quote and backslash, and writes controls and line separators as `\n`, `\uXXXX` (GoogleSQL's escapes). */
function escape(text: string, quote: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (m) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r' })[m] ?? `\\u${m.charCodeAt(0).toString(16).padStart(4, '0')}`).replaceAll(quote, `\\${quote}`);
}

// BigQuery's naming rules (Specify a schema: Column names, Flexible column names; Tables: Table naming).
const COLUMN_CHARS = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}&%=+:'<>#| ]+$/u;
const TABLE_CHARS = /^[\p{L}\p{M}\p{N}\p{Pc}\p{Pd}\p{Zs}]+$/u;
const RESERVED_PREFIXES = ['_table_', '_file_', '_partition', '_row_timestamp', '__root__', '_colidentifier', '_change_sequence_number', '_change_type', '_change_timestamp'];

/** bigqueryName says why BigQuery refuses a table or column name (its characters, a reserved column prefix), or null. */
function bigqueryName(name: string, kind: NameKind): string | null {
  if (kind === 'index') return null; // BigQuery has no index names; its primary key has no name
  if (kind === 'table') return TABLE_CHARS.test(name) ? null : 'a table name holds only letters, marks, numbers, connectors, dashes and spaces';
  if (!COLUMN_CHARS.test(name)) return "a column name holds only letters, marks, numbers, connectors, dashes, spaces and & % = + : ' < > # |";
  const reserved = RESERVED_PREFIXES.find((p) => name.toLowerCase().startsWith(p));
  return reserved === undefined ? null : `a column name cannot start with ${reserved.toUpperCase()}`;
}

/** str quotes text as a GoogleSQL string literal (a doubled quote is not an escape there). */
function str(text: string): string {
  return `'${escape(text, "'")}'`;
}

/** table names a table `dataset.table` (one backquoted path, as BigQuery documents it) when the store has a dataset. */
function table(name: string, ctx: EmitContext): string {
  return ctx.store.dataset === null ? ident(name) : `\`${escape(`${ctx.store.dataset}.${name}`, '`')}\``;
}

/** numericType: NUMERIC holds up to 29 integer and 9 fraction digits, BIGNUMERIC 38 and 38; decimals beyond both do not fit BigQuery. */
function numericType(p: number, s: number): string {
  return s <= 9 && p - s <= 29 ? `NUMERIC(${p}, ${s})` : `BIGNUMERIC(${p}, ${s})`;
}

function bqType(t: ColumnType): string {
  switch (t.kind) {
    case 'Scalar':
      return SCALARS[t.name];
    case 'Decimal':
      return numericType(t.precision, t.scale);
    case 'List': {
      const of = bqType(t.of);
      // BigQuery has no array of arrays: a list of lists is JSON (its values keep their shape).
      return of.startsWith('ARRAY<') ? 'JSON' : `ARRAY<${of}>`;
    }
    case 'Struct':
      return `STRUCT<${t.fields.map((f) => `${ident(f.name)} ${bqType(f.type)}`).join(', ')}>`;
    case 'Map':
      return 'JSON';
    default:
      return assertNever(t);
  }
}

/** repeated: ARRAY columns are REPEATED in BigQuery; they cannot be NOT NULL, and a NULL array reads as []. */
function repeated(t: ColumnType): boolean {
  return bqType(t).startsWith('ARRAY<');
}

const TYPED: Partial<Record<ScalarName, string>> = { date: 'DATE', time: 'TIME', timestamp: 'DATETIME', timestamptz: 'TIMESTAMP' };

function bqLiteral(value: DefaultValue, t: ColumnType): string {
  if (value === null) return 'NULL';
  const type = bqType(t);
  if (type === 'JSON') return `JSON ${str(JSON.stringify(value))}`;
  switch (t.kind) {
    case 'List': {
      const items = value as DefaultValue[];
      return items.length === 0 ? `${type}[]` : `[${items.map((v) => bqLiteral(v, t.of)).join(', ')}]`;
    }
    case 'Struct': {
      const o = value as Record<string, DefaultValue>;
      return `${type}(${t.fields.map((f) => bqLiteral(o[f.name] ?? null, f.type)).join(', ')})`;
    }
    case 'Decimal':
      return `${type.startsWith('BIG') ? 'BIGNUMERIC' : 'NUMERIC'} ${str(String(value))}`;
    case 'Map':
      return `JSON ${str(JSON.stringify(value))}`; // unreachable: maps are JSON
    case 'Scalar': {
      if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
      if (typeof value === 'number') return String(value);
      const text = String(value);
      if (t.name === 'binary') return `b${str(text)}`;
      const typed = TYPED[t.name];
      return typed ? `${typed} ${str(text)}` : str(text);
    }
    default:
      return assertNever(t);
  }
}

function description(text: string | null): string {
  return `OPTIONS(description=${text === null ? 'NULL' : str(text)})`;
}

function columnDef(c: Column): string {
  const parts = [ident(c.name), bqType(c.type)];
  if (c.default !== undefined) parts.push(`DEFAULT ${bqLiteral(c.default, c.type)}`);
  if (!c.nullable && !repeated(c.type)) parts.push('NOT NULL');
  if (c.comment !== null) parts.push(description(c.comment));
  return parts.join(' ');
}

// Clustering columns must be top-level, non-repeated, of a groupable orderable type, at most four.
const CLUSTERABLE = /^(INT64|STRING|BOOL|DATE|DATETIME|TIMESTAMP|NUMERIC|BIGNUMERIC)\b/;

/** bigqueryClusterBy is the first four clusterable columns of Table.orderBy (BigQuery's limit), in order. */
export function bigqueryClusterBy(t: Table): string[] {
  return t.orderBy.filter((n) => CLUSTERABLE.test(bqType(t.columns.find((c) => c.name === n)?.type ?? { kind: 'Scalar', name: 'json' }))).slice(0, 4);
}

function createTable(t: Table, ctx: EmitContext, name = t.name): Statement[] {
  const lines = t.columns.map((c) => `  ${columnDef(c)}`);
  if (t.primaryKey) lines.push(`  PRIMARY KEY (${t.primaryKey.columns.map(ident).join(', ')}) NOT ENFORCED`);
  const cluster = bigqueryClusterBy(t);
  const sql = [
    `CREATE TABLE ${table(name, ctx)} (\n${lines.join(',\n')}\n)`,
    ...(cluster.length > 0 ? [`CLUSTER BY ${cluster.map(ident).join(', ')}`] : []),
    ...(t.comment === null ? [] : [description(t.comment)]),
  ].join('\n');
  return [{ sql, comment: `Create "${name}" table`, source: `table ${t.name}` }];
}

function alter(name: string, ctx: EmitContext, action: string, comment: string): Statement {
  return { sql: `ALTER TABLE ${table(name, ctx)} ${action}`, comment, source: `table ${name}` };
}

const INTEGER_DIGITS = 19; // INT64 holds 19 digits

/**
 * widening says whether SET DATA TYPE may turn `from` into `to`: BigQuery only coerces INT64 to
 * NUMERIC/BIGNUMERIC/FLOAT64, NUMERIC to BIGNUMERIC/FLOAT64, BIGNUMERIC to FLOAT64, and widens
 * NUMERIC/BIGNUMERIC parameters (no fewer integer or fraction digits).
 */
function widening(from: ColumnType, to: ColumnType): boolean {
  const a = bqType(from);
  const b = bqType(to);
  if (a === b) return true;
  const num = /^(BIG)?NUMERIC\((\d+), (\d+)\)$/;
  const ma = num.exec(a);
  const mb = num.exec(b);
  if (b === 'FLOAT64') return a === 'INT64' || ma !== null;
  if (!mb) return false;
  const [p, s] = [Number(mb[2]), Number(mb[3])];
  if (a === 'INT64') return p - s >= INTEGER_DIGITS;
  if (!ma || (ma[1] === 'BIG' && mb[1] !== 'BIG')) return false;
  return s >= Number(ma[3]) && p - s >= Number(ma[2]) - Number(ma[3]);
}

// Columns every table clusters by; user id columns are clustered too, but a column change does
// not say which table columns are ids (see README: interface notes).
const KNOWN_KEY: ReadonlySet<string> = new Set(['metaxy_feature_version', 'metaxy_updated_at']);
const SYSTEM_KEYS: Readonly<Record<string, readonly string[]>> = {
  metaxy_system__feature_versions: ['project', 'feature_key', 'metaxy_definition_version'],
  metaxy_system__events: ['project', 'execution_id', 'timestamp'],
};

/** bigqueryUnsupported says why BigQuery cannot apply a change in place, or null; `before` gives each table as it was, for its clustering columns. */
export function bigqueryUnsupported(c: Change, before: (table: string) => Table | undefined = () => undefined): string | null {
  const clustered = (table: string, column: string): boolean => {
    const t = before(table);
    if (t) return bigqueryClusterBy(t).includes(column);
    const system = Object.entries(SYSTEM_KEYS).find(([name]) => table.endsWith(name));
    return system ? system[1].includes(column) : KNOWN_KEY.has(column);
  };
  switch (c.kind) {
    case 'RenameColumn':
      return clustered(c.table, c.from) ? `column "${c.from}" of "${c.table}" is a clustering column, which BigQuery cannot rename` : null;
    case 'DropColumn':
      return clustered(c.table, c.column.name) ? `column "${c.column.name}" of "${c.table}" is a clustering column, which BigQuery cannot drop` : null;
    case 'AddColumn':
      return c.column.nullable || repeated(c.column.type)
        ? null
        : `BigQuery cannot add a NOT NULL (REQUIRED) column to an existing table: declare "${c.column.name}" of "${c.table}" nullable`;
    case 'AlterColumnNull':
      return c.nullable || repeated(c.column.type) ? null : `BigQuery cannot make an existing column NOT NULL ("${c.column.name}" of "${c.table}")`;
    case 'AlterColumnType': {
      // STRUCT changes are applied by rebuilding the table (capability structsInPlace).
      if (widening(c.from.type, c.to.type) || bigqueryStructChange(c.from.type, c.to.type)) return null;
      const [a, b] = [bqType(c.from.type), bqType(c.to.type)];
      if (a.startsWith('STRUCT<') && b.startsWith('STRUCT<')) {
        return `BigQuery cannot convert the members of STRUCT column "${c.to.name}" of "${c.table}" by copy (only new members, and members cast)`;
      }
      return `BigQuery cannot change "${c.to.name}" of "${c.table}" from ${a} to ${b} in place: only widening numeric changes are allowed`;
    }
    case 'AddIndex':
    case 'DropIndex':
    case 'RenameIndex':
      return 'BigQuery has no secondary indexes: tables are clustered by their key columns instead';
    case 'SetSortKey':
      return `the clustering of "${c.table}" (its id columns) changes from (${c.from.join(', ')}) to (${c.to.join(', ')}), which BigQuery DDL cannot do in place: create a new feature and copy the rows`;
    default:
      return null;
  }
}

/** refusal is what change() emits for a change BigQuery cannot apply: a statement that fails with the reason, never wrong DDL. */
function refusal(c: Change, reason: string): Statement[] {
  return [{ sql: `SELECT ERROR(${str(`metaxy-compile: ${reason}`)})`, comment: `Cannot be applied on BigQuery (${c.kind}): ${reason}`, source: c.kind }];
}

function addColumn(c: Extract<Change, { kind: 'AddColumn' }>, ctx: EmitContext): Statement[] {
  const col = c.column;
  const out = [alter(c.table, ctx, `ADD COLUMN ${columnDef({ ...col, nullable: true })}`, `Add column "${col.name}" to "${c.table}"`)];
  // A column added with a default is NULL in the rows already there: give them the default, as the other dialects do.
  const fill = col.default ?? (repeated(col.type) ? undefined : c.backfill);
  if (fill !== undefined) {
    out.push({ sql: `UPDATE ${table(c.table, ctx)} SET ${ident(col.name)} = ${bqLiteral(fill, col.type)} WHERE TRUE`, comment: `Fill "${col.name}" of the rows already in "${c.table}"`, source: `column ${c.table}.${col.name}` });
  }
  return out;
}

/** AlwaysRefused are the kinds BigQuery has nothing for: no secondary index, no in-place clustering change. */
type AlwaysRefused = 'AddIndex' | 'DropIndex' | 'RenameIndex' | 'SetSortKey';

function change(c: InPlaceChange, ctx: EmitContext): Statement[] {
  const why = bigqueryUnsupported(c);
  // bigqueryUnsupported gives a reason against every change of the AlwaysRefused kinds.
  return why === null ? inPlace(c as Exclude<InPlaceChange, { kind: AlwaysRefused }>, ctx) : refusal(c, why);
}

/** inPlace emits a change BigQuery can make (bigqueryUnsupported found no reason against it). */
function inPlace(c: Exclude<InPlaceChange, { kind: AlwaysRefused }>, ctx: EmitContext): Statement[] {
  const col = (name: string) => ident(name);
  switch (c.kind) {
    case 'AddTable':
      return createTable(c.table, ctx);
    case 'DropTable':
      return [{ sql: `DROP TABLE ${table(c.table.name, ctx)}`, comment: `Drop "${c.table.name}" table`, source: `table ${c.table.name}` }];
    case 'RenameTable':
      return [alter(c.from, ctx, `RENAME TO ${ident(c.to)}`, `Rename table "${c.from}" to "${c.to}"`)];
    case 'AddColumn':
      return addColumn(c, ctx);
    case 'DropColumn':
      return [alter(c.table, ctx, `DROP COLUMN ${col(c.column.name)}`, `Drop column "${c.column.name}" from "${c.table}"`)];
    case 'RenameColumn':
      return [alter(c.table, ctx, `RENAME COLUMN ${col(c.from)} TO ${col(c.to)}`, `Rename column "${c.from}" of "${c.table}" to "${c.to}"`)];
    case 'AlterColumnType':
      // Logical types that share a BigQuery type (int8..int64, float32/64, map/json) change nothing stored.
      if (bqType(c.from.type) === bqType(c.to.type)) return [];
      if (c.to.type.kind === 'Struct') return refusal(c, 'a STRUCT changes by rebuilding its table, which the planner does (capability structsInPlace)');
      return [alter(c.table, ctx, `ALTER COLUMN ${col(c.to.name)} SET DATA TYPE ${bqType(c.to.type)}`, `Change type of "${c.to.name}" of "${c.table}" to ${bqType(c.to.type)}`)];
    case 'AlterColumnNull':
      // An ARRAY column is REPEATED whatever the spec says: its nullability is not stored.
      if (repeated(c.column.type)) return [];
      return [alter(c.table, ctx, `ALTER COLUMN ${col(c.column.name)} DROP NOT NULL`, `Make "${c.column.name}" of "${c.table}" nullable`)];
    case 'AlterColumnDefault': {
      const d = c.column.default;
      const action = d === undefined ? 'DROP DEFAULT' : `SET DEFAULT ${bqLiteral(d, c.column.type)}`;
      return [alter(c.table, ctx, `ALTER COLUMN ${col(c.column.name)} ${action}`, `Change default of "${c.column.name}" of "${c.table}"`)];
    }
    case 'SetTableComment':
      return [alter(c.table, ctx, `SET ${description(c.comment)}`, `Set comment to table "${c.table}"`)];
    case 'SetColumnComment':
      return [alter(c.table, ctx, `ALTER COLUMN ${col(c.column)} SET ${description(c.comment)}`, `Set comment to column "${c.column}" of "${c.table}"`)];
    case 'AddPrimaryKey':
      return [alter(c.table, ctx, `ADD PRIMARY KEY (${c.key.columns.map(col).join(', ')}) NOT ENFORCED`, `Add primary key "${c.key.name}" to "${c.table}"`)];
    case 'DropPrimaryKey':
      return [alter(c.table, ctx, 'DROP PRIMARY KEY', `Drop primary key "${c.key.name}" from "${c.table}"`)];
    case 'RenamePrimaryKey':
      // BigQuery primary keys have no name: nothing is stored to rename (capability primaryKeyNames).
      return [];
    default:
      return assertNever(c);
  }
}

/**
 * bigquery is the BigQuery dialect: tables qualified by the store's dataset, descriptions as
 * OPTIONS, an unenforced primary key, CLUSTER BY instead of indexes, and only the in-place
 * changes BigQuery allows (the rest are refused through unsupported()).
 */
export const bigquery: Dialect = {
  name: 'bigquery',
  label: 'BigQuery',
  rules: {
    dialect: 'BigQuery',
    maxIdentifierBytes: 300,
    schemaScopedIndexes: false,
    indexNested: false,
    foldCase: 'columns', // duplicate column names are not allowed even if the case differs
    identifier: bigqueryName,
    maxColumns: 10_000, // columns and nested fields of a table
    nestedFieldsAreColumns: true,
    maxKeyColumns: null,
    maxTypeDepth: { levels: 15, counts: 'structs' }, // nested RECORD (STRUCT) levels
    decimal: (p, s) => (s <= 9 && p - s <= 29) || (s <= 38 && p - s <= 38) ? null : 'NUMERIC holds 29 integer and 9 fraction digits, BIGNUMERIC 38 and 38',
  },
  supports: { transactionalDdl: false, indexes: false, alterBlockedByIndex: false, commentStatements: false, addNotNullWithDefault: false, primaryKey: 'not-enforced', renameIndex: false, primaryKeyNames: false, alterColumnsInPlace: true, structsInPlace: false, sortKey: true, metaxyByField: { default: 'struct', mapDatatype: 'struct' } },
  // sqlalchemy-bigquery's URL is bigquery://<project>/<dataset> and it ships Alembic support.
  tools: { sqlalchemy: { dialect: 'bigquery', package: 'sqlalchemy-bigquery', url: 'bigquery://{project_id}/{dataset_id}', alembicImpl: false, types: null }, atlas: false },
  // BigQuery DDL cannot change a STRUCT's members: such a table is rebuilt, its values converted member by member.
  rebuild: { convert: (expr, from, to) => bigqueryConvert({ ident, type: bqType, literal: bqLiteral }, expr, from, to), typed: bqLiteral },
  ident,
  table,
  type: bqType,
  literal: bqLiteral,
  createTable: (t, ctx) => createTable(t, ctx),
  change,
  unsupported: bigqueryUnsupported,
};
