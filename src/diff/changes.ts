import type { DefaultValue } from '../ir/feature.js';
import type { Column, Index, PrimaryKey, Table } from '../ir/schema.js';

/**
 * Change is one typed schema change, named Verb+Object as in Atlas. The differ produces
 * these, never SQL; dialects turn each into statements.
 */
export type Change =
  | { readonly kind: 'AddTable'; readonly table: Table }
  | { readonly kind: 'DropTable'; readonly table: Table }
  | { readonly kind: 'RenameTable'; readonly from: string; readonly to: string }
  | {
      readonly kind: 'AddColumn';
      readonly table: string;
      readonly column: Column;
      /** A value for the rows already there when the column is NOT NULL without a default. */
      readonly backfill?: DefaultValue;
    }
  | { readonly kind: 'DropColumn'; readonly table: string; readonly column: Column }
  | { readonly kind: 'RenameColumn'; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: 'AlterColumnType'; readonly table: string; readonly from: Column; readonly to: Column }
  | {
      readonly kind: 'AlterColumnNull';
      readonly table: string;
      readonly column: Column;
      readonly nullable: boolean;
      /** A value for NULLs already there when the column becomes NOT NULL. */
      readonly backfill?: DefaultValue;
    }
  | { readonly kind: 'AlterColumnDefault'; readonly table: string; readonly column: Column; readonly from?: DefaultValue }
  | { readonly kind: 'SetTableComment'; readonly table: string; readonly comment: string | null; readonly from: string | null }
  | {
      readonly kind: 'SetColumnComment';
      readonly table: string;
      readonly column: string;
      readonly comment: string | null;
      readonly from: string | null;
    }
  | { readonly kind: 'AddIndex'; readonly table: string; readonly index: Index }
  | { readonly kind: 'DropIndex'; readonly table: string; readonly index: Index }
  | { readonly kind: 'RenameIndex'; readonly table: string; readonly from: string; readonly to: string; readonly index: Index }
  | { readonly kind: 'AddPrimaryKey'; readonly table: string; readonly key: PrimaryKey }
  | { readonly kind: 'DropPrimaryKey'; readonly table: string; readonly key: PrimaryKey }
  | { readonly kind: 'RenamePrimaryKey'; readonly table: string; readonly from: string; readonly to: string }
  /** The sort key (ClickHouse ORDER BY, BigQuery CLUSTER BY) changes, with the id columns. */
  | { readonly kind: 'SetSortKey'; readonly table: string; readonly from: readonly string[]; readonly to: readonly string[] }
  /**
   * Rebuild a table by copy, for what the dialect cannot ALTER in place (DuckDB cannot drop a
   * primary key); `sources` maps each new column to the old column it is copied from, or null.
   */
  | { readonly kind: 'RebuildTable'; readonly from: Table; readonly to: Table; readonly sources: Readonly<Record<string, string | null>> };

/** ChangeKind is every kind of change. */
export type ChangeKind = Change['kind'];

/** InPlaceChange is every change a dialect applies itself; a RebuildTable is the one rebuild's (src/dialects/rebuild.ts). */
export type InPlaceChange = Exclude<Change, { readonly kind: 'RebuildTable' }>;
