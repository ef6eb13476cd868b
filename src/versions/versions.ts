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
  // Depth first without recursion: a dependency chain thousands of features deep must not exhaust the stack.
  const versionOf = (featureKey: string, fieldKey: string): string => {
    const root = `${featureKey}.${fieldKey}`;
    const stack: { fq: string; codeVersion: string | null; parents: string[] }[] = [{ fq: root, codeVersion: null, parents: [] }];
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (fieldVersion.has(top.fq)) stack.pop();
      else if (top.codeVersion === null) {
        // First visit: find the parents, and visit those not yet computed before coming back.
        const dot = top.fq.indexOf('.');
        const feature = byKey.get(top.fq.slice(0, dot))!;
        const field = feature.fields.find((f) => f.key === top.fq.slice(dot + 1))!;
        top.codeVersion = field.codeVersion;
        top.parents = parentFields(feature, field, byKey).parents.map((p) => `${p.feature}.${p.field}`).sort();
        for (const p of top.parents) if (!fieldVersion.has(p)) stack.push({ fq: p, codeVersion: null, parents: [] });
      } else {
        fieldVersion.set(top.fq, hashParts([top.fq, top.codeVersion, ...top.parents.map((p) => fieldVersion.get(p)!)], length));
        stack.pop();
      }
    }
    return fieldVersion.get(root)!;
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
