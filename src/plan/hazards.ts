import type { Span } from '../diagnostics/diagnostic.js';
import type { Change } from '../diff/changes.js';
import type { SchemaState } from '../ir/schema.js';
import { typeToString, type ColumnType } from '../ir/types.js';

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
 * findHazards lists the risky changes of a plan, each at the spec position of what it touches:
 * the target table or column when it still exists, else the place the history records.
 */
export function findHazards(changes: readonly Change[], to: SchemaState, history: Span, unsupported: (c: Change) => string | null): Hazard[] {
  const tables = new Map(to.tables.map((t) => [t.name, t]));
  const tableSpan = (name: string) => tables.get(name)?.span ?? history;
  const columnSpan = (table: string, column: string) => tables.get(table)?.columns.find((c) => c.name === column)?.span ?? tableSpan(table);
  const out: Hazard[] = [];
  for (const c of changes) {
    const add = (kind: HazardKind, message: string, span: Span) => out.push({ kind, message, span, blocking: false, change: c });
    const why = unsupported(c);
    if (why !== null) out.push({ kind: 'unsupported', message: why, span: 'table' in c && typeof c.table === 'string' ? tableSpan(c.table) : history, blocking: true, change: c });
    switch (c.kind) {
      case 'DropTable':
        add('drop-table', `drops table "${c.table.name}" and all its rows`, history);
        break;
      case 'DropColumn':
        add('drop-column', `drops column "${c.column.name}" of "${c.table}" and its data`, tableSpan(c.table));
        break;
      case 'AlterColumnType':
        if (!widens(c.from.type, c.to.type)) {
          add('narrow-type', `changes "${c.to.name}" of "${c.table}" from ${typeToString(c.from.type)} to ${typeToString(c.to.type)}, which may fail or lose data`, columnSpan(c.table, c.to.name));
        }
        break;
      case 'AddColumn':
        if (c.backfill !== undefined) {
          add('not-null-backfill', `adds NOT NULL column "${c.column.name}" to "${c.table}" without a default: existing rows get ${JSON.stringify(c.backfill)}`, columnSpan(c.table, c.column.name));
        }
        break;
      case 'AlterColumnNull':
        if (!c.nullable) {
          add('set-not-null', `makes "${c.column.name}" of "${c.table}" NOT NULL: existing NULLs become ${JSON.stringify(c.backfill ?? null)}`, columnSpan(c.table, c.column.name));
        }
        break;
      default:
        break;
    }
  }
  return out;
}
