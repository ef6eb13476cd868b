import type { Span } from '../diagnostics/diagnostic.js';
import type { DefaultValue } from './feature.js';
import type { ColumnType } from './types.js';

/** Column is one resolved table column. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** undefined: no default; otherwise the literal. */
  readonly default?: DefaultValue;
  readonly comment: string | null;
  /** The column's previous name, from `renamed_from`. */
  readonly renamedFrom: string | null;
  /** Where the column is declared (null for system columns and recorded state). */
  readonly span: Span | null;
}

/** Index is a secondary index with its table-scoped name. */
export interface Index {
  readonly name: string;
  readonly columns: readonly string[];
  readonly unique: boolean;
}

/** PrimaryKey is a named primary key constraint. */
export interface PrimaryKey {
  readonly name: string;
  readonly columns: readonly string[];
}

/** Table is one resolved table of a store: names final (prefixed), ready to emit. */
export interface Table {
  readonly kind: 'Table';
  readonly name: string;
  /** The feature key, or null for Metaxy's system tables. */
  readonly key: string | null;
  readonly comment: string | null;
  readonly columns: readonly Column[];
  readonly primaryKey: PrimaryKey | null;
  readonly indexes: readonly Index[];
  /** The sort key of tables stored by order (ClickHouse ORDER BY), usually the injected key's columns. */
  readonly orderBy: readonly string[];
  /** Names of the tables this one's feature depends on (within this schema). */
  readonly dependsOn: readonly string[];
  /** The table's previous name, from the feature's `renamed_from`. */
  readonly renamedFrom: string | null;
  /** Where the table is defined (null for system tables). */
  readonly span: Span | null;
}

/** SchemaState is every table of a store, in creation order: readonly plain data, comparable as JSON. */
export interface SchemaState {
  readonly kind: 'Schema';
  readonly tables: readonly Table[];
}
