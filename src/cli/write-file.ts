import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** writeAtomic writes text to a temporary file beside target and renames it over, so a reader never sees half a file. */
export function writeAtomic(target: string, text: string): void {
  mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const tmp = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, target);
}
