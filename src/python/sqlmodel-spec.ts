import { assertNever } from '../diagnostics/diagnostic.js';
import type { FeatureDepDump, FieldDepDump, FieldDump, MappingDump, RelationshipDump, SpecDump } from '../ir/feature.js';
import { ALL_DEP } from '../ir/metaxy.js';
import { pyNumber } from '../versions/hash.js';
import { call, dict, list, raw, set, str, tuple, type Py } from './layout.js';

/**
 * The `mx.FeatureSpec(...)` of a feature class, written from Metaxy's canonical dump of the spec
 * (the one `metaxy-compile versions` hashes) with Metaxy's public constructors, so that Metaxy
 * builds a FeatureSpec whose `model_dump(mode="json")` is that dump. Arguments equal to Metaxy's
 * defaults are left out, as a person writes them; deps name the class of a feature of the
 * package, else its key.
 */

/** FeatureRef names a feature in generated code: its class when the package defines it, else its key. */
type FeatureRef = (key: string) => Py;

/** featureSpec is the `mx.FeatureSpec(...)` expression of a canonical dump. */
export function featureSpec(d: SpecDump, ref: FeatureRef): Py {
  return call(
    'mx.FeatureSpec',
    [],
    [
      ['key', str(d.key)],
      ['id_columns', list(d.id_columns.map(str))],
      ['deps', d.deps.length === 0 ? undefined : list(d.deps.map((dep) => featureDep(dep, ref)))],
      ['fields', list(d.fields.map((f) => fieldSpec(f, ref)))],
      ['metadata', Object.keys(d.metadata).length === 0 ? undefined : pyValue(d.metadata)],
      ['description', d.description === null ? undefined : str(d.description)],
    ],
  );
}

/** featureDep is the class (or key) alone when every other setting is Metaxy's default, else `mx.FeatureDep(...)`. */
function featureDep(d: FeatureDepDump, ref: FeatureRef): Py {
  const settings: [string, Py | undefined][] = [
    ['select', d.select === null ? undefined : tuple(d.select.map(str))],
    ['rename', d.rename === null ? undefined : pyValue(d.rename)],
    ['fields_mapping', fieldsMapping(d.fields_mapping.mapping)],
    ['filters', d.sql_filters === null ? undefined : list(d.sql_filters.map(str))],
    ['lineage', lineage(d.lineage.relationship)],
    ['optional', d.optional ? raw('True') : undefined],
  ];
  if (settings.every(([, v]) => v === undefined)) return ref(d.feature);
  return call('mx.FeatureDep', [], [['feature', ref(d.feature)], ...settings]);
}

/** fieldsMapping is undefined for Metaxy's default mapping (`default`, no suffix match, nothing excluded). */
function fieldsMapping(m: MappingDump): Py | undefined {
  switch (m.type) {
    case 'default':
      if (!m.match_suffix && m.exclude_fields.length === 0) return undefined;
      return call('mx.FieldsMapping.default', [], [
        ['match_suffix', m.match_suffix ? raw('True') : undefined],
        ['exclude_fields', m.exclude_fields.length === 0 ? undefined : list(m.exclude_fields.map(str))],
      ]);
    case 'all':
    case 'none':
      return call(`mx.FieldsMapping.${m.type}`, []);
    case 'specific':
      return call('mx.FieldsMapping.specific', [
        dict(Object.entries(m.mapping).map(([field, upstream]) => [str(field), set(upstream.map((parts) => str(parts.join('/'))))] as const)),
      ]);
    default:
      return assertNever(m);
  }
}

/** lineage is undefined for Metaxy's default, the identity (1:1). */
function lineage(r: RelationshipDump): Py | undefined {
  switch (r.type) {
    case '1:1':
      return undefined;
    case 'N:1':
      return call('mx.LineageRelationship.aggregation', [], [['on', r.on === null ? undefined : list(r.on.map(str))]]);
    case '1:N':
      return call('mx.LineageRelationship.expansion', [], [
        ['on', list(r.on.map(str))],
        ['id_generation_pattern', r.id_generation_pattern === null ? undefined : str(r.id_generation_pattern)],
      ]);
    default:
      return assertNever(r);
  }
}

function fieldSpec(f: FieldDump, ref: FeatureRef): Py {
  const deps = f.deps === ALL_DEP ? raw('mx.SpecialFieldDep.ALL') : f.deps.length === 0 ? undefined : list(f.deps.map((d) => fieldDep(d, ref)));
  return call('mx.FieldSpec', [], [
    ['key', str(f.key)],
    ['code_version', str(f.code_version)],
    ['deps', deps],
  ]);
}

function fieldDep(d: FieldDepDump, ref: FeatureRef): Py {
  return call('mx.FieldDep', [], [
    ['feature', ref(d.feature)],
    ['fields', d.fields === ALL_DEP ? undefined : list(d.fields.map(str))],
  ]);
}

/**
 * pyValue writes a JSON value as the Python value `json.loads` gives: None, True, False, ints and
 * floats as Python prints them (NaN and infinities as `float(...)`), strings, lists and dicts.
 */
function pyValue(v: unknown): Py {
  if (v === null || v === undefined) return raw('None');
  if (typeof v === 'boolean') return raw(v ? 'True' : 'False');
  if (typeof v === 'number') {
    const n = pyNumber(v);
    return raw(n === 'NaN' ? 'float("nan")' : n === 'Infinity' ? 'float("inf")' : n === '-Infinity' ? '-float("inf")' : n);
  }
  if (typeof v === 'string') return str(v);
  if (Array.isArray(v)) return list(v.map(pyValue));
  return dict(Object.entries(v as Record<string, unknown>).map(([k, x]) => [str(k), pyValue(x)] as const));
}
