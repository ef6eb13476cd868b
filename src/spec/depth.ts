import type { Path } from './source.js';
import { MAX_TYPE_DEPTH } from './type-parser.js';

/**
 * MAX_VALUE_DEPTH bounds the nesting of a spec's values (metadata, defaults): a default may
 * nest as deep as its type, and no deeper value is read, so that no walk over the data (schema
 * check, cache, hashing) can exhaust the stack.
 */
export const MAX_VALUE_DEPTH = MAX_TYPE_DEPTH + 8;

/** tooDeep is the path of the first value nested deeper than MAX_VALUE_DEPTH, found without recursion, or null. */
export function tooDeep(data: unknown): Path | null {
  // Depths only (no path per value): specs are read on every cold run.
  const stack: unknown[] = [data];
  const depths: number[] = [0];
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_VALUE_DEPTH) return pathTo(data);
    for (const k in value) {
      stack.push((value as Record<string, unknown>)[k]);
      depths.push(depth + 1);
    }
  }
  return null;
}

function pathTo(data: unknown): Path {
  const stack: [unknown, Path][] = [[data, []]];
  for (;;) {
    const [value, path] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length >= MAX_VALUE_DEPTH) return path;
    for (const k in value) stack.push([(value as Record<string, unknown>)[k], [...path, Array.isArray(value) ? Number(k) : k]]);
  }
}
