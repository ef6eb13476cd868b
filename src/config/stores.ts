/** DialectName is every SQL dialect the compiler emits. */
export type DialectName = 'postgres' | 'duckdb' | 'clickhouse' | 'bigquery';

/**
 * STORE_TYPES maps Metaxy store import paths (current and legacy) to their SQL dialect,
 * or to null for stores that hold no SQL tables.
 */
export const STORE_TYPES: Readonly<Record<string, DialectName | null>> = {
  'metaxy.ext.duckdb.DuckDBMetadataStore': 'duckdb',
  'metaxy.metadata_store.duckdb.DuckDBMetadataStore': 'duckdb',
  'metaxy.ext.metadata_stores.duckdb.DuckDBMetadataStore': 'duckdb',
  'metaxy.ext.postgresql.PostgreSQLMetadataStore': 'postgres',
  'metaxy.metadata_store.postgresql.PostgreSQLMetadataStore': 'postgres',
  'metaxy.ext.metadata_stores.postgresql.PostgreSQLMetadataStore': 'postgres',
  'metaxy.ext.clickhouse.ClickHouseMetadataStore': 'clickhouse',
  'metaxy.metadata_store.clickhouse.ClickHouseMetadataStore': 'clickhouse',
  'metaxy.ext.metadata_stores.clickhouse.ClickHouseMetadataStore': 'clickhouse',
  'metaxy.ext.bigquery.BigQueryMetadataStore': 'bigquery',
  'metaxy.metadata_store.bigquery.BigQueryMetadataStore': 'bigquery',
  'metaxy.ext.metadata_stores.bigquery.BigQueryMetadataStore': 'bigquery',
  'metaxy.ext.delta.DeltaMetadataStore': null,
  'metaxy.metadata_store.delta.DeltaMetadataStore': null,
  'metaxy.ext.metadata_stores.delta.DeltaMetadataStore': null,
  'metaxy.ext.lancedb.LanceDBMetadataStore': null,
  'metaxy.metadata_store.lancedb.LanceDBMetadataStore': null,
  'metaxy.ext.metadata_stores.lancedb.LanceDBMetadataStore': null,
  'metaxy.ext.iceberg.IcebergMetadataStore': null,
  'metaxy.metadata_store.iceberg.IcebergMetadataStore': null,
  'metaxy.ext.metadata_stores.iceberg.IcebergMetadataStore': null,
  'metaxy.metadata_store.memory.InMemoryMetadataStore': null,
  'metaxy.ext.memory.InMemoryMetadataStore': null,
};

/** dialectOfStoreType returns the dialect of a store type, null for a non-SQL store, undefined for an unknown type. */
export function dialectOfStoreType(type: string): DialectName | null | undefined {
  if (type in STORE_TYPES) return STORE_TYPES[type];
  // Tolerate other module paths that end in a known class name (Metaxy moved stores between modules).
  const cls = type.split('.').pop()!;
  const match = Object.keys(STORE_TYPES).find((k) => k.endsWith(`.${cls}`));
  return match === undefined ? undefined : STORE_TYPES[match];
}
