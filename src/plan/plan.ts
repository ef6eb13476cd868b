import type { Capabilities } from '../dialects/dialect.js';
import type { Change, ChangeKind } from '../diff/changes.js';
import type { SchemaState, Table } from '../ir/schema.js';

/**
 * PHASES is the declared order of a migration: drops and renames first (so names are free),
 * then alterations, then creations, keys, indexes and comments. Within a phase, changes
 * follow the tables' dependency order (reversed for drops), then the differ's stable order.
 */
export const PHASES: Readonly<Record<ChangeKind, number>> = {
  DropIndex: 1,
  DropPrimaryKey: 2,
  DropTable: 3,
  RenameTable: 4,
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

/**
 * plan adapts changes to what the dialect can do and orders them: DuckDB's limits are worked
 * around (indexes dropped and re-created around blocked ALTERs; a table rebuilt to drop its
 * primary key or to add nested NOT NULL columns), then a stable sort by phase and table order.
 */
export function plan(from: SchemaState, to: SchemaState, changes: readonly Change[], supports: Capabilities): Change[] {
  let list = [...changes];
  const rebuild = new Set<string>();
  for (const c of list) {
    if (!supports.dropPrimaryKey && c.kind === 'DropPrimaryKey') rebuild.add(c.table);
    if (!supports.alterNestedColumns && (c.kind === 'AddColumn' || c.kind === 'AlterColumnNull') && c.column.type.kind !== 'Scalar' && c.column.type.kind !== 'Decimal') rebuild.add(c.table);
  }
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

/** renamedFrom finds the source table of a target table in a change list (itself unless renamed). */
function sourceName(changes: readonly Change[], table: string): string {
  const r = changes.find((c) => c.kind === 'RenameTable' && c.to === table);
  return r && r.kind === 'RenameTable' ? r.from : table;
}

/** rebuildTables replaces every change of the given tables by one RebuildTable each. */
function rebuildTables(from: SchemaState, to: SchemaState, changes: Change[], rebuilt: ReadonlySet<string>): Change[] {
  const out = changes.filter((c) => !rebuilt.has(tableOf(c)) || c.kind === 'DropTable' || c.kind === 'AddTable');
  for (const name of rebuilt) {
    const target = to.tables.find((t) => t.name === name)!;
    const source = from.tables.find((t) => t.name === sourceName(changes, name))!;
    const renames = new Map(changes.flatMap((c) => (c.kind === 'RenameColumn' && c.table === name ? [[c.to, c.from] as const] : [])));
    const sources: Record<string, string | null> = {};
    for (const col of target.columns) {
      const old = renames.get(col.name) ?? col.name;
      sources[col.name] = source.columns.some((c) => c.name === old) ? old : null;
    }
    out.push({ kind: 'RebuildTable', from: source, to: target, sources });
  }
  return out;
}

/** liftIndexes drops a table's secondary indexes before ALTERs the engine blocks while they exist, and re-creates them after. */
function liftIndexes(from: SchemaState, to: SchemaState, changes: Change[]): Change[] {
  const out = [...changes];
  const blocked = new Set(changes.filter((c) => BLOCKED_BY_INDEX.has(c.kind)).map(tableOf));
  for (const name of blocked) {
    const source: Table | undefined = from.tables.find((t) => t.name === sourceName(changes, name));
    const target = to.tables.find((t) => t.name === name);
    if (!source || !target) continue;
    for (const ix of source.indexes) {
      if (changes.some((c) => c.kind === 'DropIndex' && c.index.name === ix.name)) continue;
      out.push({ kind: 'DropIndex', table: name, index: ix });
      const again = target.indexes.find((t) => t.name === ix.name);
      if (again && !changes.some((c) => c.kind === 'AddIndex' && c.index.name === again.name)) out.push({ kind: 'AddIndex', table: name, index: again });
    }
  }
  return out;
}
