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

const typeTexts = new WeakMap<ColumnType, string>();

/** typeJson is a type as a state records it (JSON), remembered per type object: columns share a few of them. */
function typeJson(t: ColumnType): string {
  let text = typeTexts.get(t);
  if (text === undefined) typeTexts.set(t, (text = JSON.stringify(typeText(t) ?? t)));
  return text;
}

/** columnText is a column's tuple as JSON. */
function columnText(c: Column): string {
  const head = `[${JSON.stringify(c.name)},${typeJson(c.type)},${c.nullable}`;
  if (c.default !== undefined) return `${head},${JSON.stringify(c.comment)},${JSON.stringify(c.default)}]`;
  return c.comment === null ? `${head}]` : `${head},${JSON.stringify(c.comment)}]`;
}

/** sharedTail is how many last columns (by their text) every table ends with. */
function sharedTail(texts: readonly (readonly string[])[]): number {
  if (texts.length === 0) return 0;
  const first = texts[0]!;
  let n = first.length;
  for (const t of texts) {
    n = Math.min(n, t.length);
    while (n > 0 && !sameTail(first, t, n)) n--;
  }
  return n;
}

function sameTail(a: readonly string[], b: readonly string[], n: number): boolean {
  for (let i = 1; i <= n; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

const lineMemo = new WeakMap<Table, { tail: number; line: string }>();

/**
 * tableLines prints tables as format 3 records them. A table's line is remembered: a run
 * prints its tables once to match them against the recorded ones, then records the same lines.
 */
export function tableLines(tables: readonly Table[]): TableLines {
  const texts = tables.map((t) => t.columns.map(columnText));
  const tail = sharedTail(texts);
  const lastColumns = `[${texts.length === 0 ? '' : texts[0]!.slice(texts[0]!.length - tail).join(',')}]`;
  const lines = tables.map((t, i) => {
    const known = lineMemo.get(t);
    if (known?.tail === tail) return known.line;
    const columns = texts[i]!.slice(0, texts[i]!.length - tail).join(',');
    const head = JSON.stringify({ name: t.name, key: t.key, comment: t.comment });
    const key = t.primaryKey && { name: t.primaryKey.name, columns: t.primaryKey.columns };
    const rest = JSON.stringify({ primaryKey: key, indexes: t.indexes.map(indexRecord), orderBy: t.orderBy, dependsOn: t.dependsOn });
    const line = `${head.slice(0, -1)},"columns":[${columns}],${rest.slice(1)}`;
    lineMemo.set(t, { tail, line });
    return line;
  });
  return { lastColumns, lines };
}

/** indexRecord keeps an index's recorded fields, in a fixed order. */
function indexRecord(i: Index): Index {
  return { name: i.name, columns: i.columns, unique: i.unique };
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
