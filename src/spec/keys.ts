import type { RawKey } from './raw.js';

const FIRST = /^[a-z_][a-z0-9_-]*$/;
const LATER = /^[a-z0-9_][a-z0-9_-]*$/;

/** KeyResult is a key's parts, or why it is not a Metaxy key. */
export type KeyResult = { readonly ok: true; readonly parts: readonly string[] } | { readonly ok: false; readonly why: string };

/**
 * parseKey validates a feature or field key exactly as Metaxy's `_Key` does: split on `/`,
 * each part non-empty, without `/` or `__`; the first part matches ^[a-z_][a-z0-9_-]*$,
 * later parts ^[a-z0-9_][a-z0-9_-]*$.
 */
export function parseKey(raw: RawKey): KeyResult {
  const parts = typeof raw === 'string' ? raw.split('/') : [...raw];
  for (const [i, part] of parts.entries()) {
    if (part === '') return { ok: false, why: `part ${i + 1} is empty` };
    if (part.includes('/')) return { ok: false, why: `part "${part}" contains "/"` };
    if (part.includes('__')) return { ok: false, why: `part "${part}" contains "__" (reserved as the table name separator)` };
    const re = i === 0 ? FIRST : LATER;
    if (!re.test(part)) return { ok: false, why: `part "${part}" must match ${re.source}` };
  }
  return { ok: true, parts };
}

/** keyString prints a raw key as Metaxy does: parts joined by `/`. */
export function keyString(raw: RawKey): string {
  return typeof raw === 'string' ? raw : raw.join('/');
}
