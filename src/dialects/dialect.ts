import type { ByField, CompileOptions } from '../config/options.js';
import type { StoreConfig } from '../config/store.js';
import type { DialectName } from '../config/stores.js';
import type { Statement } from '../emit/statement.js';
import type { DefaultValue } from '../ir/feature.js';
import type { Column, Index, Table } from '../ir/schema.js';
import type { ColumnType } from '../ir/types.js';
import type { NameRules } from '../resolve/names.js';
import type { Change, InPlaceChange } from '../diff/changes.js';
import type { Py } from '../python/layout.js';

/** EmitContext is what a dialect needs to know of the store beyond the tables. */
export interface EmitContext {
  readonly store: StoreConfig;
  readonly options: CompileOptions;
}

/** Capabilities are the documented differences shared code may ask about (never a dialect's name). */
export interface Capabilities {
  /** DDL runs inside a transaction and rolls back with it. */
  readonly transactionalDdl: boolean;
  /** Secondary indexes exist (BigQuery has none: it clusters instead). */
  readonly indexes: boolean;
  /** ALTER on a column of a table that has a secondary index fails: drop and recreate the indexes around it (DuckDB). */
  readonly alterBlockedByIndex: boolean;
  /** Comments are separate statements (COMMENT ON) rather than part of the column or table definition. */
  readonly commentStatements: boolean;
  /** Columns can be added with a NOT NULL constraint and default in one ALTER. */
  readonly addNotNullWithDefault: boolean;
  /** How an injected primary key exists: a constraint, an unenforced constraint (BigQuery), or none (ClickHouse sorts by ORDER BY). */
  readonly primaryKey: 'constraint' | 'not-enforced' | 'none';
  /** An index can be renamed in place (DuckDB cannot: dropped and re-created). */
  readonly renameIndex: boolean;
  /** The engine keeps primary key constraint names (DuckDB does not: renaming one is nothing to do). */
  readonly primaryKeyNames: boolean;
  /**
   * Columns can be added NOT NULL or of nested types, dropped, retyped and constrained in place,
   * and keys added or dropped. DuckDB 1.5 cannot do these reliably (a primary key blocks type
   * changes and drops, indexes block constraints, UPDATE then SET NOT NULL fails in one
   * transaction, nested columns fail to commit): the planner rebuilds such tables by copy.
   */
  readonly alterColumnsInPlace: boolean;
  /**
   * A STRUCT column can change its members in place. BigQuery DDL cannot (nor turn JSON into a
   * STRUCT): the planner rebuilds such tables by copy, converting the values.
   */
  readonly structsInPlace: boolean;
  /** Tables are stored by a sort key (ClickHouse ORDER BY, BigQuery CLUSTER BY); elsewhere resolve leaves it empty. */
  readonly sortKey: boolean;
  /**
   * How Metaxy's own runtime types the `*_by_field` columns in this store, with its default
   * `enable_map_datatype = false` and with it true (metaxy.md); `[ext.compile] by_field` overrides.
   */
  readonly metaxyByField: { readonly default: ByField; readonly mapDatatype: ByField };
}

/**
 * SqlAlchemyTypes are the SQLAlchemy types of a dialect's column types, for generated metadata:
 * `sa.` is `sqlalchemy`, `module` the dialect's module imported from `sqlalchemy.dialects`.
 */
export interface SqlAlchemyTypes {
  readonly module: string;
  type(t: ColumnType): Py;
}

/** Convert builds the expression that turns a value of one type into another (USING, rebuild copies). */
export type Convert = (expr: string, from: ColumnType, to: ColumnType) => string;

/** RebuildHooks are a dialect's parts of the one rebuild by copy (src/dialects/rebuild.ts). */
export interface RebuildHooks {
  /** convert turns an old column's value into the new column's type. */
  readonly convert: Convert;
  /** typed writes a value as a literal of the column's type on its own (a struct or list literal alone may be typed by its values). */
  typed(value: DefaultValue, t: ColumnType): string;
}

/**
 * MigrationTools is how the tools a migrations folder is written for reach a store of this
 * dialect, as each tool documents its drivers.
 */
export interface MigrationTools {
  /** SQLAlchemy, which Alembic runs on. */
  readonly sqlalchemy: {
    /** SQLAlchemy's name of the dialect: enough for Alembic's offline `--sql`, which connects to nothing. */
    readonly dialect: string;
    /** The Python package that provides the dialect (or its default driver). */
    readonly package: string;
    /** The store's URL from its Metaxy config as Metaxy's `sqlalchemy_url` builds it: a Python format string over the config's keys. */
    readonly url: string;
    /** Alembic has no implementation of the dialect: env.py registers one (what the dialect's package documents). */
    readonly alembicImpl: boolean;
    /**
     * The types of generated SQLAlchemy metadata, where SQLAlchemy itself has the dialect; null
     * where it takes `package`'s dialect, whose types `sqlalchemy` does not write (it refuses the store).
     */
    readonly types: SqlAlchemyTypes | null;
  };
  /** Atlas has a driver for this dialect (atlasgo.io/databases: PostgreSQL in every edition, ClickHouse in the Pro plan; no DuckDB, no BigQuery). */
  readonly atlas: boolean;
}

/** Dialect is one SQL dialect: its names, types, literals and statements, one object per file. */
export interface Dialect {
  readonly name: DialectName;
  readonly label: string;
  readonly rules: NameRules;
  readonly supports: Capabilities;
  readonly tools: MigrationTools;
  /** ident quotes an identifier when it needs it (keyword, upper case, odd characters). */
  ident(name: string): string;
  /** table names a table as statements refer to it (qualified where the store says so). */
  table(name: string, ctx: EmitContext): string;
  /** type prints a logical type in this dialect. */
  type(t: ColumnType): string;
  /** literal prints a default value of the given type. */
  literal(value: DefaultValue, t: ColumnType): string;
  /** createTable emits a table with its keys, indexes and comments. */
  createTable(t: Table, ctx: EmitContext): Statement[];
  /** change emits one typed change of a migration (a table rebuild is src/dialects/rebuild.ts's, with `rebuild`). */
  change(c: InPlaceChange, ctx: EmitContext): Statement[];
  /** How rows are copied into a table rebuilt by copy; null for a dialect whose capabilities let every change be made in place. */
  readonly rebuild: RebuildHooks | null;
  /**
   * unsupported says why this dialect cannot apply a change in place (e.g. BigQuery narrowing
   * a type, ClickHouse renaming an ORDER BY column), or null when it can; `before` gives each
   * table as it was (by its current name). The planner reports such changes as hazards, never as SQL.
   */
  unsupported(c: Change, before: (table: string) => Table | undefined): string | null;
}

/** quoteIfNeeded leaves plain lower-case identifiers bare and quotes the rest with `q`, doubling it inside. */
export function quoteIfNeeded(name: string, keywords: ReadonlySet<string>, q = '"'): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !keywords.has(name)) return name;
  return `${q}${name.replaceAll(q, q + q)}${q}`;
}

/** columnList prints `(a, b, c)` with each name quoted by the dialect. */
export function columnList(d: Pick<Dialect, 'ident'>, columns: readonly string[]): string {
  return `(${columns.map((c) => d.ident(c)).join(', ')})`;
}

/** describeIndex is the comment of an index statement. */
export function indexComment(verb: 'Create' | 'Drop', ix: Index, table: string): string {
  return `${verb} ${ix.unique ? 'unique index' : 'index'} "${ix.name}" ${verb === 'Create' ? 'on' : 'from'} "${table}"`;
}

/** columnSpec prints `name TYPE [NOT NULL] [DEFAULT x]` for dialects with SQL-standard column definitions. */
export function columnSpec(d: Dialect, c: Column): string {
  const parts = [d.ident(c.name), d.type(c.type)];
  if (!c.nullable) parts.push('NOT NULL');
  if (c.default !== undefined) parts.push(`DEFAULT ${d.literal(c.default, c.type)}`);
  return parts.join(' ');
}
