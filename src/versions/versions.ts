import type { Feature } from '../ir/feature.js';
import { hashParts, pyJsonDumps } from './hash.js';
import { parentFields } from './parents.js';

/** FeatureVersions are Metaxy's versions of one feature. */
export interface FeatureVersions {
  readonly featureVersion: string;
  readonly codeVersion: string;
  readonly specVersion: string;
  /** Field key to field version, sorted by field key. */
  readonly fields: Readonly<Record<string, string>>;
}

/**
 * computeVersions computes every feature's versions exactly as Metaxy does (see metaxy.md):
 * field versions over the key, code_version and parent field versions; feature and code
 * versions over fields sorted by key; the spec version over Python's `json.dumps` of the
 * canonical spec. Features must be valid (checked) and acyclic.
 */
export function computeVersions(features: readonly Feature[], length: number): Map<string, FeatureVersions> {
  const byKey = new Map(features.map((f) => [f.key, f]));
  const fieldVersion = new Map<string, string>();
  const versionOf = (featureKey: string, fieldKey: string): string => {
    const fq = `${featureKey}.${fieldKey}`;
    const cached = fieldVersion.get(fq);
    if (cached !== undefined) return cached;
    const feature = byKey.get(featureKey)!;
    const field = feature.fields.find((f) => f.key === fieldKey)!;
    const parents = parentFields(feature, field, byKey)
      .parents.map((p) => `${p.feature}.${p.field}`)
      .sort();
    const parts = [fq, field.codeVersion];
    for (const p of parents) {
      const dot = p.indexOf('.');
      parts.push(versionOf(p.slice(0, dot), p.slice(dot + 1)));
    }
    const v = hashParts(parts, length);
    fieldVersion.set(fq, v);
    return v;
  };
  const out = new Map<string, FeatureVersions>();
  for (const f of [...features].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) {
    const fields = [...f.fields].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const byField: Record<string, string> = {};
    for (const fd of fields) byField[fd.key] = versionOf(f.key, fd.key);
    out.set(f.key, {
      featureVersion: hashParts(fields.flatMap((fd) => [fd.key, byField[fd.key]!]), length),
      codeVersion: hashParts(fields.flatMap((fd) => [fd.key, fd.codeVersion]), length),
      specVersion: hashParts([pyJsonDumps(f.specDump)], length),
      fields: byField,
    });
  }
  return out;
}
