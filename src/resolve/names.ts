import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import type { Table } from '../ir/schema.js';
import { checkLimits, type EngineLimits } from './limits.js';
import { unencodable } from '../spec/text.js';

/** NameKind is what a name names, for the dialect's character rules. */
export type NameKind = 'table' | 'column' | 'index';

/** NameRules are a dialect's limits on names and types, checked once, in resolve. */
export interface NameRules extends EngineLimits {
  readonly dialect: string;
  /** Longest identifier in bytes (PostgreSQL: 63, it truncates silently beyond); null: no practical limit. */
  readonly maxIdentifierBytes: number | null;
  /** Whether index and constraint names share one namespace with tables (PostgreSQL, DuckDB). */
  readonly schemaScopedIndexes: boolean;
  /** Whether list, struct and map columns can be key or index columns (DuckDB's ART index cannot hold them). */
  readonly indexNested: boolean;
  /** Which names are one name when they differ only in case: none, column names only (BigQuery), or all (DuckDB). */
  readonly foldCase: 'none' | 'columns' | 'all';
  /**
   * identifier says why the dialect cannot hold a name, or cannot write it into its SQL (a
   * character, a length, a reserved prefix), or null. Empty names, NUL and lone surrogates are
   * refused for every dialect before it is asked.
   */
  identifier(name: string, kind: NameKind): string | null;
}

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

function identifierProblem(name: string, kind: NameKind, rules: NameRules): string | null {
  if (name === '') return `an empty ${kind} name`;
  return unencodable(name) ?? rules.identifier(name, kind);
}

/**
 * checkNames refuses names the dialect cannot hold (characters, lengths), names that become
 * one (after truncation, case folding, or in a shared namespace), and what exceeds the engine's
 * limits (columns, key columns, type nesting, decimals). A problem of the store's table prefix
 * is reported once, at the store.
 */
export function checkNames(tables: readonly Table[], rules: NameRules, prefix: { readonly text: string; readonly span: Span }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const limit = rules.maxIdentifierBytes;
  const fold = (s: string, kind: NameKind) => (rules.foldCase === 'all' || (rules.foldCase === 'columns' && kind === 'column') ? s.toLowerCase() : s);
  // A name of at most limit/3 UTF-16 units fits in limit bytes: most names skip the byte count.
  const cut = (s: string) => (limit === null || s.length * 3 <= limit || bytes(s) <= limit ? s : Buffer.from(s, 'utf8').subarray(0, limit).toString('utf8'));
  const badPrefix = prefix.text === '' ? null : identifierProblem(`${prefix.text}t`, 'table', rules);
  if (badPrefix !== null) out.push(diag('INVALID_NAME', prefix.span, prefix.text, 'table prefix', rules.dialect, badPrefix));
  // Every table repeats the system columns' names: each name is judged once per kind.
  const judged: Record<NameKind, Map<string, string | null>> = { table: new Map(), column: new Map(), index: new Map() };
  const problemOf = (name: string, kind: NameKind) => {
    let why = judged[kind].get(name);
    if (why === undefined) judged[kind].set(name, (why = identifierProblem(name, kind, rules)));
    return why;
  };
  const check = (name: string, kind: NameKind, span: Span) => {
    if (badPrefix !== null && name.includes(prefix.text)) return; // reported once, at the store
    const why = problemOf(name, kind);
    if (why !== null) out.push(diag('INVALID_NAME', span, name, `${kind} name`, rules.dialect, why));
    else if (limit !== null && name.length * 3 > limit && bytes(name) > limit) out.push(diag('NAME_TOO_LONG', span, name, bytes(name), limit, rules.dialect));
  };
  const relations = new Map<string, string>();
  const claim = (scope: Map<string, string>, name: string, kind: NameKind, span: Span) => {
    const key = cut(fold(name, kind));
    const other = scope.get(key);
    if (other !== undefined) out.push(diag('NAME_COLLISION', span, name, other, rules.dialect));
    else scope.set(key, name);
  };
  for (const t of tables) {
    const span = t.span ?? prefix.span;
    check(t.name, 'table', span);
    claim(relations, t.name, 'table', span);
    const columns = new Map<string, string>();
    for (const c of t.columns) {
      const at = c.span ?? span;
      check(c.name, 'column', at);
      claim(columns, c.name, 'column', at);
    }
    const local = new Map<string, string>();
    for (const name of [...(t.primaryKey ? [t.primaryKey.name] : []), ...t.indexes.map((i) => i.name)]) {
      check(name, 'index', span);
      claim(rules.schemaScopedIndexes ? relations : local, name, 'index', span);
    }
    checkLimits(t, rules, span, out);
  }
  return out;
}
