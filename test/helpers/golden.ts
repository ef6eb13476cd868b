import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** UPDATE is true when `UPDATE_GOLDEN=1`: goldens are rewritten instead of compared. */
export const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** expectGolden compares text with a golden file, or rewrites the file under UPDATE_GOLDEN=1. */
export function expectGolden(file: string, actual: string): void {
  if (UPDATE) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  assert.ok(existsSync(file), `golden file ${file} is missing (run with UPDATE_GOLDEN=1 to create it)`);
  assert.equal(actual, readFileSync(file, 'utf8'), `output differs from ${file}`);
}
