import type { ColumnDef, DefaultValue } from '../ir/feature.js';
import type { ColumnType } from '../ir/types.js';
import type { FileResult } from './cache.js';
import { parseTypeShared, typeText } from './type-parser.js';

/**
 * How the spec cache writes a FileResult (src/spec/cache.ts): the spans of a file's own
 * features as [line, col] (their file is the entry's), and each column as a tuple
 * `[name, type, nullable, line, col]`, then `description, renamedFrom` and `default` when it
 * has them, its type as its spec string. Columns are three fourths of an entry: tuples make
 * the cache less than half as large, and reading it back (JSON.parse) as much faster.
 */

type Packed = Record<string, unknown>;

/**
 * pack writes a result as the cache holds it. Only the span fields a Feature is known to have
 * are packed, only columns with exactly the known fields become tuples; anything else stays
 * a full object.
 */
export function pack(r: FileResult, file: string): FileResult {
  const span = (o: Packed): Packed => {
    const sp = o.span as { file?: unknown; line?: unknown; col?: unknown } | null;
    return sp && sp.file === file && Object.keys(sp).length === 3 ? { ...o, span: [sp.line, sp.col] } : o;
  };
  const list = (v: unknown, f: (o: Packed) => unknown) => (Array.isArray(v) ? v.map((x) => f(x as Packed)) : v);
  const features = r.features.map((feature) => {
    const f = span(feature as unknown as Packed);
    return {
      ...f,
      fields: list(f.fields, (fd) => span({ ...fd, deps: list(fd.deps, span) })),
      deps: list(f.deps, span),
      columns: list(f.columns, (c) => packColumn(c, file) ?? packType(span(c))),
      indexes: list(f.indexes, span),
    };
  });
  return { ...r, features: features as unknown as FileResult['features'] };
}

/** packColumn is a column as a tuple, or null when it has other fields than a ColumnDef, or a span in another file. */
function packColumn(o: Packed, file: string): unknown[] | null {
  const c = o as unknown as ColumnDef;
  const type = typeof c.type === 'object' && c.type !== null ? typeText(c.type) : null;
  const has = 'default' in c;
  if (type === null || c.span?.file !== file || Object.keys(c.span).length !== 3 || Object.keys(c).length !== (has ? 7 : 6)) return null;
  const tuple: unknown[] = [c.name, type, c.nullable, c.span.line, c.span.col];
  if (has || c.description !== null || c.renamedFrom !== null) tuple.push(c.description, c.renamedFrom);
  if (has) tuple.push(c.default);
  return tuple;
}

/** packType writes a column's type as its type string when parsing that string gives the same type back. */
function packType(c: Packed): Packed {
  const t = c.type;
  if (t === null || typeof t !== 'object') return c;
  const text = typeText(t as ColumnType);
  return text === null ? c : { ...c, type: text };
}

/** sharedType reads a type string back through the shared parse (columns share their type objects again). */
function sharedType(text: string): ColumnType {
  const t = parseTypeShared(text);
  if (!t.ok) throw new Error(`bad cached type ${text}`); // read the file again
  return t.type;
}

/** unpackColumn gives a column tuple back its object, with the keys in the order the builder gives them. */
function unpackColumn(t: unknown[], file: string): ColumnDef {
  const [name, type, nullable, line, col] = t as [string, string, boolean, number, number];
  const description = (t[5] ?? null) as string | null;
  const renamedFrom = (t[6] ?? null) as string | null;
  const span = { file, line, col };
  if (t.length === 8) return { name, type: sharedType(type), nullable, default: t[7] as DefaultValue, description, renamedFrom, span };
  return { name, type: sharedType(type), nullable, description, renamedFrom, span };
}

/** unpack gives packed spans, types and columns back their objects, in place (the parsed objects are fresh). */
export function unpack(r: FileResult, file: string): FileResult {
  const span = (o: Packed) => {
    const sp = o.span;
    if (Array.isArray(sp)) o.span = { file, line: sp[0] as number, col: sp[1] as number };
  };
  const each = (v: unknown, f: (o: Packed) => void) => {
    if (Array.isArray(v)) for (const x of v) f(x as Packed);
  };
  for (const feature of r.features as unknown as Packed[]) {
    span(feature);
    each(feature.fields, (fd) => {
      span(fd);
      each(fd.deps, span);
    });
    each(feature.deps, span);
    const columns = feature.columns as unknown[];
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      if (Array.isArray(c)) columns[i] = unpackColumn(c, file);
      else {
        const o = c as Packed;
        span(o);
        if (typeof o.type === 'string') o.type = sharedType(o.type);
      }
    }
    each(feature.indexes, span);
  }
  return r;
}
