import { assertNever } from '../diagnostics/diagnostic.js';
import { maxPrecision } from '../resolve/limits.js';
import { hasControl, sqlString } from '../emit/statement.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import { quoteIfNeeded, type Dialect } from './dialect.js';
import { DUCKDB_KEYWORDS } from './keywords.js';
import { jsonText, scalarLiteral } from './literals.js';
import { castLiteral, standardChange, standardCreateTable } from './standard.js';

const SCALARS: Readonly<Record<ScalarName, string>> = {
  bool: 'BOOLEAN',
  int8: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  string: 'VARCHAR',
  text: 'VARCHAR',
  binary: 'BLOB',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  uuid: 'UUID',
  json: 'JSON',
};

const ident = (name: string) => quoteIfNeeded(name, DUCKDB_KEYWORDS);

function duckType(t: ColumnType): string {
  switch (t.kind) {
    case 'Scalar':
      return SCALARS[t.name];
    case 'Decimal':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'List':
      return `${duckType(t.of)}[]`;
    case 'Struct':
      return `STRUCT(${t.fields.map((f) => `${ident(f.name)} ${duckType(f.type)}`).join(', ')})`;
    case 'Map':
      return `MAP(${duckType(t.key)}, ${duckType(t.value)})`;
    default:
      return assertNever(t);
  }
}

function duckLiteral(value: unknown, t: ColumnType): string {
  if (value === null) return 'NULL';
  switch (t.kind) {
    case 'List': {
      // An empty list literal has no element type: give it the column's.
      const items = value as unknown[];
      return items.length === 0 ? `[]::${duckType(t)}` : `[${items.map((v) => duckLiteral(v, t.of)).join(', ')}]`;
    }
    case 'Struct': {
      const o = value as Record<string, unknown>;
      return `{${t.fields.map((f) => `${sqlString(f.name)}: ${duckLiteral(o[f.name] ?? null, f.type)}`).join(', ')}}`;
    }
    case 'Map':
      return `MAP {${Object.entries(value as object).map(([k, v]) => `${sqlString(k)}: ${duckLiteral(v, t.value)}`).join(', ')}}`;
    case 'Scalar':
      if (t.name === 'json') return sqlString(jsonText(value as never));
      return scalarLiteral(value as never, t);
    case 'Decimal':
      return scalarLiteral(value as never, t);
    default:
      return assertNever(t);
  }
}

/**
 * duckConvert turns a value into another type where a plain cast fails: structs are rebuilt
 * member by member (from a struct, a map or JSON; missing members are NULL), maps from structs,
 * JSON from anything with to_json; everything else is a cast.
 */
function duckConvert(expr: string, from: ColumnType, to: ColumnType): string {
  if (duckType(from) === duckType(to)) return expr;
  if (to.kind === 'Struct') {
    const members = to.fields.map((m) => {
      const key = sqlString(m.name);
      if (from.kind === 'Struct') {
        const old = from.fields.find((f) => f.name === m.name);
        if (old) return duckConvert(`struct_extract(${expr}, ${key})`, old.type, m.type);
      }
      if (from.kind === 'Map') return duckConvert(`map_extract_value(${expr}, ${key})`, from.value, m.type);
      if (from.kind === 'Scalar' && from.name === 'json') return `CAST(json_extract_string(${expr}, ${sqlString(`$."${m.name}"`)}) AS ${duckType(m.type)})`;
      return `NULL::${duckType(m.type)}`;
    });
    const packed = `struct_pack(${to.fields.map((m, i) => `${ident(m.name)} := ${members[i]}`).join(', ')})`;
    return `CASE WHEN ${expr} IS NULL THEN NULL ELSE ${packed} END`;
  }
  if (to.kind === 'Map' && from.kind === 'Struct') {
    const keys = from.fields.map((f) => sqlString(f.name)).join(', ');
    const values = from.fields.map((f) => duckConvert(`struct_extract(${expr}, ${sqlString(f.name)})`, f.type, to.value)).join(', ');
    return `map([${keys}], [${values}])`;
  }
  if (to.kind === 'Scalar' && to.name === 'json' && (from.kind === 'Struct' || from.kind === 'Map')) return `to_json(${expr})`;
  return `CAST(${expr} AS ${duckType(to)})`;
}

/**
 * duckdb is the DuckDB dialect: native LIST, STRUCT and MAP; transactional DDL; an ALTER
 * that renames, retypes or drops a column of a table with a secondary index fails, and a
 * primary key cannot be dropped in place.
 */
export const duckdb: Dialect = {
  name: 'duckdb',
  label: 'DuckDB',
  rules: {
    dialect: 'DuckDB',
    maxIdentifierBytes: null,
    schemaScopedIndexes: true,
    indexNested: false,
    foldCase: 'all', // DuckDB matches identifiers case-insensitively, quoted or not
    identifier: (name) => (hasControl(name) ? 'DuckDB cannot read an escaped identifier (U&"..." is not implemented), so a control character would stand raw in the SQL' : null),
    maxColumns: null,
    nestedFieldsAreColumns: false,
    maxKeyColumns: null,
    // Measured on DuckDB 1.5: 166 levels of LIST, STRUCT or MAP exceed its max_expression_depth (1000).
    maxTypeDepth: { levels: 165, counts: 'containers' },
    decimal: maxPrecision(38),
  },
  supports: { transactionalDdl: true, indexes: true, alterBlockedByIndex: true, commentStatements: true, addNotNullWithDefault: false, primaryKey: 'constraint', renameIndex: false, primaryKeyNames: false, alterColumnsInPlace: false, structsInPlace: true, sortKey: false, metaxyByField: { default: 'struct', mapDatatype: 'map' } },
  // duckdb_engine documents the Alembic implementation env.py registers; Metaxy's DuckDB store builds duckdb:///<database>.
  tools: { sqlalchemy: { dialect: 'duckdb', package: 'duckdb_engine', url: 'duckdb:///{database}', alembicImpl: true, types: null }, atlas: false },
  rebuild: { convert: duckConvert, typed: castLiteral({ literal: duckLiteral, type: duckType }) },
  ident,
  table: ident,
  type: duckType,
  literal: duckLiteral,
  createTable(t, ctx) {
    return standardCreateTable(duckdb, t, ctx);
  },
  change(c, ctx) {
    return standardChange(duckdb, c, ctx, duckConvert);
  },
  unsupported: () => null,
};
