import type { FeatureDepDump, FieldDepDump, FieldDump, MappingDump, RelationshipDump } from '../ir/feature.js';
import { ALL_DEP } from '../ir/metaxy.js';
import { keyString } from './keys.js';
import type { RawFeatureDep, RawFieldDep, RawFieldSpec, RawKey } from './raw.js';

/**
 * dumpFeatureDep is Metaxy's `FeatureDep.model_dump(mode="json")`: every field present,
 * defaults filled in, keys as slash strings.
 */
export function dumpFeatureDep(raw: RawKey | RawFeatureDep): FeatureDepDump {
  const dep: RawFeatureDep = typeof raw === 'string' || Array.isArray(raw) ? { feature: raw as RawKey } : (raw as RawFeatureDep);
  return {
    feature: keyString(dep.feature),
    select: dep.select ?? null,
    rename: dep.rename ?? null,
    fields_mapping: { mapping: dumpMapping(dep) },
    sql_filters: dep.sql_filters ?? dep.filters ?? null,
    lineage: { relationship: dumpRelationship(dep) },
    optional: dep.optional ?? false,
  };
}

function dumpMapping(dep: RawFeatureDep): MappingDump {
  const m = dep.fields_mapping?.mapping ?? { type: 'default' };
  switch (m.type) {
    case 'default':
      return { type: 'default', match_suffix: m.match_suffix ?? false, exclude_fields: (m.exclude_fields ?? []).map(keyString) };
    case 'all':
    case 'none':
      return { type: m.type };
    case 'specific':
      return {
        type: 'specific',
        mapping: Object.fromEntries(
          Object.entries(m.mapping).map(([k, v]) => [k, v.map(parts).sort(compareParts)]),
        ),
      };
  }
}

function dumpRelationship(dep: RawFeatureDep): RelationshipDump {
  const r = dep.lineage?.relationship ?? { type: '1:1' };
  switch (r.type) {
    case '1:1':
      return { type: '1:1' };
    case 'N:1':
      return { type: 'N:1', on: r.on ?? null };
    case '1:N':
      return { type: '1:N', on: r.on, id_generation_pattern: r.id_generation_pattern ?? null };
  }
}

/** dumpField is Metaxy's `FieldSpec.model_dump(mode="json")`. */
export function dumpField(raw: string | RawFieldSpec, codeVersion: string): FieldDump {
  const f: RawFieldSpec = typeof raw === 'string' ? { key: raw } : raw;
  return {
    key: keyString(f.key ?? 'default'),
    code_version: codeVersion,
    deps: f.deps === undefined ? [] : f.deps === ALL_DEP ? ALL_DEP : (f.deps as readonly RawFieldDep[]).map(dumpFieldDep),
  };
}

function dumpFieldDep(d: RawFieldDep): FieldDepDump {
  return {
    feature: keyString(d.feature),
    fields: d.fields === undefined || d.fields === ALL_DEP ? ALL_DEP : (d.fields as readonly RawKey[]).map(keyString),
  };
}

function parts(k: RawKey): string[] {
  return typeof k === 'string' ? k.split('/') : [...k];
}

function compareParts(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}
