import { assertNever } from '../diagnostics/diagnostic.js';
import { sqlString } from '../emit/statement.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import { quoteIfNeeded, type Dialect } from './dialect.js';
import { DUCKDB_KEYWORDS } from './keywords.js';
import { jsonText, scalarLiteral } from './literals.js';
import { standardChange, standardCreateTable } from './standard.js';

const SCALARS: Readonly<Record<ScalarName, string>> = {
  bool: 'BOOLEAN',
  int8: 'TINYINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  float32: 'FLOAT',
  float64: 'DOUBLE',
  string: 'VARCHAR',
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
 * duckdb is the DuckDB dialect: native LIST, STRUCT and MAP; transactional DDL; an ALTER
 * that renames, retypes or drops a column of a table with a secondary index fails, and a
 * primary key cannot be dropped in place.
 */
export const duckdb: Dialect = {
  name: 'duckdb',
  label: 'DuckDB',
  rules: { dialect: 'DuckDB', maxIdentifierBytes: null, schemaScopedIndexes: true, maxDecimalPrecision: 38 },
  supports: { transactionalDdl: true, indexes: true, alterBlockedByIndex: true, commentStatements: true, addNotNullWithDefault: false, primaryKey: 'constraint', dropPrimaryKey: false, renameIndex: false, primaryKeyNames: false, alterNestedColumns: false },
  ident,
  table: ident,
  type: duckType,
  literal: duckLiteral,
  createTable(t, ctx) {
    return standardCreateTable(duckdb, t, ctx);
  },
  change(c, ctx) {
    return standardChange(duckdb, c, ctx);
  },
  unsupported: () => null,
};
