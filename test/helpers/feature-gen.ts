import { clone, slash, type MColumn, type MFeature, type MIndex, type MType, type MWorld, type ScalarName } from './feature-model.js';
import type { Rng } from './prng.js';

/**
 * Random valid Metaxy projects and random realistic edits of them, for the migration
 * property test. Everything is drawn from one Rng, so a seed reproduces a case exactly.
 *
 * Deliberate limits (each one documented in the property test's header):
 * - id columns and indexed columns have scalar or decimal types: DuckDB cannot index LIST,
 *   STRUCT or MAP columns (reported separately: the compiler accepts such specs).
 * - a type change never goes from string to another type: the rows inserted before the
 *   migration hold '' there, which no engine can cast to a number or a date; that is the
 *   data's fault, which the narrow-type hazard already warns about.
 */

const SCALARS: readonly ScalarName[] = ['bool', 'int8', 'int16', 'int32', 'int64', 'float32', 'float64', 'string', 'binary', 'date', 'time', 'timestamp', 'timestamptz', 'uuid', 'json'];
const ID_TYPES: readonly MType[] = [s('string'), s('string'), s('string'), s('int64'), s('int32'), s('uuid'), s('date')];
const ODD_NAMES = ['order', 'user', 'Mixed Case', "it's", 'group', 'Score', 'select', 'from'];
const MEMBER_NAMES = ['x', 'y', 'from', 'WhereClause', 'n_1', 'label'];
const FIELD_POOL = ['default', 'audio', 'frames', 'text', 'meta/score', 'caption'];
const KEY_ROOTS = ['video', 'audio', 'media', 'text-data', 'img'];
const DESCRIPTIONS = ['A column.', "It's described: 'quoted'.", 'Ünïcode – “quotes” and a\nnewline', 'Plain words'];

function s(name: ScalarName): MType {
  return { k: 'scalar', name };
}

/** Namer hands out names never used before in one generated case. */
export class Namer {
  private n = 0;
  private odd: string[];
  constructor(rng: Rng) {
    this.odd = rng.shuffle(ODD_NAMES);
  }
  next(): number {
    return ++this.n;
  }
  column(rng: Rng, taken: readonly string[]): string {
    if (rng.chance(0.12)) {
      const odd = this.odd.find((o) => !taken.includes(o));
      if (odd !== undefined) {
        this.odd = this.odd.filter((o) => o !== odd);
        return odd;
      }
    }
    return `c${this.next()}`;
  }
  key(rng: Rng): string[] {
    const id = `f${this.next()}`;
    return rng.pick([[id], [rng.pick(KEY_ROOTS), id], [rng.pick(KEY_ROOTS), id, rng.pick(['raw', 'v-2', 'x'])]]);
  }
}

/** genType is a random logical type, nested at most two levels. */
export function genType(rng: Rng, depth = 0): MType {
  const r = rng.next();
  if (depth < 2 && r < 0.08) return { k: 'list', of: genType(rng, depth + 1) };
  if (depth < 2 && r < 0.14) {
    const names = rng.sample(MEMBER_NAMES, rng.int(1, 3));
    return { k: 'struct', fields: names.map((name) => ({ name, type: genType(rng, depth + 1) })) };
  }
  if (depth < 2 && r < 0.19) return { k: 'map', key: rng.pick([s('string'), s('string'), s('int32')]), value: genType(rng, depth + 1) };
  if (r < 0.3) return genDecimal(rng);
  return s(rng.pick(SCALARS));
}

function genDecimal(rng: Rng): MType {
  const p = rng.int(1, 38);
  return { k: 'decimal', p, s: rng.int(0, Math.min(p, 10)) };
}

/** indexable types are those DuckDB and PostgreSQL can both put in a B-tree/ART index. */
export function indexable(t: MType): boolean {
  return t.k === 'scalar' || t.k === 'decimal';
}

/** genValue is a random value of a type for a default, or undefined when the type has no literal default (maps keyed by non-strings). */
export function genValue(t: MType, rng: Rng): unknown {
  switch (t.k) {
    case 'scalar':
      switch (t.name) {
        case 'bool':
          return rng.chance(0.5);
        case 'int8':
        case 'int16':
        case 'int32':
        case 'int64':
          return rng.int(-100, 100);
        case 'float32':
        case 'float64':
          return rng.pick([0.5, 1.25, -2, 0]);
        case 'string':
          return rng.pick(['', 'abc', "it's", 'x y', 'ünï']);
        case 'binary':
          return rng.pick(['bin', '']);
        case 'date':
          return '2024-01-02';
        case 'time':
          return rng.pick(['12:34:56', '00:00']);
        case 'timestamp':
          return '2024-01-02 03:04:05';
        case 'timestamptz':
          return rng.pick(['2024-01-02 03:04:05+00', '2024-01-02T03:04:05Z']);
        case 'uuid':
          return '123e4567-e89b-12d3-a456-426614174000';
        case 'json':
          return rng.pick([{ a: 1 }, [1, 2], {}, { nested: { k: "it's" } }]);
      }
      break;
    case 'decimal': {
      const whole = t.p - t.s > 0 ? String(rng.int(0, Math.min(99, 10 ** (t.p - t.s) - 1))) : '0';
      const frac = t.s > 0 && rng.chance(0.6) ? `.${'5'.repeat(rng.int(1, t.s))}` : '';
      return rng.chance(0.7) ? `${whole}${frac}` : Number(`${whole}${frac}`);
    }
    case 'list': {
      if (rng.chance(0.5)) return [];
      const v = genValue(t.of, rng);
      return v === undefined ? [] : [v, v];
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      for (const f of t.fields) {
        if (!rng.chance(0.7)) continue;
        const v = genValue(f.type, rng);
        if (v !== undefined) out[f.name] = v;
      }
      return out;
    }
    case 'map': {
      if (!(t.key.k === 'scalar' && t.key.name === 'string')) return undefined;
      if (rng.chance(0.5)) return {};
      const v = genValue(t.value, rng);
      return v === undefined ? {} : { k1: v };
    }
  }
  return undefined;
}

/** genDefault is a default for a column, or undefined for none; `null` only for nullable columns. */
export function genDefault(t: MType, nullable: boolean, rng: Rng): unknown {
  if (nullable && rng.chance(0.15)) return null;
  return genValue(t, rng);
}

/** genColumn is a random user column (never an id). */
export function genColumn(rng: Rng, namer: Namer, taken: readonly string[]): MColumn {
  const type = genType(rng);
  const nullable = rng.chance(0.4);
  const c: MColumn = { name: namer.column(rng, taken), type, nullable };
  if (rng.chance(0.3)) {
    const d = genDefault(type, nullable, rng);
    if (d !== undefined) c.default = d;
  }
  if (rng.chance(0.2)) c.description = rng.pick(DESCRIPTIONS);
  return c;
}

function genIndex(rng: Rng, namer: Namer, f: MFeature): MIndex | null {
  const candidates = [...f.columns.filter((c) => indexable(c.type)).map((c) => c.name), ...(rng.chance(0.2) ? ['metaxy_created_at'] : [])];
  if (candidates.length === 0) return null;
  const ix: MIndex = { columns: rng.sample(candidates, rng.int(1, Math.min(2, candidates.length))), unique: rng.chance(0.25) };
  if (rng.chance(0.25)) ix.name = `ix${namer.next()}`;
  const dup = f.indexes.some((o) => o.unique === ix.unique && o.columns.join('\0') === ix.columns.join('\0'));
  return dup ? null : ix;
}

/** genFeature is a random feature depending on some of `existing`. */
export function genFeature(rng: Rng, namer: Namer, existing: readonly MFeature[], stale: boolean): MFeature {
  const columns: MColumn[] = [];
  const idCount = rng.chance(0.8) ? 1 : 2;
  const total = rng.int(idCount, 6);
  const ids: string[] = [];
  for (let i = 0; i < idCount; i++) {
    const name = namer.column(rng, columns.map((c) => c.name));
    columns.push({ name, type: clone(rng.pick(ID_TYPES)), nullable: false });
    ids.push(name);
  }
  while (columns.length < total) columns.push(genColumn(rng, namer, columns.map((c) => c.name)));
  const f: MFeature = {
    key: namer.key(rng),
    ids,
    fields: rng.chance(0.5) ? [{ key: 'default' }] : rng.sample(FIELD_POOL, rng.int(1, 3)).map((key) => (rng.chance(0.3) ? { key, codeVersion: String(rng.int(1, 3)) } : { key })),
    deps: rng.sample(existing, rng.int(0, Math.min(2, existing.length))).map((d) => slash(d.key)),
    columns: rng.shuffle(columns),
    indexes: [],
  };
  for (let i = rng.int(0, 2); i > 0; i--) {
    const ix = genIndex(rng, namer, f);
    if (ix) f.indexes.push(ix);
  }
  if (rng.chance(0.4)) f.description = rng.pick(DESCRIPTIONS);
  if (rng.chance(0.2)) f.metadata = { owner: 'team', n: rng.int(1, 9) };
  if (stale && rng.chance(0.15)) f.renamedFrom = ['gone', `f${namer.next()}`]; // a hint left over from an old rename: must be harmless
  if (stale && rng.chance(0.15)) {
    const c = rng.pick(f.columns);
    c.renamedFrom = `old_${namer.next()}`;
  }
  return f;
}

/** genWorld is a random project of 1-4 features (deps between them) and random [ext.compile] options. */
export function genWorld(rng: Rng, namer: Namer): MWorld {
  const features: MFeature[] = [];
  for (let i = rng.int(1, 4); i > 0; i--) features.push(genFeature(rng, namer, features, true));
  return {
    features,
    injectPk: rng.chance(0.5),
    injectIdx: rng.chance(0.5),
    byField: rng.pick(['map', 'map', 'json', 'struct', 'struct'] as const),
    prefix: rng.pick(['', '', '', 'prod_']),
  };
}

/** Retype is a possible type change of a column and whether it widens. */
interface Retype {
  readonly to: MType;
}

const INTS: readonly ScalarName[] = ['int8', 'int16', 'int32', 'int64'];

/** retypes lists the type changes tried for a column of type t (see the module comment for what is left out). */
export function retypes(t: MType, rng: Rng): Retype[] {
  const out: MType[] = [];
  switch (t.k) {
    case 'scalar': {
      const n = t.name;
      if (INTS.includes(n)) out.push(...INTS.filter((x) => x !== n).map(s), s('float32'), s('float64'), genDecimal(rng), s('string'));
      else if (n === 'float32') out.push(s('float64'), s('int64'), s('string'));
      else if (n === 'float64') out.push(s('float32'), s('int64'), s('string'));
      else if (n === 'bool') out.push(s('int32'), s('string'));
      else if (n === 'date') out.push(s('timestamp'), s('string'));
      else if (n === 'timestamp') out.push(s('timestamptz'), s('date'), s('string'));
      else if (n === 'timestamptz') out.push(s('timestamp'), s('string'));
      else if (n === 'time' || n === 'uuid' || n === 'json') out.push(s('string'));
      break;
    }
    case 'decimal':
      out.push(genDecimal(rng), { k: 'decimal', p: Math.min(38, t.p + 2), s: t.s }, s('float64'), s('string'));
      break;
    case 'list':
      out.push(...retypes(t.of, rng).map((r) => ({ k: 'list' as const, of: r.to })));
      break;
    case 'map':
      out.push(...retypes(t.value, rng).map((r) => ({ k: 'map' as const, key: t.key, value: r.to })));
      break;
    case 'struct': {
      const free = MEMBER_NAMES.filter((m) => !t.fields.some((f) => f.name === m));
      if (free.length > 0) out.push({ k: 'struct', fields: [...t.fields, { name: rng.pick(free), type: genType(rng, 2) }] });
      if (t.fields.length > 1) {
        const gone = rng.int(0, t.fields.length - 1);
        out.push({ k: 'struct', fields: t.fields.filter((_, i) => i !== gone) });
      }
      t.fields.forEach((f, i) => {
        for (const r of retypes(f.type, rng)) out.push({ k: 'struct', fields: t.fields.map((g, j) => (j === i ? { name: g.name, type: r.to } : g)) });
      });
      break;
    }
  }
  return out.map((to) => ({ to }));
}

/** EditResult is the edited world and a log of what was done, for failure messages. */
export interface EditResult {
  readonly world: MWorld;
  readonly log: string[];
}

type EditKind =
  | 'addColumn'
  | 'dropColumn'
  | 'renameColumn'
  | 'retype'
  | 'toggleNull'
  | 'changeDefault'
  | 'changeComment'
  | 'addIndex'
  | 'dropIndex'
  | 'renameFeature'
  | 'addFeature'
  | 'dropFeature'
  | 'togglePk'
  | 'toggleIdx'
  | 'fields'
  | 'idColumns'
  | 'byField';

const WEIGHTS: Readonly<Record<EditKind, number>> = {
  addColumn: 3,
  dropColumn: 2,
  renameColumn: 2,
  retype: 3,
  toggleNull: 2,
  changeDefault: 2,
  changeComment: 1.5,
  addIndex: 2,
  dropIndex: 1,
  renameFeature: 2,
  addFeature: 1.5,
  dropFeature: 1,
  togglePk: 1,
  toggleIdx: 1,
  fields: 1.5,
  idColumns: 1,
  byField: 0.5,
};

/**
 * editWorld applies 1-4 random edits to a copy of `from`. Columns and features added or
 * renamed by an edit are not renamed again in the same case, so `renamed_from` always names
 * the name the previous state had.
 */
export function editWorld(from: MWorld, rng: Rng, namer: Namer): EditResult {
  const w = clone(from);
  const log: string[] = [];
  const freshFeatures = new Set<MFeature>();
  const freshColumns = new Set<MColumn>();
  const want = rng.int(1, 4);
  for (let tries = 0; log.length < want && tries < 50; tries++) {
    const kind = rng.weighted(WEIGHTS);
    const note = applyEdit(kind, w, rng, namer, freshFeatures, freshColumns);
    if (note !== null) log.push(`${kind}: ${note}`);
  }
  return { world: w, log };
}

function applyEdit(kind: EditKind, w: MWorld, rng: Rng, namer: Namer, freshF: Set<MFeature>, freshC: Set<MColumn>): string | null {
  const f = w.features.length > 0 ? rng.pick(w.features) : undefined;
  const at = (x: MFeature) => slash(x.key);
  switch (kind) {
    case 'addColumn': {
      if (!f) return null;
      const c = genColumn(rng, namer, f.columns.map((x) => x.name));
      f.columns.splice(rng.int(0, f.columns.length), 0, c);
      freshC.add(c);
      return `${at(f)}.${c.name} ${JSON.stringify(c)}`;
    }
    case 'dropColumn': {
      if (!f) return null;
      const options = f.columns.filter((c) => !f.ids.includes(c.name) || f.ids.length > 1);
      if (options.length === 0 || f.columns.length === 1) return null;
      const c = rng.pick(options);
      f.columns = f.columns.filter((x) => x !== c);
      f.ids = f.ids.filter((x) => x !== c.name);
      f.indexes = f.indexes.filter((ix) => !ix.columns.includes(c.name));
      return `${at(f)}.${c.name}`;
    }
    case 'renameColumn': {
      if (!f) return null;
      const options = f.columns.filter((c) => !freshC.has(c));
      if (options.length === 0) return null;
      const c = rng.pick(options);
      const old = c.name;
      c.name = namer.column(rng, f.columns.map((x) => x.name));
      c.renamedFrom = old;
      freshC.add(c);
      f.ids = f.ids.map((x) => (x === old ? c.name : x));
      for (const ix of f.indexes) ix.columns = ix.columns.map((x) => (x === old ? c.name : x));
      return `${at(f)}.${old} -> ${c.name}`;
    }
    case 'retype': {
      if (!f) return null;
      const c = rng.pick(f.columns);
      const options = retypes(c.type, rng).filter((r) => !f.ids.includes(c.name) || indexable(r.to));
      if (options.length === 0) return null;
      const before = c.type;
      c.type = rng.pick(options).to;
      if (c.default !== undefined && c.default !== null) {
        const d = genValue(c.type, rng);
        if (d === undefined || rng.chance(0.2)) delete c.default;
        else c.default = d;
      }
      return `${at(f)}.${c.name}: ${JSON.stringify(before)} -> ${JSON.stringify(c.type)}`;
    }
    case 'toggleNull': {
      if (!f) return null;
      const options = f.columns.filter((c) => !f.ids.includes(c.name));
      if (options.length === 0) return null;
      const c = rng.pick(options);
      c.nullable = !c.nullable;
      if (!c.nullable && c.default === null) {
        const d = genValue(c.type, rng);
        if (d === undefined) delete c.default;
        else c.default = d;
      }
      return `${at(f)}.${c.name} nullable=${c.nullable}`;
    }
    case 'changeDefault': {
      if (!f) return null;
      const options = f.columns.filter((c) => !f.ids.includes(c.name));
      if (options.length === 0) return null;
      const c = rng.pick(options);
      const d = rng.chance(0.3) ? undefined : genDefault(c.type, c.nullable, rng);
      if (d === undefined) delete c.default;
      else c.default = d;
      return `${at(f)}.${c.name} default=${JSON.stringify(d)}`;
    }
    case 'changeComment': {
      if (!f) return null;
      const text = rng.chance(0.3) ? undefined : rng.pick(DESCRIPTIONS);
      if (rng.chance(0.5)) {
        if (text === undefined) delete f.description;
        else f.description = text;
        return `${at(f)} description=${JSON.stringify(text)}`;
      }
      const c = rng.pick(f.columns);
      if (text === undefined) delete c.description;
      else c.description = text;
      return `${at(f)}.${c.name} description=${JSON.stringify(text)}`;
    }
    case 'addIndex': {
      if (!f) return null;
      const ix = genIndex(rng, namer, f);
      if (!ix) return null;
      f.indexes.push(ix);
      return `${at(f)} ${JSON.stringify(ix)}`;
    }
    case 'dropIndex': {
      if (!f || f.indexes.length === 0) return null;
      const ix = rng.pick(f.indexes);
      f.indexes = f.indexes.filter((x) => x !== ix);
      return `${at(f)} ${JSON.stringify(ix)}`;
    }
    case 'renameFeature': {
      const options = w.features.filter((x) => !freshF.has(x));
      if (options.length === 0) return null;
      const g = rng.pick(options);
      const old = slash(g.key);
      g.renamedFrom = g.key;
      g.key = namer.key(rng);
      freshF.add(g);
      for (const x of w.features) x.deps = x.deps.map((d) => (d === old ? slash(g.key) : d));
      return `${old} -> ${slash(g.key)}`;
    }
    case 'addFeature': {
      if (w.features.length >= 5) return null;
      const g = genFeature(rng, namer, w.features, false);
      w.features.splice(rng.int(0, w.features.length), 0, g);
      freshF.add(g);
      return `${slash(g.key)} deps=${JSON.stringify(g.deps)}`;
    }
    case 'dropFeature': {
      if (!f || w.features.length === 1) return null;
      w.features = w.features.filter((x) => x !== f);
      for (const x of w.features) x.deps = x.deps.filter((d) => d !== slash(f.key));
      return at(f);
    }
    case 'togglePk':
      w.injectPk = !w.injectPk;
      return `inject_primary_key=${w.injectPk}`;
    case 'toggleIdx':
      w.injectIdx = !w.injectIdx;
      return `inject_index=${w.injectIdx}`;
    case 'fields': {
      if (!f) return null;
      const free = FIELD_POOL.filter((k) => !f.fields.some((x) => x.key === k));
      const r = rng.int(0, 2);
      if (r === 0 && free.length > 0) f.fields.push({ key: rng.pick(free) });
      else if (r === 1 && f.fields.length > 1) f.fields.splice(rng.int(0, f.fields.length - 1), 1);
      else if (free.length > 0) f.fields[rng.int(0, f.fields.length - 1)] = { key: rng.pick(free) };
      else return null;
      return `${at(f)} fields=${f.fields.map((x) => x.key).join(',')}`;
    }
    case 'idColumns': {
      if (!f) return null;
      if (f.ids.length > 1 && rng.chance(0.5)) {
        const gone = rng.pick(f.ids);
        f.ids = f.ids.filter((x) => x !== gone);
        return `${at(f)} ids=${f.ids.join(',')}`;
      }
      const options = f.columns.filter((c) => !f.ids.includes(c.name) && !c.nullable && c.default === undefined && indexable(c.type));
      if (options.length === 0) return null;
      f.ids.push(rng.pick(options).name);
      return `${at(f)} ids=${f.ids.join(',')}`;
    }
    case 'byField': {
      const next = rng.pick((['map', 'json', 'struct'] as const).filter((b) => b !== w.byField));
      w.byField = next;
      return `by_field=${next}`;
    }
  }
}
