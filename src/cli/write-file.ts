import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import { CompileError } from '../diagnostics/diagnostic.js';
import { chunks } from '../util/chunks.js';

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
    writeText(tmp, text, 'w');
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

/**
 * writeText writes a text to a file opened with `flag` (`wx`: a new file only), a megabyte at
 * a time (chunks), through one buffer: no copy of the whole file's bytes is ever held, and no
 * buffer per piece waits for the garbage collector (they held 25 MB at 10,000 features).
 */
export function writeText(file: string, text: string, flag: 'w' | 'wx'): void {
  const fd = openSync(file, flag);
  try {
    const pieces = chunks(text);
    const scratch = Buffer.allocUnsafe(Math.min(3 * pieces[0]!.length, Buffer.byteLength(text)));
    for (const piece of pieces) {
      const fits = Buffer.byteLength(piece) <= scratch.length;
      const bytes = fits ? scratch.subarray(0, scratch.write(piece, 'utf8')) : Buffer.from(piece, 'utf8');
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    }
  } finally {
    closeSync(fd);
  }
}
