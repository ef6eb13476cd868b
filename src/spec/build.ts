import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ColumnDef, Feature, FeatureDep, FieldDef, FieldDep, FieldDump, FieldsMapping, IndexDef } from '../ir/feature.js';
import { ALL_DEP, DEFAULT_CODE_VERSION, reservedBy as reservedByUncached } from '../ir/metaxy.js';
import { typeToString } from '../ir/types.js';
import { dumpFeatureDep, dumpField } from './canonical.js';
import { defaultFits } from './defaults.js';
import { keyString, parseKey } from './keys.js';
import type { RawColumnSpec, RawFeatureDep, RawFeatureSpec, RawFieldSpec, RawKey } from './raw.js';
import type { SalvagedSpec } from './salvage.js';
import type { Path, SourceDoc } from './source.js';
import { parseTypeShared as parseType } from './type-parser.js';
import { unencodable } from './text.js';
import { describe } from './schema.js';

/**
 * memo remembers a pure function of a string: thousands of features repeat the same column
 * names (the results are readonly and may be shared). Bounded, as a safeguard.
 */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let v = seen.get(s);
    if (v === undefined && !seen.has(s)) {
      v = f(s);
      if (seen.size < 100_000) seen.set(s, v);
    }
    return v as T;
  };
}

const reservedBy = memo(reservedByUncached);

/**
 * buildFeature checks one schema-valid document on its own (keys, types, columns, ids,
 * indexes) and turns it into a Feature; problems are pushed to `out`. Returns null when the
 * key itself is unusable.
 */
export function buildFeature(doc: SourceDoc, out: Diagnostic[], raw: SalvagedSpec = doc.data as RawFeatureSpec): Feature | null {
  const key = raw.key === undefined ? null : checkKey(doc, raw.key, ['key'], 'INVALID_KEY', out);
  const columns = buildColumns(doc, raw, out);
  if (raw.columnsDeclared !== false) checkIdColumns(doc, raw, columns, out);
  const fields = buildFields(doc, raw, out);
  const deps = (raw.deps ?? []).map((d, i) => (d === null ? null : buildDep(doc, d, i, out)));
  const indexes = buildIndexes(doc, raw, columns, out);
  const renamedFrom = raw.renamed_from === undefined ? null : checkKey(doc, raw.renamed_from, ['renamed_from'], 'INVALID_KEY', out);
  checkText(doc, ['description'], raw.description, out);
  if (key === null) return null;
  const idColumns = [...new Set(raw.id_columns.filter((c): c is string => c !== null))]; // Metaxy de-duplicates, keeping order
  return {
    kind: 'Feature',
    key: key.join('/'),
    parts: key,
    project: raw.project ?? null,
    description: raw.description ?? null,
    idColumns,
    fields: fields.map((f) => f.def),
    deps: deps.filter((d): d is FeatureDep => d !== null),
    columns,
    indexes,
    metadata: raw.metadata ?? {},
    renamedFrom: renamedFrom?.join('/') ?? null,
    specDump: {
      key: key.join('/'),
      id_columns: idColumns,
      deps: (raw.deps ?? []).flatMap((d) => (d === null ? [] : [dumpFeatureDep(d)])),
      fields: fields.map((f) => f.dump),
      metadata: raw.metadata ?? {},
      description: raw.description ?? null,
    },
    span: doc.at([]),
  };
}

function checkKey(doc: SourceDoc, raw: RawKey, path: Path, code: 'INVALID_KEY' | 'INVALID_FIELD_KEY', out: Diagnostic[]): readonly string[] | null {
  const r = parseKey(raw);
  if (r.ok) return r.parts;
  out.push(diag(code, doc.at(path), keyString(raw), r.why));
  return null;
}

function buildColumns(doc: SourceDoc, raw: SalvagedSpec, out: Diagnostic[]): ColumnDef[] {
  const columns: ColumnDef[] = [];
  for (const [name, value] of Object.entries(raw.columns)) {
    if (value === null) continue; // malformed: reported by the schema
    const spec: RawColumnSpec = typeof value === 'string' ? { type: value } : value;
    const sys = reservedBy(name);
    if (sys !== null) out.push(diag('RESERVED_COLUMN', doc.at(['columns', name], 'key'), name, sys));
    const parsed = parseType(spec.type);
    if (!parsed.ok) {
      const at = doc.at(typeof value === 'string' ? ['columns', name] : ['columns', name, 'type'], 'content');
      out.push(diag('UNKNOWN_TYPE', { ...at, col: at.col + parsed.offset }, spec.type, parsed.why));
      continue;
    }
    if (spec.renamed_from === name) out.push(diag('RENAME_TO_SELF', doc.at(['columns', name, 'renamed_from']), name));
    const nullable = parsed.nullable || spec.nullable === true;
    const hasDefault = typeof value === 'object' && 'default' in value;
    if (hasDefault && (!defaultFits(spec.default, parsed.type) || (spec.default === null && !nullable))) {
      out.push(diag('BAD_DEFAULT', doc.at(['columns', name, 'default']), name, typeToString(parsed.type)));
    }
    checkText(doc, ['columns', name, 'description'], spec.description, out);
    if (hasDefault) checkText(doc, ['columns', name, 'default'], spec.default, out);
    const description = spec.description ?? null;
    const renamedFrom = spec.renamed_from ?? null;
    const span = doc.at(['columns', name], 'key');
    // Two literals rather than a conditional spread: the same keys in the same order, built faster.
    columns.push(
      hasDefault
        ? { name, type: parsed.type, nullable, default: spec.default as ColumnDef['default'], description, renamedFrom, span }
        : { name, type: parsed.type, nullable, description, renamedFrom, span },
    );
  }
  return columns;
}

/**
 * checkText refuses text that goes into SQL (a description, the strings of a default) but that
 * no engine can hold: NUL, or a lone UTF-16 surrogate (UTF-8 cannot encode it).
 */
function checkText(doc: SourceDoc, path: Path, value: unknown, out: Diagnostic[]): void {
  const strings: unknown[] = [value];
  while (strings.length > 0) {
    const v = strings.pop();
    if (typeof v === 'string') {
      const why = unencodable(v);
      if (why !== null) out.push(diag('INVALID_TEXT', doc.at(path), describe(path), why));
    } else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings.push(k, x);
  }
}

function checkIdColumns(doc: SourceDoc, raw: SalvagedSpec, columns: readonly ColumnDef[], out: Diagnostic[]): void {
  raw.id_columns.forEach((id, i) => {
    if (id === null) return;
    const col = columns.find((c) => c.name === id);
    if (!col) {
      if (!(id in raw.columns)) out.push(diag('ID_COLUMN_UNDECLARED', doc.at(['id_columns', i]), id));
      return;
    }
    if (col.default !== undefined) out.push(diag('ID_COLUMN_GENERATED', doc.at(['columns', id, 'default']), id));
    if (col.nullable) out.push(diag('ID_COLUMN_NULLABLE', doc.at(['columns', id]), id));
  });
}

function buildFields(doc: SourceDoc, raw: SalvagedSpec, out: Diagnostic[]): { def: FieldDef; dump: FieldDump }[] {
  const list = raw.fields ?? [{ key: 'default' }];
  const seen = new Set<string>();
  const members = new Map<string, string>();
  const result: { def: FieldDef; dump: FieldDump }[] = [];
  list.forEach((f, i) => {
    if (f === null) return;
    const spec: RawFieldSpec = typeof f === 'string' ? { key: f } : f;
    const keyPath: Path = typeof f === 'string' ? ['fields', i] : ['fields', i, 'key'];
    const parts = checkKey(doc, spec.key ?? 'default', keyPath, 'INVALID_FIELD_KEY', out);
    if (parts === null) return;
    const key = parts.join('/');
    const member = parts.join('_'); // Metaxy's FieldKey.to_struct_key
    const twin = members.get(member);
    if (seen.has(key)) out.push(diag('DUPLICATE_FIELD', doc.at(keyPath), key));
    else if (twin !== undefined) out.push(diag('FIELD_MEMBER_COLLISION', doc.at(keyPath), key, twin, member));
    seen.add(key);
    members.set(member, key);
    const codeVersion = spec.code_version ?? DEFAULT_CODE_VERSION;
    const deps: FieldDef['deps'] =
      spec.deps === undefined || (Array.isArray(spec.deps) && spec.deps.length === 0)
        ? null
        : spec.deps === ALL_DEP
          ? 'all'
          : (spec.deps as readonly { feature: RawKey; fields?: unknown }[]).map((d, j) => fieldDep(doc, d, ['fields', i, 'deps', j], out));
    result.push({ def: { key, codeVersion, deps, span: doc.at(keyPath) }, dump: dumpField(spec, codeVersion) });
  });
  return result;
}

/** fieldDep reads one FieldDep; its feature and field keys are Metaxy keys, checked as the feature's own. */
function fieldDep(doc: SourceDoc, d: { feature: RawKey; fields?: unknown }, at: Path, out: Diagnostic[]): FieldDep {
  checkKey(doc, d.feature, [...at, 'feature'], 'INVALID_KEY', out);
  const fields = d.fields === undefined || d.fields === ALL_DEP ? 'all' : (d.fields as RawKey[]);
  if (fields !== 'all') fields.forEach((f, k) => checkKey(doc, f, [...at, 'fields', k], 'INVALID_FIELD_KEY', out));
  return { feature: keyString(d.feature), fields: fields === 'all' ? 'all' : fields.map(keyString), span: doc.at(at) };
}

function buildDep(doc: SourceDoc, raw: RawKey | RawFeatureDep, i: number, out: Diagnostic[]): FeatureDep | null {
  const dep: RawFeatureDep = typeof raw === 'string' || Array.isArray(raw) ? { feature: raw as RawKey } : (raw as RawFeatureDep);
  const path: Path = typeof raw === 'object' && !Array.isArray(raw) ? ['deps', i, 'feature'] : ['deps', i];
  const parts = checkKey(doc, dep.feature, path, 'INVALID_KEY', out);
  const mapping = dep.fields_mapping?.mapping;
  const mappingAt: Path = ['deps', i, 'fields_mapping', 'mapping'];
  if (mapping?.type === 'default') (mapping.exclude_fields ?? []).forEach((f, k) => checkKey(doc, f, [...mappingAt, 'exclude_fields', k], 'INVALID_FIELD_KEY', out));
  if (mapping?.type === 'specific') {
    for (const [field, upstream] of Object.entries(mapping.mapping)) upstream.forEach((f, k) => checkKey(doc, f, [...mappingAt, 'mapping', field, k], 'INVALID_FIELD_KEY', out));
  }
  if (parts === null) return null;
  return { feature: parts.join('/'), fieldsMapping: fieldsMapping(dep), span: doc.at(path) };
}

function fieldsMapping(dep: RawFeatureDep): FieldsMapping {
  const m = dep.fields_mapping?.mapping ?? { type: 'default' as const };
  switch (m.type) {
    case 'default':
      return { type: 'default', matchSuffix: m.match_suffix ?? false, excludeFields: (m.exclude_fields ?? []).map(keyString) };
    case 'all':
    case 'none':
      return { type: m.type };
    case 'specific':
      return { type: 'specific', mapping: Object.fromEntries(Object.entries(m.mapping).map(([k, v]) => [k, v.map(keyString)])) };
  }
}

function buildIndexes(doc: SourceDoc, raw: SalvagedSpec, columns: readonly ColumnDef[], out: Diagnostic[]): IndexDef[] {
  const names = new Set<string>();
  return (raw.indexes ?? []).flatMap((ix, i) => {
    if (ix === null) return [];
    ix.columns.forEach((c, j) => {
      const known = columns.some((col) => col.name === c) || c in raw.columns || reservedBy(c) === c;
      if (!known) out.push(diag('INDEX_UNKNOWN_COLUMN', doc.at(['indexes', i, 'columns', j]), c));
    });
    if (ix.name !== undefined) {
      if (names.has(ix.name)) out.push(diag('DUPLICATE_INDEX', doc.at(['indexes', i, 'name']), ix.name));
      names.add(ix.name);
    }
    return [{ name: ix.name ?? null, columns: ix.columns, unique: ix.unique ?? false, span: doc.at(['indexes', i]) }];
  });
}
