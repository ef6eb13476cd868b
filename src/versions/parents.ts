import type { Span } from '../diagnostics/diagnostic.js';
import type { Feature, FieldDef, FieldsMapping } from '../ir/feature.js';

/** ParentField is an upstream field, written `<feature key>.<field key>` in hashes. */
export interface ParentField {
  readonly feature: string;
  readonly field: string;
}

/** ParentProblem is why a field's parents cannot be resolved. */
export type ParentProblem =
  | { readonly code: 'FIELD_DEP_NOT_A_DEP'; readonly span: Span; readonly feature: string }
  | { readonly code: 'MISSING_FIELD_DEP'; readonly span: Span; readonly feature: string; readonly field: string }
  | { readonly code: 'NO_PARENT_FIELDS'; readonly span: Span };

/**
 * parentFields resolves the upstream fields of one field exactly as Metaxy's
 * `FeaturePlan._resolve_field_deps`: none without deps; every upstream field for
 * `__METAXY_ALL_DEP__`; an explicit FieldDep list as given; else each dep's fields_mapping.
 * Features missing from byKey (reported elsewhere) contribute nothing.
 */
export function parentFields(
  feature: Feature,
  field: FieldDef,
  byKey: ReadonlyMap<string, Feature>,
): { parents: ParentField[]; problems: ParentProblem[] } {
  const problems: ParentProblem[] = [];
  const parents: ParentField[] = [];
  if (feature.deps.length === 0) return { parents, problems };
  const fieldsOf = (key: string) => byKey.get(key)?.fields.map((f) => f.key) ?? [];
  if (field.deps === 'all') {
    for (const d of feature.deps) for (const f of fieldsOf(d.feature)) parents.push({ feature: d.feature, field: f });
  } else if (field.deps !== null) {
    for (const fd of field.deps) {
      if (!feature.deps.some((d) => d.feature === fd.feature)) {
        problems.push({ code: 'FIELD_DEP_NOT_A_DEP', span: fd.span, feature: fd.feature });
        continue;
      }
      const available = fieldsOf(fd.feature);
      const wanted = fd.fields === 'all' ? available : fd.fields;
      for (const f of wanted) {
        if (byKey.has(fd.feature) && !available.includes(f)) {
          problems.push({ code: 'MISSING_FIELD_DEP', span: fd.span, feature: fd.feature, field: f });
        } else parents.push({ feature: fd.feature, field: f });
      }
    }
  } else {
    for (const d of feature.deps) {
      if (!byKey.has(d.feature)) return { parents, problems }; // a missing dep is reported on its own
      for (const f of mapFields(field.key, fieldsOf(d.feature), d.fieldsMapping)) parents.push({ feature: d.feature, field: f });
    }
    if (parents.length === 0) problems.push({ code: 'NO_PARENT_FIELDS', span: field.span });
  }
  return { parents: dedupe(parents), problems };
}

/** mapFields applies one FieldsMapping: which upstream fields a field of this key maps to. */
export function mapFields(field: string, upstream: readonly string[], m: FieldsMapping): string[] {
  switch (m.type) {
    case 'all':
      return [...upstream];
    case 'none':
      return [];
    case 'specific': {
      const wanted = m.mapping[field] ?? [];
      return upstream.filter((u) => wanted.includes(u));
    }
    case 'default': {
      const candidates = upstream.filter((u) => !m.excludeFields.includes(u));
      const own = field.split('/');
      const matches = candidates.filter((u) => u === field || (m.matchSuffix && endsWith(u.split('/'), own)));
      return matches.length > 0 ? matches : candidates;
    }
  }
}

function endsWith(parts: readonly string[], suffix: readonly string[]): boolean {
  return suffix.length <= parts.length && suffix.every((p, i) => parts[parts.length - suffix.length + i] === p);
}

function dedupe(list: ParentField[]): ParentField[] {
  const seen = new Set<string>();
  return list.filter((p) => {
    const k = `${p.feature}.${p.field}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
