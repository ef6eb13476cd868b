import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import { CompileError } from '../diagnostics/diagnostic.js';

/**
 * writeAtomic writes text to a temporary file beside target and renames it over, so a reader
 * never sees half a file. A target that cannot be written (a folder, no permission, a parent
 * that is a file) throws a CompileError with a WRITE_FAILED diagnostic at `shown` (the target
 * as the user named it), and leaves no temporary file behind.
 */
export function writeAtomic(target: string, text: string, shown = target): void {
  const dir = path.dirname(path.resolve(target));
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing was created (the folder itself is not there)
    }
    throw new CompileError([diag('WRITE_FAILED', { file: shown, line: 1, col: 1 }, fsDetail(e))]);
  }
}

/** fsDetail is a file-system error's code and description, without the absolute path Node appends. */
export function fsDetail(e: unknown): string {
  return (e as Error).message.replace(/, \w+ '.*'$/s, '');
}
