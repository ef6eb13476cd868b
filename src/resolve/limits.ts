import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Table } from '../ir/schema.js';
import { typeToString, type ColumnType } from '../ir/types.js';

/** EngineLimits are the documented or measured limits of an engine that the compiler checks before writing SQL. */
export interface EngineLimits {
  /** Most columns in one table (PostgreSQL 1,600; BigQuery 10,000, nested fields included); null: none known. */
  readonly maxColumns: number | null;
  /** Whether the fields of STRUCT columns count as columns toward maxColumns (BigQuery). */
  readonly nestedFieldsAreColumns: boolean;
  /** Most columns in one index or primary key (PostgreSQL's INDEX_MAX_KEYS, 32); null: none known. */
  readonly maxKeyColumns: number | null;
  /** Deepest type nesting, and what counts as a level: every list, struct and map, or only structs (BigQuery RECORDs). */
  readonly maxTypeDepth: { readonly levels: number; readonly counts: 'containers' | 'structs' } | null;
  /** decimal says why the engine has no decimal of this precision and scale, or null. */
  decimal(precision: number, scale: number): string | null;
}

/** maxPrecision is the decimal rule of engines whose only limit is the precision. */
export function maxPrecision(limit: number): (precision: number) => string | null {
  return (precision) => (precision > limit ? `precision is at most ${limit}` : null);
}

interface TypeFacts {
  depth: number;
  fields: number;
  decimals: { precision: number; scale: number }[];
}


const known = { containers: new WeakMap<ColumnType, TypeFacts>(), structs: new WeakMap<ColumnType, TypeFacts>() };

/** typeFacts are a type's facts, remembered per type object (columns share their types). */
function typeFacts(root: ColumnType, counts: 'containers' | 'structs'): TypeFacts {
  let facts = known[counts].get(root);
  if (facts === undefined) known[counts].set(root, (facts = walkType(root, counts)));
  return facts;
}

/** walkType walks a type without recursion: its nesting depth (as the engine counts it), struct fields and decimals. */
function walkType(root: ColumnType, counts: 'containers' | 'structs'): TypeFacts {
  const facts: TypeFacts = { depth: 0, fields: 0, decimals: [] };
  const stack: [ColumnType, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [t, above] = stack.pop()!;
    const level = t.kind === 'Struct' || (counts === 'containers' && (t.kind === 'List' || t.kind === 'Map')) ? above + 1 : above;
    facts.depth = Math.max(facts.depth, level);
    if (t.kind === 'Decimal') facts.decimals.push({ precision: t.precision, scale: t.scale });
    else if (t.kind === 'List') stack.push([t.of, level]);
    else if (t.kind === 'Map') stack.push([t.key, level], [t.value, level]);
    else if (t.kind === 'Struct') {
      facts.fields += t.fields.length;
      for (const f of t.fields) stack.push([f.type, level]);
    }
  }
  return facts;
}

/**
 * checkLimits refuses what a table holds beyond the engine's limits (columns, key columns, type
 * nesting, decimals) and key or index columns of nested types where the dialect cannot index them.
 */
export function checkLimits(t: Table, rules: EngineLimits & { readonly dialect: string; readonly indexNested: boolean }, span: Span, out: Diagnostic[]): void {
  let columns = t.columns.length;
  for (const c of t.columns) {
    const at = c.span ?? span;
    const facts = typeFacts(c.type, rules.maxTypeDepth?.counts ?? 'containers');
    if (rules.nestedFieldsAreColumns) columns += facts.fields;
    if (rules.maxTypeDepth && facts.depth > rules.maxTypeDepth.levels) {
      const what = rules.maxTypeDepth.counts === 'structs' ? 'nested structs' : 'nested lists, structs and maps';
      out.push(diag('LIMIT_EXCEEDED', at, `column "${c.name}"`, `${facts.depth} levels of ${what}`, rules.dialect, `${rules.maxTypeDepth.levels}`));
    }
    for (const d of facts.decimals) {
      const why = rules.decimal(d.precision, d.scale);
      if (why !== null) out.push(diag('TYPE_UNSUPPORTED', at, `decimal(${d.precision}, ${d.scale})`, rules.dialect, why));
    }
  }
  if (rules.maxColumns !== null && columns > rules.maxColumns) {
    const what = rules.nestedFieldsAreColumns ? 'columns and nested fields' : 'columns (the ten system columns included)';
    out.push(diag('LIMIT_EXCEEDED', span, `table "${t.name}"`, `${columns} ${what}`, rules.dialect, `${rules.maxColumns}`));
  }
  const keys = [...(t.primaryKey ? [t.primaryKey] : []), ...t.indexes];
  for (const k of keys) {
    if (rules.maxKeyColumns !== null && k.columns.length > rules.maxKeyColumns) {
      out.push(diag('LIMIT_EXCEEDED', span, `index "${k.name}"`, `${k.columns.length} columns`, rules.dialect, `${rules.maxKeyColumns}`));
    }
  }
  if (!rules.indexNested) checkKeyTypes(t, rules.dialect, span, out);
}

/** checkKeyTypes refuses key and index columns of nested types where the dialect cannot index them. */
function checkKeyTypes(t: Table, dialect: string, span: Span, out: Diagnostic[]): void {
  const keyed = new Set([...(t.primaryKey?.columns ?? []), ...t.indexes.flatMap((i) => i.columns)]);
  for (const c of t.columns) {
    if (!keyed.has(c.name) || c.type.kind === 'Scalar' || c.type.kind === 'Decimal') continue;
    out.push(diag('TYPE_UNSUPPORTED', c.span ?? span, typeToString(c.type), dialect, `column "${c.name}" is in a key or index, which cannot hold ${c.type.kind.toLowerCase()} values`));
  }
}
