import { renderDiagnostic, sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';

/** Io is everything a command may touch: the only door to the outside world. */
export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** EXIT are the exit codes of spec.md. */
export const EXIT = { ok: 0, drift: 1, badInput: 2, refused: 3, internal: 70 } as const;

/** failed prints every diagnostic, sorted, and tells whether there were any. */
export function failed(diagnostics: readonly Diagnostic[], io: Io): boolean {
  if (diagnostics.length === 0) return false;
  const lines = sortDiagnostics(diagnostics).map(renderDiagnostic);
  io.stderr(`${lines.join('\n')}\n${lines.length} problem${lines.length === 1 ? '' : 's'} found; nothing written.\n`);
  return true;
}
