import { oneLine } from '../emit/comment.js';

/** Span is a position in a user's file: 1-based line and column. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** Diagnostic is one problem found in the user's input, with a stable code and its position. */
export interface Diagnostic {
  readonly code: string;
  readonly message: string;
  readonly span: Span;
}

/** noSpan marks a problem that belongs to no file position (e.g. a missing folder). */
export function noSpan(file: string): Span {
  return { file, line: 1, col: 1 };
}

/** sortDiagnostics orders diagnostics by file, line, column, code, then message (deterministic output). */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.span.file, d.span.line, d.span.col, d.code, d.message] as const;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    for (let i = 0; i < ka.length; i++) {
      const x = ka[i]!;
      const y = kb[i]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
}

/** renderDiagnostic prints `file:line:col: CODE: message` on one line (control characters in names escaped). */
export function renderDiagnostic(d: Diagnostic): string {
  return oneLine(`${d.span.file}:${d.span.line}:${d.span.col}: ${d.code}: ${d.message}`);
}

/** CompileError carries diagnostics through code that cannot return them (e.g. the CLI's config step). */
export class CompileError extends Error {
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(renderDiagnostic).join('\n'));
  }
}

/** assertNever makes a `switch` over a union exhaustive at compile time. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
