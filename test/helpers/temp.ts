import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const made: string[] = [];
let hooked = false;

/**
 * tempDir makes a fresh folder under the system temp folder (`mxc-<prefix>-XXXXXX`) and
 * removes it when the test process exits, whatever the outcome: tests leave nothing behind.
 * `removeTemp` removes one early.
 */
export function tempDir(prefix: string): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const dir of made) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = mkdtempSync(path.join(tmpdir(), `mxc-${prefix}-`));
  made.push(dir);
  return dir;
}

/** removeTemp removes a folder made by tempDir now (large folders in long test files). */
export function removeTemp(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
