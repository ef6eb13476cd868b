import { createHash } from 'node:crypto';
import type { ByField, CompileOptions } from '../config/options.js';
import type { Capabilities } from '../dialects/dialect.js';
import type { StoreConfig } from '../config/store.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { tableBaseName, type Feature } from '../ir/feature.js';
import type { Column, Index, SchemaState, Table } from '../ir/schema.js';
import { byFieldType, systemColumns, systemTables } from './system.js';
import { MinHeap } from '../util/min-heap.js';
import { checkNames, type NameRules } from './names.js';
import { selectFeatures, type ProjectFilter } from './projects.js';


/** ResolveRequest is everything resolve needs besides the features. */
export interface ResolveRequest {
  readonly store: StoreConfig;
  readonly options: CompileOptions;
  readonly projects: ProjectFilter;
  /** The project of features that name none (the config's `project`). */
  readonly defaultProject: string | null;
  readonly rules: NameRules;
  /** Metaxy's `enable_map_datatype`: with `supports.metaxyByField`, the `*_by_field` type when `by_field` is not set. */
  readonly enableMapDatatype: boolean;
  /** Where the store is configured: problems of its table prefix and of the system tables are reported there. */
  readonly storeSpan: Span;
  /** What the dialect has: no indexes (BigQuery) or no primary key constraint (ClickHouse) drop them from the model. */
  readonly supports: Pick<Capabilities, 'indexes' | 'primaryKey' | 'sortKey' | 'metaxyByField'>;
}

/**
 * tableShape is what the store's tables may hold: a DuckLake store (a DuckDB store with a
 * `ducklake` attachment) has no primary keys or indexes, whatever DuckDB itself supports.
 */
function tableShape(req: ResolveRequest): { keys: boolean; indexes: boolean; byField: ByField } {
  const lake = req.store.ducklake;
  const byField = req.options.byField ?? (req.enableMapDatatype ? req.supports.metaxyByField.mapDatatype : req.supports.metaxyByField.default);
  return { keys: req.supports.primaryKey !== 'none' && !lake, indexes: req.supports.indexes && !lake, byField };
}

/**
 * resolve turns validated features into the tables of one store: prefixed names, system
 * columns and tables, injected keys, generated index names, creation order (deps first, ties
 * by key), then checks every name against the dialect's rules.
 */
export function resolve(features: readonly Feature[], req: ResolveRequest): { schema: SchemaState; diagnostics: Diagnostic[] } {
  const selected = selectFeatures(features, req.projects, req.defaultProject);
  const prefix = req.store.tablePrefix;
  const nameOf = (parts: readonly string[]) => prefix + tableBaseName(parts);
  const present = new Set(selected.map((f) => nameOf(f.parts)));
  const userNamed = new Set(selected.flatMap((f) => f.indexes.filter((i) => i.name !== null).map((i) => i.name!)));
  const fit = (n: string) => (userNamed.has(n) ? n : fitName(n, req.rules.maxIdentifierBytes));
  const shape = tableShape(req);
  // Each table is built once, its dependencies and fitted names included (no copy per step: 50,000 tables).
  // The system columns are the same for every table unless by_field is a struct of its fields.
  const shared = shape.byField === 'struct' ? null : systemColumns(byFieldType(shape.byField, []));
  const tables = selected.map((f) => featureTable(f, { nameOf, present, fit, shared, options: req.options, shape, sortKey: req.supports.sortKey }));
  const system = systemTables(prefix).map((t) => ({
    ...t,
    primaryKey: !shape.keys || !t.primaryKey ? null : { ...t.primaryKey, name: fit(t.primaryKey.name) },
    indexes: shape.indexes ? t.indexes.map((i) => ({ ...i, name: fit(i.name) })) : [],
    orderBy: req.supports.sortKey ? t.orderBy : [],
  }));
  const ordered = [...system, ...dependencyOrder(tables)];
  const diagnostics = checkNames(ordered, req.rules, { text: prefix, span: req.storeSpan });
  return { schema: { kind: 'Schema', tables: ordered }, diagnostics };
}

interface TableContext {
  readonly nameOf: (parts: readonly string[]) => string;
  /** The tables of the selected features: dependencies on others are not kept. */
  readonly present: ReadonlySet<string>;
  /** fit shortens a generated name to the dialect's limit. */
  readonly fit: (name: string) => string;
  /** The system columns when they do not depend on the feature. */
  readonly shared: readonly Column[] | null;
  readonly options: CompileOptions;
  readonly shape: ReturnType<typeof tableShape>;
  readonly sortKey: boolean;
}

function featureTable(f: Feature, cx: TableContext): Table {
  const { nameOf, options, shape, fit } = cx;
  const name = nameOf(f.parts);
  const keyColumns = ['metaxy_feature_version', ...f.idColumns, 'metaxy_updated_at'];
  const user: Column[] = f.columns.map((c) =>
    c.default === undefined
      ? { name: c.name, type: c.type, nullable: c.nullable, comment: c.description || null, renamedFrom: c.renamedFrom, span: c.span }
      : { name: c.name, type: c.type, nullable: c.nullable, default: c.default, comment: c.description || null, renamedFrom: c.renamedFrom, span: c.span },
  );
  const indexes: Index[] = f.indexes.map((ix) => ({
    name: fit(ix.name ?? generatedName(name, ix.columns, ix.unique ? 'key' : 'idx')),
    columns: ix.columns,
    unique: ix.unique,
  }));
  if (options.injectIndex) indexes.unshift({ name: fit(`${name}_metaxy_idx`), columns: keyColumns, unique: false });
  const dependsOn = [...new Set(f.deps.map((d) => nameOf(d.feature.split('/'))))].filter((n) => cx.present.has(n)).sort();
  return {
    kind: 'Table',
    name,
    key: f.key,
    comment: f.description || null, // an empty description is no comment (PostgreSQL's COMMENT IS '' removes it)
    columns: [...user, ...(cx.shared ?? systemColumns(byFieldType(shape.byField, f.fields)))],
    primaryKey: options.injectPrimaryKey && shape.keys ? { name: fit(`${name}_metaxy_pk`), columns: keyColumns } : null,
    indexes: shape.indexes ? indexes : [],
    orderBy: cx.sortKey ? keyColumns : [],
    dependsOn,
    renamedFrom: f.renamedFrom === null ? null : nameOf(f.renamedFrom.split('/')),
    span: f.span,
  };
}

/**
 * fitName shortens a generated name (index, key) that is longer than the dialect allows:
 * its start, `_`, and 8 hex digits of its SHA-256, so it stays unique and deterministic.
 */
export function fitName(name: string, limit: number | null): string {
  if (limit === null || Buffer.byteLength(name) <= limit) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${Buffer.from(name).subarray(0, limit - 9).toString('utf8').replace(/\uFFFD$/, '')}_${hash}`;
}

/** generatedName names an index after its table and columns, in plain lower-case characters. */
function generatedName(table: string, columns: readonly string[], suffix: string): string {
  return `${table}_${columns.join('_')}_${suffix}`.toLowerCase().replace(/[^a-z0-9_]+/g, '_');
}

/**
 * dependencyOrder sorts tables so that each comes after the tables it depends on; among the
 * tables ready at any point the smallest feature key goes first (Kahn's algorithm).
 */
export function dependencyOrder<T extends Pick<Table, 'name' | 'key' | 'dependsOn'>>(tables: readonly T[]): T[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const waiting = new Map(tables.map((t) => [t.name, t.dependsOn.filter((d) => byName.has(d) && d !== t.name).length]));
  const dependents = new Map<string, string[]>();
  for (const t of tables) {
    for (const d of t.dependsOn) {
      if (d === t.name) continue;
      const list = dependents.get(d);
      if (list) list.push(t.name); // not a copy per dependent: a feature with thousands of dependents is linear
      else dependents.set(d, [t.name]);
    }
  }
  // Ties by key: the heap holds each table's rank in key order (numbers compare faster than keys).
  const sortKey = (t: T) => t.key ?? t.name;
  const byKey = [...tables].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  const ready = new MinHeap<number>((a, b) => a < b);
  const rank = new Map(byKey.map((t, i) => [t.name, i]));
  for (const [i, t] of byKey.entries()) if (waiting.get(t.name) === 0) ready.push(i);
  const out: T[] = [];
  while (ready.size > 0) {
    const t = byKey[ready.pop()!]!;
    out.push(t);
    for (const n of dependents.get(t.name) ?? []) {
      const left = waiting.get(n)! - 1;
      waiting.set(n, left);
      if (left === 0) ready.push(rank.get(n)!);
    }
  }
  return out; // acyclic: validated earlier
}
