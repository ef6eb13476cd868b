import type { DefaultValue } from '../ir/feature.js';
import type { Column, Index, SchemaState, Table } from '../ir/schema.js';
import { sameType, type ColumnType } from '../ir/types.js';
import type { Change } from './changes.js';

/** Renames says which names of the target state had another name in the source state (new name -> old name). */
export interface Renames {
  readonly tables: ReadonlyMap<string, string>;
  /** Per target table name: new column name -> old column name. */
  readonly columns: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** hintedRenames reads the `renamed_from` hints of a target state: renames are never guessed. */
export function hintedRenames(to: SchemaState): Renames {
  const tables = new Map<string, string>();
  const columns = new Map<string, Map<string, string>>();
  for (const t of to.tables) {
    if (t.renamedFrom !== null) tables.set(t.name, t.renamedFrom);
    if (!t.columns.some((c) => c.renamedFrom !== null)) continue; // most tables: no map and no array each
    columns.set(t.name, new Map(t.columns.filter((c) => c.renamedFrom !== null).map((c) => [c.name, c.renamedFrom!])));
  }
  return { tables, columns };
}

/** invertRenames turns the renames of an up migration into those of its down migration. */
export function invertRenames(r: Renames, from: SchemaState, to: SchemaState): Renames {
  const tables = new Map<string, string>();
  const applied = new Map<string, string>(); // new table -> old table, for renames that really happen
  const toNames = new Set(to.tables.map((t) => t.name));
  const fromNames = new Set(from.tables.map((t) => t.name));
  for (const [n, o] of r.tables) if (toNames.has(n) && fromNames.has(o)) applied.set(n, o);
  for (const [n, o] of applied) tables.set(o, n);
  const columns = new Map<string, Map<string, string>>();
  for (const [table, cols] of r.columns) {
    const old = applied.get(table) ?? table;
    columns.set(old, new Map([...cols].map(([n, o]) => [o, n])));
  }
  return { tables, columns };
}

/**
 * diff compares two schema states and returns the typed changes that turn `from` into `to`,
 * grouped by table, unordered across kinds (ordering is the planner's). Renames come only
 * from `renames`; column order is ignored.
 */
export function diff(from: SchemaState, to: SchemaState, renames: Renames): Change[] {
  const out: Change[] = [];
  const before = new Map(from.tables.map((t) => [t.name, t]));
  const after = new Set(to.tables.map((t) => t.name));
  const matched = new Set<string>();
  for (const t of to.tables) {
    let f = before.get(t.name);
    const old = renames.tables.get(t.name);
    if (!f && old !== undefined && before.has(old) && !after.has(old)) {
      f = before.get(old)!;
      out.push({ kind: 'RenameTable', from: old, to: t.name });
    }
    if (!f) {
      out.push({ kind: 'AddTable', table: t });
      continue;
    }
    matched.add(f.name);
    // A recorded table read as the very table of the target state has not changed (parseState).
    if (f !== t) diffTable(f, t, renames.columns.get(t.name) ?? NO_RENAMES, out);
  }
  for (const f of from.tables) if (!matched.has(f.name)) out.push({ kind: 'DropTable', table: f });
  return out;
}

const NO_RENAMES: ReadonlyMap<string, string> = new Map();

/** diffTable appends the changes of one table to out (no array per table or column: 50,000 tables). */
function diffTable(f: Table, t: Table, renamed: ReadonlyMap<string, string>, out: Change[]): void {
  const table = t.name;
  if (renamed.size === 0 && sameColumnNames(f.columns, t.columns)) {
    // The common case: the same columns in the same order, compared pairwise (no lookup table).
    for (let i = 0; i < t.columns.length; i++) diffColumn(table, f.columns[i]!, t.columns[i]!, out);
  } else diffColumns(f, t, renamed, out);
  if (f.comment !== t.comment) out.push({ kind: 'SetTableComment', table, comment: t.comment, from: f.comment });
  diffPrimaryKey(f, t, out);
  if (!sameList(f.orderBy, t.orderBy)) out.push({ kind: 'SetSortKey', table, from: f.orderBy, to: t.orderBy });
  diffIndexes(f, t, out);
}

function sameColumnNames(a: readonly Column[], b: readonly Column[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.name !== b[i]!.name) return false;
  return true;
}

function diffColumns(f: Table, t: Table, renamed: ReadonlyMap<string, string>, out: Change[]): void {
  const table = t.name;
  const before = new Map(f.columns.map((c) => [c.name, c]));
  const used = new Set<string>();
  for (const c of t.columns) {
    let old = before.get(c.name);
    const hint = renamed.get(c.name);
    if (!old && hint !== undefined && before.has(hint) && !t.columns.some((x) => x.name === hint)) {
      old = before.get(hint)!;
      out.push({ kind: 'RenameColumn', table, from: hint, to: c.name });
    }
    if (!old) {
      const backfill = !c.nullable && c.default === undefined ? zeroValue(c.type) : undefined;
      out.push({ kind: 'AddColumn', table, column: c, ...(backfill === undefined ? {} : { backfill }) });
      continue;
    }
    used.add(old.name);
    diffColumn(table, old, c, out);
  }
  for (const c of f.columns) if (!used.has(c.name)) out.push({ kind: 'DropColumn', table, column: c });
}

function diffColumn(table: string, f: Column, t: Column, out: Change[]): void {
  if (!sameType(f.type, t.type)) out.push({ kind: 'AlterColumnType', table, from: { ...f, name: t.name }, to: t });
  if (f.nullable !== t.nullable) {
    const backfill = t.nullable ? undefined : (t.default ?? zeroValue(t.type));
    out.push({ kind: 'AlterColumnNull', table, column: t, nullable: t.nullable, ...(backfill === undefined ? {} : { backfill }) });
  }
  if (!sameDefault(f.default, t.default) || (f.default !== undefined && !sameType(f.type, t.type))) {
    out.push({ kind: 'AlterColumnDefault', table, column: t, ...(f.default === undefined ? {} : { from: f.default }) });
  }
  if (f.comment !== t.comment) out.push({ kind: 'SetColumnComment', table, column: t.name, comment: t.comment, from: f.comment });
}

function diffPrimaryKey(f: Table, t: Table, out: Change[]): void {
  const a = f.primaryKey;
  const b = t.primaryKey;
  if (a && b && sameList(a.columns, b.columns)) {
    if (a.name !== b.name) out.push({ kind: 'RenamePrimaryKey', table: t.name, from: a.name, to: b.name });
    return;
  }
  if (a) out.push({ kind: 'DropPrimaryKey', table: t.name, key: a });
  if (b) out.push({ kind: 'AddPrimaryKey', table: t.name, key: b });
}

function diffIndexes(f: Table, t: Table, out: Change[]): void {
  const same = (a: Index, b: Index) => a.unique === b.unique && sameList(a.columns, b.columns);
  const after = new Map(t.indexes.map((i) => [i.name, i]));
  const kept = new Set<string>();
  for (const i of f.indexes) {
    const twin = after.get(i.name);
    if (twin && same(i, twin)) {
      kept.add(i.name);
      continue;
    }
    // A table rename renames the indexes named after it: rename them instead of rebuilding.
    const renamed = f.name !== t.name && i.name.includes(f.name) ? after.get(i.name.replace(f.name, t.name)) : undefined;
    if (renamed && same(i, renamed) && !f.indexes.some((x) => x.name === renamed.name)) {
      kept.add(renamed.name);
      out.push({ kind: 'RenameIndex', table: t.name, from: i.name, to: renamed.name, index: renamed });
      continue;
    }
    out.push({ kind: 'DropIndex', table: t.name, index: i });
  }
  for (const i of t.indexes) if (!kept.has(i.name)) out.push({ kind: 'AddIndex', table: t.name, index: i });
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function sameDefault(a: DefaultValue | undefined, b: DefaultValue | undefined): boolean {
  if (a === b) return true; // most columns: both undefined, or the same string or number
  return JSON.stringify(a) === JSON.stringify(b);
}

/** zeroValue is the value given to existing rows of a new NOT NULL column without default: 0, '', false, [], {}. */
export function zeroValue(t: ColumnType): DefaultValue {
  switch (t.kind) {
    case 'Decimal':
      return 0;
    case 'List':
      return [];
    case 'Map':
      return {};
    case 'Struct':
      return Object.fromEntries(t.fields.map((f) => [f.name, zeroValue(f.type)]));
    case 'Scalar':
      switch (t.name) {
        case 'bool':
          return false;
        case 'string':
        case 'text':
        case 'binary':
          return '';
        case 'json':
          return {};
        case 'date':
          return '1970-01-01';
        case 'time':
          return '00:00:00';
        case 'timestamp':
          return '1970-01-01 00:00:00';
        case 'timestamptz':
          return '1970-01-01 00:00:00+00';
        case 'uuid':
          return '00000000-0000-0000-0000-000000000000';
        default:
          return 0;
      }
  }
}
