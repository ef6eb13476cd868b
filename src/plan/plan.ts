import type { Capabilities } from '../dialects/dialect.js';
import type { Change, ChangeKind } from '../diff/changes.js';
import type { SchemaState, Table } from '../ir/schema.js';

/**
 * PHASES is the declared order of a migration: drops and renames first (so names are free;
 * tables are renamed before anything refers to them by their new name), then alterations,
 * then creations, keys, indexes and comments. Within a phase, changes follow the tables'
 * dependency order (reversed for drops), then the differ's stable order.
 */
export const PHASES: Readonly<Record<ChangeKind, number>> = {
  DropTable: 1,
  RenameTable: 2,
  DropIndex: 3,
  DropPrimaryKey: 4,
  RenameColumn: 5,
  RenameIndex: 6,
  RenamePrimaryKey: 6,
  DropColumn: 7,
  AlterColumnType: 8,
  AlterColumnDefault: 9,
  AlterColumnNull: 10,
  RebuildTable: 11,
  AddTable: 12,
  AddColumn: 13,
  AddPrimaryKey: 14,
  SetSortKey: 14,
  AddIndex: 15,
  SetTableComment: 16,
  SetColumnComment: 16,
};

const BLOCKED_BY_INDEX: ReadonlySet<ChangeKind> = new Set(['RenameTable', 'RenameColumn', 'DropColumn', 'AlterColumnType', 'AlterColumnNull']);

/** tableOf names the table (in the target state) a change acts on. */
export function tableOf(c: Change): string {
  switch (c.kind) {
    case 'AddTable':
    case 'DropTable':
      return c.table.name;
    case 'RenameTable':
      return c.to;
    case 'RebuildTable':
      return c.to.name;
    default:
      return c.table;
  }
}

/** columnOf names the column a change acts on, if it acts on one. */
export function columnOf(c: Change): string | undefined {
  switch (c.kind) {
    case 'AddColumn':
    case 'DropColumn':
    case 'AlterColumnNull':
    case 'AlterColumnDefault':
      return c.column.name;
    case 'AlterColumnType':
      return c.to.name;
    case 'RenameColumn':
      return c.to;
    case 'SetColumnComment':
      return c.column;
    default:
      return undefined;
  }
}

/**
 * plan adapts changes to what the dialect can do and orders them: DuckDB's limits are worked
 * around (indexes dropped and re-created around blocked ALTERs; a table rebuilt by copy for
 * column changes it cannot make in place), so are BigQuery's STRUCT changes (a rebuild), then a
 * stable sort by phase and table order.
 */
export function plan(from: SchemaState, to: SchemaState, changes: readonly Change[], supports: Capabilities): Change[] {
  let list = [...changes];
  const rebuild = new Set(list.filter((c) => needsRebuild(c, supports)).map(tableOf));
  if (rebuild.size > 0) list = rebuildTables(from, to, list, rebuild);
  if (!supports.primaryKeyNames) list = list.filter((c) => c.kind !== 'RenamePrimaryKey'); // nothing is stored to rename
  if (!supports.renameIndex) list = list.flatMap((c): Change[] => (c.kind === 'RenameIndex' ? [{ kind: 'DropIndex', table: c.table, index: { ...c.index, name: c.from } }, { kind: 'AddIndex', table: c.table, index: c.index }] : [c]));
  if (supports.alterBlockedByIndex) list = liftIndexes(from, to, list);
  const rankTo = new Map(to.tables.map((t, i) => [t.name, i]));
  const rankFrom = new Map(from.tables.map((t, i) => [t.name, i]));
  const rank = (c: Change) => (c.kind === 'DropTable' ? -(rankFrom.get(c.table.name) ?? 0) : (rankTo.get(tableOf(c)) ?? 0));
  return list
    .map((c, i) => ({ c, i }))
    .sort((a, b) => PHASES[a.c.kind] - PHASES[b.c.kind] || rank(a.c) - rank(b.c) || a.i - b.i)
    .map((x) => x.c);
}

const REBUILT_KINDS: ReadonlySet<ChangeKind> = new Set(['DropColumn', 'AlterColumnType', 'AlterColumnNull', 'AddPrimaryKey', 'DropPrimaryKey']);

/**
 * needsRebuild tells which changes a dialect applies by rebuilding the table: every column change
 * it cannot make in place (DuckDB), or a change into a STRUCT where STRUCTs cannot change in place (BigQuery).
 */
function needsRebuild(c: Change, supports: Capabilities): boolean {
  if (!supports.structsInPlace && c.kind === 'AlterColumnType' && c.to.type.kind === 'Struct') return true;
  if (supports.alterColumnsInPlace) return false;
  if (REBUILT_KINDS.has(c.kind)) return true;
  return c.kind === 'AddColumn' && (!c.column.nullable || (c.column.type.kind !== 'Scalar' && c.column.type.kind !== 'Decimal'));
}

/** Lookups is the tables and changes indexed by name, built once per plan (no scan per table). */
interface Lookups {
  readonly from: ReadonlyMap<string, Table>;
  readonly to: ReadonlyMap<string, Table>;
  /** Target table name -> its name in the source state, for renamed tables. */
  readonly renamedTables: ReadonlyMap<string, string>;
}

function lookups(from: SchemaState, to: SchemaState, changes: readonly Change[]): Lookups {
  const byName = (tables: readonly Table[]) => {
    const m = new Map<string, Table>();
    for (const t of tables) if (!m.has(t.name)) m.set(t.name, t);
    return m;
  };
  const renamedTables = new Map<string, string>();
  for (const c of changes) if (c.kind === 'RenameTable' && !renamedTables.has(c.to)) renamedTables.set(c.to, c.from);
  return { from: byName(from.tables), to: byName(to.tables), renamedTables };
}

/** rebuildTables replaces every change of the given tables by one RebuildTable each. */
function rebuildTables(from: SchemaState, to: SchemaState, changes: Change[], rebuilt: ReadonlySet<string>): Change[] {
  const out = changes.filter((c) => !rebuilt.has(tableOf(c)) || c.kind === 'DropTable' || c.kind === 'AddTable');
  const at = lookups(from, to, changes);
  const renamedColumns = new Map<string, Map<string, string>>(); // table -> new column -> old column
  for (const c of changes) {
    if (c.kind !== 'RenameColumn' || !rebuilt.has(c.table)) continue;
    const m = renamedColumns.get(c.table) ?? new Map<string, string>();
    renamedColumns.set(c.table, m.set(c.to, c.from));
  }
  for (const name of rebuilt) {
    const target = at.to.get(name)!;
    const source = at.from.get(at.renamedTables.get(name) ?? name)!;
    const renames = renamedColumns.get(name) ?? new Map<string, string>();
    const sourceColumns = new Set(source.columns.map((c) => c.name));
    const sources: Record<string, string | null> = {};
    for (const col of target.columns) {
      const old = renames.get(col.name) ?? col.name;
      sources[col.name] = sourceColumns.has(old) ? old : null;
    }
    out.push({ kind: 'RebuildTable', from: source, to: target, sources });
  }
  return out;
}

/** liftIndexes drops a table's secondary indexes before ALTERs the engine blocks while they exist, and re-creates them after. */
function liftIndexes(from: SchemaState, to: SchemaState, changes: Change[]): Change[] {
  const out = [...changes];
  const blocked = new Set(changes.filter((c) => BLOCKED_BY_INDEX.has(c.kind)).map(tableOf));
  if (blocked.size === 0) return out;
  const at = lookups(from, to, changes);
  const dropped = new Set(changes.flatMap((c) => (c.kind === 'DropIndex' ? [c.index.name] : [])));
  const added = new Set(changes.flatMap((c) => (c.kind === 'AddIndex' ? [c.index.name] : [])));
  for (const name of blocked) {
    const source: Table | undefined = at.from.get(at.renamedTables.get(name) ?? name);
    const target = at.to.get(name);
    if (!source || !target) continue;
    for (const ix of source.indexes) {
      if (dropped.has(ix.name)) continue;
      out.push({ kind: 'DropIndex', table: name, index: ix });
      const again = target.indexes.find((t) => t.name === ix.name);
      if (again && !added.has(again.name)) out.push({ kind: 'AddIndex', table: name, index: again });
    }
  }
  return out;
}
