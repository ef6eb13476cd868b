import type { Dialect } from '../../src/dialects/dialect.js';
import type { SchemaState } from '../../src/ir/schema.js';
import type { Catalog, CatalogTable } from '../engines/catalog.js';

// How each engine reports the types we emit (format_type() / duckdb_columns().data_type).
const PG_NAMES: Record<string, string> = {
  BOOLEAN: 'boolean',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  REAL: 'real',
  'DOUBLE PRECISION': 'double precision',
  VARCHAR: 'character varying',
  TEXT: 'text',
  BYTEA: 'bytea',
  DATE: 'date',
  TIME: 'time without time zone',
  TIMESTAMP: 'timestamp without time zone',
  TIMESTAMPTZ: 'timestamp with time zone',
  UUID: 'uuid',
  JSONB: 'jsonb',
};

/** engineType is the type string an engine reports for a type we emitted. */
export function engineType(engine: 'postgres' | 'duckdb', emitted: string): string {
  if (engine === 'postgres') {
    const array = emitted.endsWith('[]');
    const base = array ? emitted.slice(0, -2) : emitted;
    const m = /^NUMERIC\((\d+), (\d+)\)$/.exec(base);
    const name = m ? `numeric(${m[1]},${m[2]})` : PG_NAMES[base];
    if (name === undefined) throw new Error(`no PostgreSQL catalog name for ${emitted}`);
    return array ? `${name}[]` : name;
  }
  // DuckDB prints struct member names with its own quoting rules: compare them unquoted.
  return emitted
    .replaceAll('TIMESTAMPTZ', 'TIMESTAMP WITH TIME ZONE')
    .replace(/DECIMAL\((\d+), (\d+)\)/g, 'DECIMAL($1,$2)')
    .replaceAll('"', '');
}

/**
 * expectedCatalog is what an engine's catalog must show after running the DDL of a schema:
 * names, types, nullability, presence of defaults, keys, indexes and comments. Defaults are
 * compared by presence here and by value in the migration tests (engine against engine).
 */
export function expectedCatalog(schema: SchemaState, d: Dialect, engine: 'postgres' | 'duckdb'): Catalog {
  const tables: CatalogTable[] = schema.tables.map((t) => ({
    name: t.name,
    comment: t.comment,
    columns: t.columns.map((c) => ({
      name: c.name,
      type: engineType(engine, d.type(c.type)),
      nullable: c.nullable && !(t.primaryKey?.columns.includes(c.name) ?? false),
      default: c.default === undefined ? null : 'present',
      comment: c.comment,
    })),
    primaryKey: t.primaryKey ? t.primaryKey.columns : null,
    indexes: [...t.indexes].map((i) => ({ name: i.name, columns: i.columns, unique: i.unique })).sort((a, b) => (a.name < b.name ? -1 : 1)),
  }));
  return { tables: tables.sort((a, b) => (a.name < b.name ? -1 : 1)) };
}

/** presenceOfDefaults replaces each default of a catalog by 'present' (and unquotes DuckDB struct types), to compare with expectedCatalog. */
export function presenceOfDefaults(c: Catalog): Catalog {
  return {
    tables: c.tables.map((t) => ({
      ...t,
      columns: t.columns.map((col) => ({ ...col, type: col.type.replaceAll('"', ''), default: col.default === null ? null : 'present' })),
    })),
  };
}
