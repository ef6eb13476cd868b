import type { Span } from '../diagnostics/diagnostic.js';
import type { Change } from '../diff/changes.js';
import type { SchemaState } from '../ir/schema.js';
import { columnOf, tableOf } from './plan.js';
import { typeToString, type ColumnType } from '../ir/types.js';
import { BY_FIELD_COLUMNS } from '../ir/metaxy.js';

/** HazardKind is every kind of risky change `migrate` refuses without --allow-destructive. */
export type HazardKind = 'drop-table' | 'drop-column' | 'narrow-type' | 'not-null-backfill' | 'set-not-null' | 'unsupported';

/** Hazard is one risky change, with where the user declared (or removed) what it touches. */
export interface Hazard {
  readonly kind: HazardKind;
  readonly message: string;
  readonly span: Span;
  /** unsupported changes cannot be written at all, --allow-destructive or not. */
  readonly blocking: boolean;
  /** The change it comes from. */
  readonly change: Change;
}

const INT_BITS: Readonly<Record<string, number>> = { int8: 8, int16: 16, int32: 32, int64: 64 };
const INT_DIGITS: Readonly<Record<string, number>> = { int8: 3, int16: 5, int32: 10, int64: 19 };

/** widens tells whether every value of `from` fits `to` without loss. */
export function widens(from: ColumnType, to: ColumnType): boolean {
  if (typeToString(from) === typeToString(to)) return true;
  if (to.kind === 'Scalar' && to.name === 'string' && from.kind === 'Scalar' && from.name !== 'binary') return true;
  if (from.kind === 'Scalar' && to.kind === 'Scalar') {
    const a = from.name;
    const b = to.name;
    if (a in INT_BITS && b in INT_BITS) return INT_BITS[a]! <= INT_BITS[b]!;
    if (a in INT_BITS && b === 'float64') return INT_BITS[a]! <= 32;
    if (a in INT_BITS && b === 'float32') return INT_BITS[a]! <= 16;
    return a === 'float32' && b === 'float64';
  }
  if (from.kind === 'Scalar' && from.name in INT_BITS && to.kind === 'Decimal') return to.precision - to.scale >= INT_DIGITS[from.name]!;
  if (from.kind === 'Decimal' && to.kind === 'Decimal') return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
  if (from.kind === 'List' && to.kind === 'List') return widens(from.of, to.of);
  if (from.kind === 'Map' && to.kind === 'Map') return widens(from.key, to.key) && widens(from.value, to.value);
  if (from.kind === 'Struct' && to.kind === 'Struct') {
    return from.fields.every((f) => to.fields.some((g) => g.name === f.name && widens(f.type, g.type)));
  }
  return false;
}

/**
 * regroupsByField tells a `*_by_field` column turned from a map or JSON into a struct of
 * strings (a history written before Metaxy's default struct layout): Metaxy's runtime writes
 * exactly one entry per field there, keyed as the struct members are named, so nothing is lost.
 */
function regroupsByField(column: string, from: ColumnType, to: ColumnType): boolean {
  const loose = from.kind === 'Map' || (from.kind === 'Scalar' && from.name === 'json');
  return BY_FIELD_COLUMNS.includes(column) && loose && to.kind === 'Struct' && to.fields.every((f) => f.type.kind === 'Scalar' && f.type.name === 'string');
}

type Found = { readonly kind: HazardKind; readonly message: string; readonly at: { table: string; column?: string } | 'history' } | null;
type Checks = { readonly [K in Change['kind']]: (c: Extract<Change, { kind: K }>) => Found };

/** HAZARDS judges each kind of change: a table of every kind, so a new kind cannot be forgotten. */
const HAZARDS: Checks = {
  DropTable: (c) => ({ kind: 'drop-table', message: `drops table "${c.table.name}" and all its rows`, at: 'history' }),
  DropColumn: (c) => ({ kind: 'drop-column', message: `drops column "${c.column.name}" of "${c.table}" and its data`, at: { table: c.table } }),
  AlterColumnType: (c) =>
    widens(c.from.type, c.to.type) || regroupsByField(c.to.name, c.from.type, c.to.type)
      ? null
      : {
          kind: 'narrow-type',
          message: `changes "${c.to.name}" of "${c.table}" from ${typeToString(c.from.type)} to ${typeToString(c.to.type)}, which may fail or lose data`,
          at: { table: c.table, column: c.to.name },
        },
  AddColumn: (c) =>
    c.backfill === undefined
      ? null
      : {
          kind: 'not-null-backfill',
          message: `adds NOT NULL column "${c.column.name}" to "${c.table}" without a default: existing rows get ${JSON.stringify(c.backfill)}`,
          at: { table: c.table, column: c.column.name },
        },
  AlterColumnNull: (c) =>
    c.nullable
      ? null
      : {
          kind: 'set-not-null',
          message: `makes "${c.column.name}" of "${c.table}" NOT NULL: existing NULLs become ${JSON.stringify(c.backfill ?? null)}`,
          at: { table: c.table, column: c.column.name },
        },
  AddTable: () => null,
  RenameTable: () => null,
  RenameColumn: () => null,
  AlterColumnDefault: () => null,
  SetTableComment: () => null,
  SetColumnComment: () => null,
  AddIndex: () => null,
  DropIndex: () => null,
  RenameIndex: () => null,
  AddPrimaryKey: () => null,
  DropPrimaryKey: () => null,
  RenamePrimaryKey: () => null,
  RebuildTable: () => null,
  SetSortKey: () => null,
};

/**
 * findHazards lists the risky changes of a plan, each at the spec position of what it touches:
 * the target table or column when it still exists, else the place the history records.
 */
export function findHazards(changes: readonly Change[], to: SchemaState, history: Span, unsupported: (c: Change) => string | null): Hazard[] {
  const tables = new Map(to.tables.map((t) => [t.name, t]));
  const tableSpan = (name: string) => tables.get(name)?.span ?? history;
  const spanOf = (at: NonNullable<Found>['at']): Span => {
    if (at === 'history') return history;
    return (at.column === undefined ? undefined : tables.get(at.table)?.columns.find((c) => c.name === at.column)?.span) ?? tableSpan(at.table);
  };
  const out: Hazard[] = [];
  for (const c of changes) {
    const why = unsupported(c);
    if (why !== null) out.push({ kind: 'unsupported', message: why, span: spanOf({ table: tableOf(c), column: columnOf(c) }), blocking: true, change: c });
    const found = (HAZARDS[c.kind] as (c: Change) => Found)(c);
    if (found) out.push({ kind: found.kind, message: found.message, span: spanOf(found.at), blocking: false, change: c });
  }
  return out;
}
