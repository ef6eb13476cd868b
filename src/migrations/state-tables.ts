import type { DefaultValue } from '../ir/feature.js';
import type { Column, Index, PrimaryKey, Table } from '../ir/schema.js';
import type { ColumnType } from '../ir/types.js';
import { parseTypeShared, typeText } from '../spec/type-parser.js';

/**
 * How history format 3 records tables: one JSON object per table and line, holding what the
 * differ compares and nothing else (no source positions, no rename hints), each column a tuple
 * `[name, type, nullable]`, then `comment` and `default` when it has them, its type as the
 * spec writes it. The columns every table ends with (Metaxy's ten system columns, usually)
 * are recorded once, in the state's `lastColumns`. A table prints to the same line whenever it
 * has not changed, so a run matches recorded lines against the lines of its own tables and
 * parses only the others (about 1 KB per table, a fourth of format 2).
 */

/** TableLines are a state's tables as recorded: the shared last columns (JSON) and one line per table. */
export interface TableLines {
  readonly lastColumns: string;
  readonly lines: readonly string[];
}

/** columnRecord is a column as format 3 records it: a tuple, its type as the spec writes it when that reads back the same. */
function columnRecord(c: Column): unknown[] {
  const type = typeText(c.type) ?? c.type;
  if (c.default !== undefined) return [c.name, type, c.nullable, c.comment, c.default];
  return c.comment === null ? [c.name, type, c.nullable] : [c.name, type, c.nullable, c.comment];
}

const columnText = (c: Column) => JSON.stringify(columnRecord(c));

/** sameColumn compares two columns as recorded: the same object (the shared system columns), or the same text. */
const sameColumn = (a: Column, b: Column) => a === b || columnText(a) === columnText(b);

/** sharedTail is how many last columns every table ends with, as recorded. */
function sharedTail(tables: readonly Table[]): number {
  if (tables.length === 0) return 0;
  const first = tables[0]!.columns;
  let n = first.length;
  for (const { columns } of tables) {
    n = Math.min(n, columns.length);
    for (let i = 1; i <= n; i++) if (!sameColumn(first[first.length - i]!, columns[columns.length - i]!)) n = i - 1;
  }
  return n;
}

const lineMemo = new WeakMap<Table, { tail: number; line: string }>();

/**
 * tableLines prints tables as format 3 records them. A table's line is remembered: a run
 * prints its tables once to match them against the recorded ones, then records the same lines.
 */
export function tableLines(tables: readonly Table[]): TableLines {
  const tail = sharedTail(tables);
  const first = tables[0]?.columns ?? [];
  const lastColumns = `[${first.slice(first.length - tail).map(columnText).join(',')}]`;
  const lines = tables.map((t) => {
    const known = lineMemo.get(t);
    if (known?.tail === tail) return known.line;
    const line = tableLine(t, t.columns.length - tail);
    lineMemo.set(t, { tail, line });
    return line;
  });
  return { lastColumns, lines };
}

/**
 * tableLine prints a table with its first `columns` columns: one JSON.stringify of plain data
 * (measured 2.5x faster than building the line by string concatenation).
 */
function tableLine(t: Table, columns: number): string {
  const key = t.primaryKey && { name: t.primaryKey.name, columns: t.primaryKey.columns };
  const indexes = t.indexes.map((i) => ({ name: i.name, columns: i.columns, unique: i.unique }));
  const record = { name: t.name, key: t.key, comment: t.comment, columns: t.columns.slice(0, columns).map(columnRecord), primaryKey: key, indexes, orderBy: t.orderBy, dependsOn: t.dependsOn };
  return JSON.stringify(record);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** readColumns reads recorded column tuples; null when one is malformed. */
export function readColumns(raw: unknown): Column[] | null {
  if (!Array.isArray(raw)) return null;
  const out: Column[] = [];
  for (const c of raw as unknown[]) {
    if (!Array.isArray(c) || c.length < 3 || c.length > 5 || typeof c[0] !== 'string' || typeof c[2] !== 'boolean') return null;
    const type = readType(c[1]);
    const comment = c.length > 3 ? (c[3] as unknown) : null;
    if (type === null || !isNullableString(comment)) return null;
    const base = { name: c[0], type, nullable: c[2], comment, renamedFrom: null, span: null };
    out.push(c.length === 5 ? { ...base, default: c[4] as DefaultValue } : base);
  }
  return out;
}

function readType(raw: unknown): ColumnType | null {
  if (typeof raw === 'string') {
    const r = parseTypeShared(raw);
    return r.ok && !r.nullable ? r.type : null;
  }
  // A type its string cannot write, recorded as the type itself (as format 2 recorded every type).
  return raw !== null && typeof raw === 'object' && typeof (raw as { kind?: unknown }).kind === 'string' ? (raw as ColumnType) : null;
}

function readIndex(raw: unknown): Index | null {
  const i = raw as Partial<Index> | null;
  return i !== null && typeof i === 'object' && typeof i.name === 'string' && isStrings(i.columns) && typeof i.unique === 'boolean' ? { name: i.name, columns: i.columns, unique: i.unique } : null;
}

function readKey(raw: unknown): PrimaryKey | null | undefined {
  if (raw === null) return null;
  const k = raw as Partial<PrimaryKey>;
  return typeof raw === 'object' && typeof k.name === 'string' && isStrings(k.columns) ? { name: k.name, columns: k.columns } : undefined;
}

/** readTable reads one recorded table (the parsed JSON of its line) with the state's last columns; null when it is malformed. */
export function readTable(raw: unknown, last: readonly Column[]): Table | null {
  const t = raw as Record<string, unknown> | null;
  if (t === null || typeof t !== 'object' || typeof t.name !== 'string' || !isNullableString(t.key) || !isNullableString(t.comment)) return null;
  const columns = readColumns(t.columns);
  const primaryKey = readKey(t.primaryKey);
  const indexes = Array.isArray(t.indexes) ? t.indexes.map(readIndex) : null;
  if (columns === null || primaryKey === undefined || indexes === null || indexes.includes(null) || !isStrings(t.orderBy) || !isStrings(t.dependsOn)) return null;
  return {
    kind: 'Table',
    name: t.name,
    key: t.key,
    comment: t.comment,
    columns: [...columns, ...last],
    primaryKey,
    indexes: indexes as Index[],
    orderBy: t.orderBy,
    dependsOn: t.dependsOn,
    renamedFrom: null,
    span: null,
  };
}
