import { assertNever } from '../diagnostics/diagnostic.js';
import { maxPrecision } from '../resolve/limits.js';
import { sqlString } from '../emit/statement.js';
import type { ColumnType, ScalarName } from '../ir/types.js';
import { quoteIfNeeded, type Dialect } from './dialect.js';
import { POSTGRES_KEYWORDS } from './keywords.js';
import { jsonText, scalarLiteral } from './literals.js';
import { standardChange, standardCreateTable } from './standard.js';
import { call, raw, type Py } from '../python/layout.js';

/**
 * PostgreSQL has no 1-byte integer, no struct or map: those become SMALLINT and JSONB. `string` is
 * VARCHAR (no length), as SQLAlchemy's `String` and Metaxy's SQLModel `str` create it; `text` is
 * what `string` was in histories recorded before (metaxy.md), so their next migration converts it.
 */
const SCALARS: Readonly<Record<ScalarName, string>> = {
  bool: 'BOOLEAN',
  int8: 'SMALLINT',
  int16: 'SMALLINT',
  int32: 'INTEGER',
  int64: 'BIGINT',
  float32: 'REAL',
  float64: 'DOUBLE PRECISION',
  string: 'VARCHAR',
  text: 'TEXT',
  binary: 'BYTEA',
  date: 'DATE',
  time: 'TIME',
  timestamp: 'TIMESTAMP',
  timestamptz: 'TIMESTAMPTZ',
  uuid: 'UUID',
  json: 'JSONB',
};

/**
 * postgresArrayOf is the element type of a list stored as a native array, or null: arrays of scalars
 * are native; nested arrays must be rectangular in PostgreSQL, so lists of composites are JSONB.
 */
export function postgresArrayOf(t: Extract<ColumnType, { kind: 'List' }>): ColumnType | null {
  return (t.of.kind === 'Scalar' && t.of.name !== 'json') || t.of.kind === 'Decimal' ? t.of : null;
}

function pgType(t: ColumnType): string {
  switch (t.kind) {
    case 'Scalar':
      return SCALARS[t.name];
    case 'Decimal':
      return `NUMERIC(${t.precision}, ${t.scale})`;
    case 'List': {
      const of = postgresArrayOf(t);
      return of === null ? 'JSONB' : `${pgType(of)}[]`;
    }
    case 'Struct':
    case 'Map':
      return 'JSONB';
    default:
      return assertNever(t);
  }
}

/** SA_SCALARS are SQLAlchemy's spellings of SCALARS: `metadata.create_all()` creates the same columns. */
const SA_SCALARS: Readonly<Record<ScalarName, Py>> = {
  bool: call('sa.BOOLEAN', []),
  int8: call('sa.SMALLINT', []),
  int16: call('sa.SMALLINT', []),
  int32: call('sa.INTEGER', []),
  int64: call('sa.BIGINT', []),
  float32: call('sa.REAL', []),
  float64: call('postgresql.DOUBLE_PRECISION', []),
  string: call('sa.VARCHAR', []),
  text: call('sa.TEXT', []),
  binary: call('postgresql.BYTEA', []),
  date: call('sa.DATE', []),
  time: call('sa.TIME', []),
  timestamp: call('sa.TIMESTAMP', []),
  timestamptz: call('sa.TIMESTAMP', [], [['timezone', raw('True')]]),
  uuid: call('sa.UUID', []),
  json: call('postgresql.JSONB', []),
};

/** sqlalchemyType is the SQLAlchemy type of a column type, as pgType writes it in SQL. */
function sqlalchemyType(t: ColumnType): Py {
  switch (t.kind) {
    case 'Scalar':
      return SA_SCALARS[t.name];
    case 'Decimal':
      return call('sa.NUMERIC', [raw(String(t.precision)), raw(String(t.scale))]);
    case 'List': {
      const of = postgresArrayOf(t);
      return of === null ? SA_SCALARS.json : call('postgresql.ARRAY', [sqlalchemyType(of)]);
    }
    case 'Struct':
    case 'Map':
      return SA_SCALARS.json;
    default:
      return assertNever(t);
  }
}

// Metaxy's PostgreSQL store JSON-encodes the by-field structs into JSONB either way; our map is JSONB here.
const BY_FIELD = { default: 'map', mapDatatype: 'map' } as const;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f\x7f-\x9f\u2028\u2029]/;

/**
 * pgIdent quotes a name when it needs it; a name holding a control character (which PostgreSQL
 * stores) is written as a Unicode-escaped identifier, `U&"a\000Ab"`, so that no line break or
 * control stands raw in the SQL text.
 */
function pgIdent(name: string): string {
  if (!CONTROL.test(name)) return quoteIfNeeded(name, POSTGRES_KEYWORDS);
  const body = name.replace(/[\\"]|[\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (ch) =>
    ch === '\\' ? '\\\\' : ch === '"' ? '""' : `\\${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `U&"${body}"`;
}

/** postgres is the PostgreSQL dialect (15+): transactional DDL, COMMENT ON, 63-byte identifiers. */
export const postgres: Dialect = {
  name: 'postgres',
  label: 'PostgreSQL',
  rules: {
    dialect: 'PostgreSQL',
    maxIdentifierBytes: 63,
    schemaScopedIndexes: true,
    indexNested: true,
    foldCase: 'none',
    // PostgreSQL holds every character but NUL; controls are written U&"..." (pgIdent).
    identifier: () => null,
    maxColumns: 1600, // MaxHeapAttributeNumber
    nestedFieldsAreColumns: false,
    maxKeyColumns: 32, // INDEX_MAX_KEYS
    maxTypeDepth: null, // nested types are JSONB
    decimal: maxPrecision(1000),
  },
  supports: { transactionalDdl: true, indexes: true, alterBlockedByIndex: false, commentStatements: true, addNotNullWithDefault: true, primaryKey: 'constraint', renameIndex: true, primaryKeyNames: true, alterColumnsInPlace: true, structsInPlace: true, sortKey: false, metaxyByField: BY_FIELD },
  // psycopg2 is SQLAlchemy's default driver for postgresql://; Metaxy's sqlalchemy_url is the store's connection_string.
  tools: { sqlalchemy: { dialect: 'postgresql', package: 'psycopg2', url: '{connection_string}', alembicImpl: false, types: { module: 'postgresql', type: sqlalchemyType } }, atlas: true },
  rebuild: null, // PostgreSQL alters columns, keys and structures in place
  ident: pgIdent,
  table: pgIdent,
  type: pgType,
  literal(value, t) {
    if (value === null) return 'NULL';
    const type = pgType(t);
    if (type === 'JSONB') return `${sqlString(jsonText(value))}::JSONB`;
    if (Array.isArray(value)) {
      const inner = t.kind === 'List' ? t.of : t;
      return value.length === 0 ? `'{}'::${type}` : `ARRAY[${value.map((v) => postgres.literal(v as never, inner)).join(', ')}]::${type}`;
    }
    return scalarLiteral(value, t);
  },
  createTable(t, ctx) {
    return standardCreateTable(postgres, t, ctx);
  },
  change(c, ctx) {
    return standardChange(postgres, c, ctx);
  },
  unsupported(c) {
    // PostgreSQL has no cast from JSONB to an array, and a USING expression cannot hold the subquery it would take.
    if (c.kind === 'AlterColumnType' && pgType(c.from.type) === 'JSONB' && pgType(c.to.type).endsWith('[]')) {
      return `PostgreSQL cannot convert "${c.to.name}" of "${c.table}" from JSONB to ${pgType(c.to.type)} in place`;
    }
    return null;
  },
};
