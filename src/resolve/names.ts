import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Column, Table } from '../ir/schema.js';
import { typeToString, type ColumnType } from '../ir/types.js';

/** NameRules are a dialect's limits on names and types, checked once, in resolve. */
export interface NameRules {
  readonly dialect: string;
  /** Longest identifier in bytes (PostgreSQL: 63, it truncates silently beyond); null: no practical limit. */
  readonly maxIdentifierBytes: number | null;
  /** Whether index and constraint names share one namespace with tables (PostgreSQL, DuckDB). */
  readonly schemaScopedIndexes: boolean;
  readonly maxDecimalPrecision: number;
  /** Whether list, struct and map columns can be key or index columns (DuckDB's ART index cannot hold them). */
  readonly indexNested: boolean;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/**
 * checkNames refuses identifiers longer than the dialect allows and names that become one
 * (after truncation, or in a shared namespace), and types the dialect cannot hold.
 */
export function checkNames(tables: readonly Table[], rules: NameRules): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limit = rules.maxIdentifierBytes;
  // A name of at most limit/3 UTF-16 units fits in limit bytes: most names skip the byte count.
  const cut = (s: string) => (limit === null || s.length * 3 <= limit || bytes(s) <= limit ? s : Buffer.from(s, 'utf8').subarray(0, limit).toString('utf8'));
  const tooLong = (name: string, span: Span) => {
    if (limit !== null && name.length * 3 > limit && bytes(name) > limit) out.push(diag('NAME_TOO_LONG', span, name, bytes(name), limit, rules.dialect));
  };
  const relations = new Map<string, string>();
  const claim = (scope: Map<string, string>, name: string, span: Span) => {
    const other = scope.get(cut(name));
    if (other !== undefined && other !== name) out.push(diag('NAME_COLLISION', span, name, other, rules.dialect));
    else if (other === name) out.push(diag('NAME_COLLISION', span, name, name, rules.dialect));
    else scope.set(cut(name), name);
  };
  for (const t of tables) {
    const span = t.span ?? { file: '<system>', line: 1, col: 1 };
    tooLong(t.name, span);
    claim(relations, t.name, span);
    const columns = new Map<string, string>();
    for (const c of t.columns) {
      const at = c.span ?? span;
      tooLong(c.name, at);
      claim(columns, c.name, at);
      checkType(c, c.type, rules, at, out);
    }
    const local = new Map<string, string>();
    for (const name of [...(t.primaryKey ? [t.primaryKey.name] : []), ...t.indexes.map((i) => i.name)]) {
      tooLong(name, span);
      claim(rules.schemaScopedIndexes ? relations : local, name, span);
    }
    if (!rules.indexNested) checkKeyTypes(t, rules, span, out);
  }
  return out;
}

/** checkKeyTypes refuses key and index columns of nested types where the dialect cannot index them. */
function checkKeyTypes(t: Table, rules: NameRules, span: Span, out: Diagnostic[]): void {
  const keyed = new Set([...(t.primaryKey?.columns ?? []), ...t.indexes.flatMap((i) => i.columns)]);
  for (const c of t.columns) {
    if (!keyed.has(c.name) || c.type.kind === 'Scalar' || c.type.kind === 'Decimal') continue;
    out.push(diag('TYPE_UNSUPPORTED', c.span ?? span, typeToString(c.type), rules.dialect, `column "${c.name}" is in a key or index, which cannot hold ${c.type.kind.toLowerCase()} values`));
  }
}

function checkType(c: Column, t: ColumnType, rules: NameRules, span: Span, out: Diagnostic[]): void {
  switch (t.kind) {
    case 'Decimal':
      if (t.precision > rules.maxDecimalPrecision) {
        out.push(diag('TYPE_UNSUPPORTED', span, typeToString(t), rules.dialect, `precision is at most ${rules.maxDecimalPrecision}`));
      }
      return;
    case 'List':
      return checkType(c, t.of, rules, span, out);
    case 'Map':
      checkType(c, t.key, rules, span, out);
      return checkType(c, t.value, rules, span, out);
    case 'Struct':
      for (const f of t.fields) checkType(c, f.type, rules, span, out);
      return;
    case 'Scalar':
      return;
  }
}
