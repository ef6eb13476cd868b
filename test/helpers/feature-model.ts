import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Rng } from './prng.js';

/**
 * A small, test-owned model of a Metaxy project (features + [ext.compile]) that can be
 * written out as spec files and metaxy.toml, and compared with another model to predict the
 * hazards `migrate` must report. It is independent of src/: the property and scenario tests
 * use it as their oracle.
 */

/** MType is a logical column type. */
export type MType =
  | { readonly k: 'scalar'; readonly name: ScalarName }
  | { readonly k: 'decimal'; readonly p: number; readonly s: number }
  | { readonly k: 'list'; readonly of: MType }
  | { readonly k: 'struct'; readonly fields: readonly { readonly name: string; readonly type: MType }[] }
  | { readonly k: 'map'; readonly key: MType; readonly value: MType };

/** ScalarName is every scalar logical type. */
export type ScalarName =
  | 'bool'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float32'
  | 'float64'
  | 'string'
  | 'binary'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'uuid'
  | 'json';

/** MColumn is one user column. `default: undefined` means none. */
export interface MColumn {
  name: string;
  type: MType;
  nullable: boolean;
  default?: unknown;
  description?: string;
  renamedFrom?: string;
}

/** MIndex is one declared index. */
export interface MIndex {
  columns: string[];
  unique: boolean;
  name?: string;
}

/** MField is one Metaxy field (key parts joined by `/`). */
export interface MField {
  key: string;
  codeVersion?: string;
}

/** MFeature is one feature spec. */
export interface MFeature {
  key: string[];
  renamedFrom?: string[];
  description?: string;
  ids: string[];
  fields: MField[];
  /** Slash keys of the features this one depends on. */
  deps: string[];
  columns: MColumn[];
  indexes: MIndex[];
  metadata?: Record<string, unknown>;
}

/** ByField is `[ext.compile] by_field`. */
export type ByField = 'map' | 'json' | 'struct';

/** MWorld is a whole project: features and the compile options shared by both stores. */
export interface MWorld {
  features: MFeature[];
  injectPk: boolean;
  injectIdx: boolean;
  byField: ByField;
  prefix: string;
}

/** STORES are the two SQL stores every written metaxy.toml defines. */
export const STORES = { postgres: 'postgres', duckdb: 'duckdb' } as const;

/** clone deep-copies a model. */
export function clone<T>(x: T): T {
  return structuredClone(x);
}

/** slash is a key as `a/b`. */
export const slash = (key: readonly string[]) => key.join('/');

/** tableName is the table of a key in a store with the given prefix (`-` -> `_`, parts joined by `__`). */
export function tableName(prefix: string, key: readonly string[]): string {
  return prefix + key.map((p) => p.replaceAll('-', '_')).join('__');
}

const ALIASES: Partial<Record<ScalarName, string>> = { string: 'str', int64: 'int', float64: 'float', binary: 'bytes', timestamptz: 'datetime' };

/** typeText prints a type in the spec syntax; with an rng, Python aliases (str, int, ...) and spacing vary. */
export function typeText(t: MType, rng?: Rng): string {
  switch (t.k) {
    case 'scalar': {
      const alias = ALIASES[t.name];
      return alias !== undefined && rng?.chance(0.3) ? alias : t.name;
    }
    case 'decimal':
      return rng?.chance(0.3) ? `decimal(${t.p},${t.s})` : `decimal(${t.p}, ${t.s})`;
    case 'list':
      return `list<${typeText(t.of, rng)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${f.name}: ${typeText(f.type, rng)}`).join(', ')}>`;
    case 'map':
      return `map<${typeText(t.key, rng)}, ${typeText(t.value, rng)}>`;
  }
}

/** canonical is a type's identity (aliases and spacing do not count). */
export const canonical = (t: MType) => typeText(t);

const INT_BITS: Record<string, number> = { int8: 8, int16: 16, int32: 32, int64: 64 };
const INT_DIGITS: Record<string, number> = { int8: 3, int16: 5, int32: 10, int64: 19 };

/**
 * widensModel is the documented widening relation (every value of `a` fits `b`): larger
 * ints, ints into floats that hold them exactly, float32 -> float64, anything but binary into
 * string, decimals that keep integer digits and scale, and the same element-wise for lists,
 * maps, and structs that keep every member.
 */
export function widensModel(a: MType, b: MType): boolean {
  if (canonical(a) === canonical(b)) return true;
  if (b.k === 'scalar' && b.name === 'string' && a.k === 'scalar' && a.name !== 'binary') return true;
  if (a.k === 'scalar' && b.k === 'scalar') {
    const x = INT_BITS[a.name];
    const y = INT_BITS[b.name];
    if (x !== undefined && y !== undefined) return x <= y;
    if (x !== undefined && b.name === 'float64') return x <= 32;
    if (x !== undefined && b.name === 'float32') return x <= 16;
    return a.name === 'float32' && b.name === 'float64';
  }
  if (a.k === 'scalar' && INT_DIGITS[a.name] !== undefined && b.k === 'decimal') return b.p - b.s >= INT_DIGITS[a.name]!;
  if (a.k === 'decimal' && b.k === 'decimal') return b.s >= a.s && b.p - b.s >= a.p - a.s;
  if (a.k === 'list' && b.k === 'list') return widensModel(a.of, b.of);
  if (a.k === 'map' && b.k === 'map') return widensModel(a.key, b.key) && widensModel(a.value, b.value);
  if (a.k === 'struct' && b.k === 'struct') return a.fields.every((f) => b.fields.some((g) => g.name === f.name && widensModel(f.type, g.type)));
  return false;
}

/** pgJsonb tells whether PostgreSQL stores a type as JSONB: json, struct, map, and lists of anything but plain scalars. */
function pgJsonb(t: MType): boolean {
  if (t.k === 'scalar') return t.name === 'json';
  if (t.k === 'decimal') return false;
  if (t.k === 'list') return t.of.k === 'list' || t.of.k === 'struct' || t.of.k === 'map' || (t.of.k === 'scalar' && t.of.name === 'json');
  return true;
}

/** byFieldModel is the type of the two `*_by_field` system columns of a feature. */
export function byFieldModel(mode: ByField, fields: readonly MField[]): MType {
  if (mode === 'json') return { k: 'scalar', name: 'json' };
  if (mode === 'map') return { k: 'map', key: { k: 'scalar', name: 'string' }, value: { k: 'scalar', name: 'string' } };
  const names = [...new Set(fields.map((f) => f.key.split('/').join('_')))]; // spec order, as Metaxy builds it
  return { k: 'struct', fields: names.map((name) => ({ name, type: { k: 'scalar', name: 'string' } })) };
}

/** matchTable finds the feature of `from` that a feature of `to` continues (same table, or renamed_from), as the spec defines. */
export function matchTable(from: MWorld, to: MWorld, t: MFeature): MFeature | undefined {
  const name = tableName(to.prefix, t.key);
  const same = from.features.find((f) => tableName(from.prefix, f.key) === name);
  if (same) return same;
  if (!t.renamedFrom) return undefined;
  const old = tableName(from.prefix, t.renamedFrom);
  if (to.features.some((x) => tableName(to.prefix, x.key) === old)) return undefined;
  return from.features.find((f) => tableName(from.prefix, f.key) === old);
}

/** matchColumn finds the column of `f` that a column of `t` continues (same name, or renamed_from). */
export function matchColumn(f: MFeature, t: MFeature, c: MColumn): MColumn | undefined {
  const same = f.columns.find((x) => x.name === c.name);
  if (same) return same;
  if (c.renamedFrom === undefined || t.columns.some((x) => x.name === c.renamedFrom)) return undefined;
  return f.columns.find((x) => x.name === c.renamedFrom);
}

/**
 * expectedHazards predicts, from the two models alone, the hazard kinds (sorted) that
 * `migrate` must report for the features stream: dropped tables and columns, narrowed types
 * (user columns and the by_field columns), NOT NULL set on existing columns, and NOT NULL
 * columns without a default added to existing tables; on PostgreSQL, a type change from a
 * JSONB-stored type to an array, which it cannot do in place ('unsupported').
 */
export function expectedHazards(from: MWorld, to: MWorld, store: 'postgres' | 'duckdb'): string[] {
  const out: string[] = [];
  const matched = new Set<MFeature>();
  for (const t of to.features) {
    const f = matchTable(from, to, t);
    if (!f) continue;
    matched.add(f);
    const used = new Set<MColumn>();
    for (const c of t.columns) {
      const o = matchColumn(f, t, c);
      if (!o) {
        if (!c.nullable && c.default === undefined) out.push('not-null-backfill');
        continue;
      }
      used.add(o);
      if (!widensModel(o.type, c.type)) out.push('narrow-type');
      if (store === 'postgres' && pgJsonb(o.type) && !pgJsonb(c.type) && c.type.k === 'list') out.push('unsupported');
      if (o.nullable && !c.nullable) out.push('set-not-null');
    }
    for (const o of f.columns) if (!used.has(o)) out.push('drop-column');
    // A map or JSON by-field column turned into Metaxy's struct keeps what Metaxy writes there: no hazard.
    const byFieldBefore = byFieldModel(from.byField, f.fields);
    const regroups = byFieldBefore.k !== 'struct' && to.byField === 'struct';
    if (!regroups && !widensModel(byFieldBefore, byFieldModel(to.byField, t.fields))) out.push('narrow-type', 'narrow-type');
  }
  for (const f of from.features) if (!matched.has(f)) out.push('drop-table');
  return out.sort();
}

/** tomlText is the metaxy.toml of a world: the two SQL stores and `[ext.compile]`. */
export function tomlText(w: MWorld, rng?: Rng): string {
  const duckType = rng?.chance(0.3) ? 'metaxy.metadata_store.duckdb.DuckDBMetadataStore' : 'metaxy.ext.duckdb.DuckDBMetadataStore';
  const prefix = w.prefix === '' ? '' : `table_prefix = "${w.prefix}"\n`;
  return [
    'project = "demo"',
    `store = "${STORES.duckdb}"`,
    '',
    `[stores.${STORES.postgres}]`,
    'type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"',
    `[stores.${STORES.postgres}.config]`,
    `connection_string = "postgresql://localhost/demo"\n${prefix}`,
    `[stores.${STORES.duckdb}]`,
    `type = "${duckType}"`,
    `[stores.${STORES.duckdb}.config]`,
    `database = "dev.duckdb"\n${prefix}`,
    '[ext.compile]',
    `inject_primary_key = ${w.injectPk}`,
    `inject_index = ${w.injectIdx}`,
    `by_field = "${w.byField}"`,
    '',
  ].join('\n');
}

/** featureDoc is the spec document of a feature, in one of the written forms the spec allows (chosen by rng). */
export function featureDoc(f: MFeature, rng: Rng): Record<string, unknown> {
  const key = (k: readonly string[]) => (rng.chance(0.25) ? [...k] : slash(k));
  const doc: Record<string, unknown> = { key: key(f.key) };
  if (f.renamedFrom) doc.renamed_from = key(f.renamedFrom);
  if (f.description !== undefined) doc.description = f.description;
  if (rng.chance(0.2)) doc.project = 'demo';
  doc.id_columns = [...f.ids];
  const defaultOnly = f.fields.length === 1 && f.fields[0]!.key === 'default' && f.fields[0]!.codeVersion === undefined;
  if (!defaultOnly || rng.chance(0.3)) {
    doc.fields = f.fields.map((x) => (x.codeVersion === undefined && rng.chance(0.6) ? x.key : { key: x.key, ...(x.codeVersion === undefined ? {} : { code_version: x.codeVersion }) }));
  }
  if (f.deps.length > 0) doc.deps = f.deps.map((d) => rng.pick([d, d.split('/'), { feature: d }]));
  const columns: Record<string, unknown> = {};
  for (const c of f.columns) columns[c.name] = columnDoc(c, rng);
  doc.columns = columns;
  if (f.indexes.length > 0) {
    doc.indexes = f.indexes.map((ix) => ({ columns: [...ix.columns], ...(ix.unique || rng.chance(0.2) ? { unique: ix.unique } : {}), ...(ix.name ? { name: ix.name } : {}) }));
  }
  if (f.metadata) doc.metadata = f.metadata;
  return doc;
}

function columnDoc(c: MColumn, rng: Rng): unknown {
  const type = typeText(c.type, rng);
  const plain = c.default === undefined && c.description === undefined && c.renamedFrom === undefined;
  if (plain && rng.chance(0.6)) return c.nullable ? `${type}?` : type;
  const suffix = c.nullable && rng.chance(0.5);
  return {
    type: suffix ? `${type}?` : type,
    ...(c.nullable && !suffix ? { nullable: true } : !c.nullable && rng.chance(0.2) ? { nullable: false } : {}),
    ...(c.default === undefined ? {} : { default: c.default }),
    ...(c.description === undefined ? {} : { description: c.description }),
    ...(c.renamedFrom === undefined ? {} : { renamed_from: c.renamedFrom }),
  };
}

/**
 * writeWorld writes `<dir>/metaxy.toml` and `<dir>/features/` (replacing any earlier
 * features): each feature in its own .yaml/.yml/.json file, some grouped as several YAML
 * documents in one file, some in sub-folders. Returns the spec file of each feature key.
 */
export function writeWorld(dir: string, w: MWorld, rng: Rng): Map<string, string> {
  const features = path.join(dir, 'features');
  rmSync(features, { recursive: true, force: true });
  mkdirSync(features, { recursive: true });
  writeFileSync(path.join(dir, 'metaxy.toml'), tomlText(w, rng));
  const where = new Map<string, string>();
  const groups: MFeature[][] = [];
  for (const f of w.features) {
    if (groups.length > 0 && rng.chance(0.25)) groups[groups.length - 1]!.push(f);
    else groups.push([f]);
  }
  groups.forEach((group, i) => {
    const sub = rng.chance(0.3) ? path.join(features, `group${i % 2}`) : features;
    mkdirSync(sub, { recursive: true });
    const docs = group.map((f) => featureDoc(f, rng));
    const json = rng.chance(0.2);
    const file = path.join(sub, `spec${i}.${json ? 'json' : rng.chance(0.3) ? 'yml' : 'yaml'}`);
    const text = json
      ? `${JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2)}\n`
      : docs.map((d) => YAML.stringify(d, { lineWidth: 0 })).join('---\n');
    writeFileSync(file, text);
    for (const f of group) where.set(slash(f.key), file);
  });
  return where;
}
