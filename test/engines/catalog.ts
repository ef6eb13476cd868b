/**
 * Engine-neutral shapes for executing SQL on a real engine and reading its
 * catalog back. Types only; implementations live in postgres.ts / duckdb.ts.
 *
 * Values are reported exactly as each engine spells them (e.g. Postgres
 * `character varying` vs DuckDB `VARCHAR`); nothing is normalised.
 */

/** One table column, as the engine reports it. */
export interface CatalogColumn {
  readonly name: string;
  /** Engine type spelling: Postgres `format_type()`, DuckDB `data_type`. */
  readonly type: string;
  readonly nullable: boolean;
  /** Default expression text as the engine renders it, or null. */
  readonly default: string | null;
  readonly comment: string | null;
}

/** A secondary index or unique constraint (never the primary-key index). */
export interface CatalogIndex {
  readonly name: string;
  /** Key columns in index order; expression keys appear as expression text. */
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** One base table of the default schema (Postgres `public`, DuckDB `main`). */
export interface CatalogTable {
  readonly name: string;
  readonly comment: string | null;
  /** Columns in ordinal order. */
  readonly columns: readonly CatalogColumn[];
  /** Primary-key columns in key order, or null when there is no primary key. */
  readonly primaryKey: readonly string[] | null;
  /** Indexes sorted by name, excluding the primary-key index. */
  readonly indexes: readonly CatalogIndex[];
}

/** Snapshot of the default schema; tables sorted by name (code-unit order). */
export interface Catalog {
  readonly tables: readonly CatalogTable[];
}

/** A live database engine under test. */
export interface Engine {
  readonly name: 'postgres' | 'duckdb';
  /** Runs a multi-statement script (comments, BEGIN/COMMIT allowed). On error an open transaction is rolled back, then the error is rethrown. */
  exec(sql: string): Promise<void>;
  /** Runs SQL and returns the rows of its last statement. */
  query(sql: string): Promise<Record<string, unknown>[]>;
  /** Reads the default schema's tables, columns, primary keys and indexes. */
  catalog(): Promise<Catalog>;
  /** Drops everything so the engine is empty again. */
  reset(): Promise<void>;
  /** Releases the engine; further calls are invalid. */
  close(): Promise<void>;
}
