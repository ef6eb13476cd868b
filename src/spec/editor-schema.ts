import type { Feature } from '../ir/feature.js';
import { readSchemaText } from './schema.js';

/** COMPLETES_KEYS marks the places of the schema where a dep names a feature (`"x-completes": "feature-keys"`). */
const COMPLETES_KEYS = 'feature-keys';

/**
 * editorSchema is the feature JSON Schema for one features folder: the shipped schema, with
 * the keys of those features offered (as `examples`, which editors complete) wherever a dep
 * or a field dep names a feature. It only completes: an unknown dep key stays the compiler's
 * error (MISSING_DEP), so the schema does not go stale as features are added.
 */
export function editorSchema(features: readonly Feature[]): string {
  const schema = JSON.parse(readSchemaText()) as unknown;
  const keys = [...new Set(features.map((f) => f.key))].sort();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['x-completes'] === COMPLETES_KEYS) o.examples = keys;
    for (const v of Object.values(o)) visit(v);
  };
  visit(schema);
  return `${JSON.stringify(schema, null, 2)}\n`;
}
