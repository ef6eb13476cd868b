import { ALL_DEP } from '../ir/metaxy.js';
import type { RawColumnSpec, RawFeatureDep, RawFeatureSpec, RawFieldSpec, RawFieldsMapping, RawIndexSpec, RawKey } from './raw.js';
import { isRecord } from '../util/is-record.js';

/**
 * salvage keeps the well-formed parts of a document that failed the JSON Schema, so that the
 * checks of buildFeature and across features still run on them: every problem of a file is
 * reported in one run, not only the schema's. What is malformed (already reported by the
 * schema) becomes null or is left out; list items stay at their index, so positions hold.
 * Returns null when the document is not an object at all.
 */
export function salvage(data: unknown): SalvagedSpec | null {
  if (!isRecord(data)) return null;
  return {
    key: key(data.key),
    description: typeof data.description === 'string' ? data.description : null,
    ...(typeof data.project === 'string' ? { project: data.project } : {}),
    id_columns: Array.isArray(data.id_columns) ? data.id_columns.map(nonEmpty) : [],
    fields: Array.isArray(data.fields) ? data.fields.map(field) : undefined,
    deps: Array.isArray(data.deps) ? data.deps.map(dep) : undefined,
    columns: isRecord(data.columns) ? Object.fromEntries(Object.entries(data.columns).map(([n, v]) => [n, column(v)])) : {},
    indexes: Array.isArray(data.indexes) ? data.indexes.map(index) : undefined,
    metadata: isRecord(data.metadata) ? data.metadata : {},
    ...(key(data.renamed_from) === undefined ? {} : { renamed_from: key(data.renamed_from)! }),
    columnsDeclared: isRecord(data.columns),
  };
}

/** SalvagedSpec is a RawFeatureSpec whose malformed parts are null (list items, columns) or absent. */
export interface SalvagedSpec extends Omit<RawFeatureSpec, 'key' | 'id_columns' | 'fields' | 'deps' | 'columns' | 'indexes'> {
  readonly key: RawKey | undefined;
  readonly id_columns: readonly (string | null)[];
  readonly fields?: readonly (string | RawFieldSpec | null)[] | undefined;
  readonly deps?: readonly (RawKey | RawFeatureDep | null)[] | null | undefined;
  readonly columns: Readonly<Record<string, string | RawColumnSpec | null>>;
  readonly indexes?: readonly (RawIndexSpec | null)[] | undefined;
  /** False when `columns` was not an object: id columns cannot be checked against it. */
  readonly columnsDeclared?: boolean;
}

function nonEmpty(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function key(v: unknown): RawKey | undefined {
  if (typeof v === 'string' && v !== '') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((p) => typeof p === 'string')) return v as string[];
  return undefined;
}

function column(v: unknown): string | RawColumnSpec | null {
  if (typeof v === 'string') return nonEmpty(v);
  if (!isRecord(v) || nonEmpty(v.type) === null) return null;
  return {
    type: v.type as string,
    ...(typeof v.nullable === 'boolean' ? { nullable: v.nullable } : {}),
    ...('default' in v ? { default: v.default } : {}),
    ...(typeof v.description === 'string' ? { description: v.description } : {}),
    ...(typeof v.renamed_from === 'string' ? { renamed_from: v.renamed_from } : {}),
  };
}

function field(v: unknown): string | RawFieldSpec | null {
  if (typeof v === 'string') return nonEmpty(v);
  if (!isRecord(v)) return null;
  const k = v.key === undefined ? undefined : key(v.key);
  if (v.key !== undefined && k === undefined) return null;
  const deps = v.deps === ALL_DEP ? ALL_DEP : Array.isArray(v.deps) ? v.deps.filter((d) => isRecord(d) && key(d.feature) !== undefined).map(fieldDep) : undefined;
  return { ...(k === undefined ? {} : { key: k }), ...(typeof v.code_version === 'string' ? { code_version: v.code_version } : {}), ...(deps === undefined ? {} : { deps }) };
}

function fieldDep(d: Record<string, unknown>): { feature: RawKey; fields?: RawKey[] } {
  const fields = Array.isArray(d.fields) ? d.fields.map(key).filter((f): f is RawKey => f !== undefined) : undefined;
  return { feature: key(d.feature)!, ...(fields === undefined ? {} : { fields }) };
}

function dep(v: unknown): RawKey | RawFeatureDep | null {
  const short = key(v);
  if (short !== undefined) return short;
  if (!isRecord(v) || key(v.feature) === undefined) return null;
  const mapping = fieldsMapping(v.fields_mapping);
  return { feature: key(v.feature)!, ...(mapping === undefined ? {} : { fields_mapping: mapping }) };
}

function fieldsMapping(v: unknown): RawFieldsMapping | undefined {
  const m = isRecord(v) && isRecord(v.mapping) ? v.mapping : null;
  if (m === null) return undefined;
  const keys = (x: unknown) => (Array.isArray(x) ? x.map(key).filter((k): k is RawKey => k !== undefined) : []);
  switch (m.type) {
    case 'all':
    case 'none':
      return { mapping: { type: m.type } };
    case 'default':
      return { mapping: { type: 'default', match_suffix: m.match_suffix === true, exclude_fields: keys(m.exclude_fields) } };
    case 'specific':
      return isRecord(m.mapping) ? { mapping: { type: 'specific', mapping: Object.fromEntries(Object.entries(m.mapping).map(([k, x]) => [k, keys(x)])) } } : undefined;
    default:
      return undefined;
  }
}

function index(v: unknown): RawIndexSpec | null {
  if (!isRecord(v) || !Array.isArray(v.columns) || !v.columns.every((c) => typeof c === 'string' && c !== '')) return null;
  return { columns: v.columns as string[], ...(typeof v.unique === 'boolean' ? { unique: v.unique } : {}), ...(typeof v.name === 'string' ? { name: v.name } : {}) };
}
