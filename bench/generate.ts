import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The benchmark's workload: N realistic Metaxy features (10-20 user columns of every kind of
 * type, id columns, fields with field deps, dependency chains of depth <= 5, several files per
 * folder, YAML multi-document files and JSON arrays), and the same PostgreSQL tables as a
 * drizzle-kit schema (user columns, Metaxy's ten system columns, the injected primary key and
 * index, the declared indexes, and the two system tables). A `changed` variant changes 10% of
 * the features in ways both tools handle without prompting: added columns, a widened type, a
 * dropped NOT NULL, an added index.
 */

/** Variant is the schema before (`base`) or after (`changed`) 10% of the features changed. */
export type Variant = 'base' | 'changed';

interface ColumnSpec {
  readonly name: string;
  readonly type: string;
  readonly nullable?: boolean;
  readonly default?: string | number | boolean;
  readonly description?: string;
}

interface IndexSpec {
  readonly columns: readonly string[];
  readonly unique?: boolean;
}

interface FeatureSpec {
  readonly key: string;
  readonly table: string;
  readonly description: string | null;
  readonly idColumns: readonly string[];
  readonly fields: readonly { key: string; codeVersion: string | null; deps: { feature: string; fields: string[] }[] | null }[];
  readonly deps: readonly string[];
  readonly columns: readonly ColumnSpec[];
  readonly indexes: readonly IndexSpec[];
  readonly metadata: Readonly<Record<string, string>> | null;
}

const AREAS = ['media', 'audio', 'video', 'text', 'vision', 'docs', 'users', 'billing', 'search', 'ranking'];
const NOUNS = ['clip', 'frame', 'chunk', 'scene', 'caption', 'embedding', 'transcript', 'speaker', 'label', 'score', 'thumbnail', 'segment'];
const FIELD_KEYS = ['frames', 'audio', 'text', 'embedding', 'meta'];

/** The optional columns a feature draws from (never a system column name or its unprefixed form). */
const POOL: readonly ColumnSpec[] = [
  { name: 'source_uri', type: 'string', description: 'Object storage URI of the source' },
  { name: 'byte_size', type: 'int64' },
  { name: 'width', type: 'int32' },
  { name: 'height', type: 'int32' },
  { name: 'duration_s', type: 'float64' },
  { name: 'score', type: 'float64', default: 0 },
  { name: 'confidence', type: 'float32', nullable: true },
  { name: 'label', type: 'string', nullable: true },
  { name: 'language', type: 'string', default: 'en' },
  { name: 'is_valid', type: 'bool', default: false },
  { name: 'captured_on', type: 'date' },
  { name: 'observed_at', type: 'timestamptz', nullable: true },
  { name: 'model_name', type: 'string', description: 'Model that produced the row' },
  { name: 'model_version', type: 'string' },
  { name: 'tags', type: 'list<string>', nullable: true },
  { name: 'attrs', type: 'map<string, string>' },
  { name: 'payload', type: 'json', nullable: true },
  { name: 'bbox', type: 'struct<x: int32, y: int32, w: int32, h: int32>', nullable: true },
  { name: 'price', type: 'decimal(12, 2)' },
  { name: 'offsets', type: 'list<int64>' },
  { name: 'run_uuid', type: 'uuid' },
  { name: 'shard', type: 'int16' },
  { name: 'retries', type: 'int32', default: 0 },
  { name: 'notes', type: 'string', nullable: true },
  { name: 'owner_team', type: 'string' },
  { name: 'region', type: 'string', default: 'eu-west-1' },
  { name: 'quality', type: 'float32', nullable: true },
  { name: 'frame_count', type: 'int64' },
  { name: 'segments', type: 'list<struct<start_ms: int64, end_ms: int64>>', nullable: true },
  { name: 'encoding', type: 'string', default: 'utf8' },
];

/** mulberry32: a small deterministic PRNG, so every run generates the same workload. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FOLDER_SIZE = 40;
const CHAIN = 5; // dependency depth: a chain of 5 features, each on the one before

/** makeFeatures builds the N features of a variant (the same seed gives the same features). */
function makeFeatures(n: number, variant: Variant): FeatureSpec[] {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const out: FeatureSpec[] = [];
  for (let i = 0; i < n; i++) {
    const folder = Math.floor(i / FOLDER_SIZE);
    const area = `${AREAS[folder % AREAS.length]}_${String(folder).padStart(4, '0')}`;
    const noun = NOUNS[i % NOUNS.length]!;
    const key = `${area}/${noun}_${String(i % FOLDER_SIZE).padStart(2, '0')}`;
    const table = key.replace('/', '__');
    const idName = `${noun}_id`;
    const twoIds = rand() < 0.25;
    const columns: ColumnSpec[] = [
      { name: idName, type: 'string' },
      ...(twoIds ? [{ name: 'part_idx', type: 'int32' }] : []),
      { name: 'checksum', type: 'string' },
      { name: 'row_count', type: 'int32' },
    ];
    const total = 10 + Math.floor(rand() * 11); // 10..20 user columns
    const pool = POOL.filter(() => rand() < 0.6).slice(0, total - columns.length);
    columns.push(...pool);
    const inChain = i % CHAIN;
    const parent = inChain > 0 && i % FOLDER_SIZE !== 0 ? out[i - 1]! : null;
    const fieldCount = 1 + Math.floor(rand() * 3);
    const fieldKeys = FIELD_KEYS.slice(i % 2, (i % 2) + fieldCount);
    const fields = fieldKeys.map((fk, j) => ({
      key: fk,
      codeVersion: rand() < 0.5 ? String(1 + Math.floor(rand() * 3)) : null,
      deps: parent && j === 0 && rand() < 0.5 ? [{ feature: parent.key, fields: [parent.fields[0]!.key] }] : null,
    }));
    const indexes: IndexSpec[] = [];
    if (rand() < 0.4) indexes.push({ columns: [columns[columns.length - 1]!.name] });
    if (rand() < 0.1) indexes.push({ columns: ['checksum'], unique: true });
    const f: FeatureSpec = {
      key,
      table,
      description: rand() < 0.7 ? `${noun} records of ${area}, one row per ${noun}.` : null,
      idColumns: twoIds ? [idName, 'part_idx'] : [idName],
      fields,
      deps: parent ? [parent.key] : [],
      columns,
      indexes,
      metadata: rand() < 0.5 ? { owner: `${pick(AREAS)}-team` } : null,
    };
    out.push(variant === 'changed' && i % 10 === 3 ? change(f, Math.floor(i / 10) % 5) : f);
  }
  return out;
}

/** change applies one of five changes both tools apply without a prompt (no drops, no renames). */
function change(f: FeatureSpec, kind: number): FeatureSpec {
  switch (kind) {
    case 0:
      return { ...f, columns: [...f.columns, { name: 'review_note', type: 'string', nullable: true }] };
    case 1:
      return { ...f, columns: [...f.columns, { name: 'attempts', type: 'int32', default: 0 }] };
    case 2:
      return { ...f, columns: f.columns.map((c) => (c.name === 'row_count' ? { ...c, type: 'int64' } : c)) };
    case 3:
      return { ...f, indexes: [...f.indexes, { columns: ['checksum', 'row_count'] }] };
    default:
      return { ...f, columns: f.columns.map((c) => (c.name === 'checksum' ? { ...c, nullable: true } : c)) };
  }
}

function yamlScalar(v: string | number | boolean): string {
  return typeof v === 'string' ? (/^[a-z][a-z0-9_ -]*$/i.test(v) && !/^(true|false|null|yes|no)$/i.test(v) ? v : JSON.stringify(v)) : String(v);
}

function yamlColumn(c: ColumnSpec): string {
  const quote = (s: string) => (/[<>:,?]/.test(s) ? JSON.stringify(s) : s);
  const type = quote(c.type);
  if (c.default === undefined && c.description === undefined) return `  ${c.name}: ${quote(`${c.type}${c.nullable ? '?' : ''}`)}`;
  const parts = [`type: ${type}`];
  if (c.nullable) parts.push('nullable: true');
  if (c.default !== undefined) parts.push(`default: ${yamlScalar(c.default)}`);
  if (c.description !== undefined) parts.push(`description: ${c.description}`);
  return `  ${c.name}: {${parts.join(', ')}}`;
}

function yamlFeature(f: FeatureSpec): string {
  const lines = [`key: ${f.key}`];
  if (f.description) lines.push(`description: ${f.description}`);
  lines.push(`id_columns: [${f.idColumns.join(', ')}]`);
  lines.push('fields:');
  for (const fd of f.fields) {
    if (fd.codeVersion === null && fd.deps === null) {
      lines.push(`  - ${fd.key}`);
      continue;
    }
    lines.push(`  - key: ${fd.key}`);
    if (fd.codeVersion !== null) lines.push(`    code_version: "${fd.codeVersion}"`);
    if (fd.deps) {
      lines.push('    deps:');
      for (const d of fd.deps) lines.push(`      - feature: ${d.feature}`, `        fields: [${d.fields.join(', ')}]`);
    }
  }
  if (f.deps.length > 0) {
    lines.push('deps:');
    for (const d of f.deps) lines.push(`  - feature: ${d}`, `    lineage: {relationship: {type: "1:1"}}`);
  }
  lines.push('columns:', ...f.columns.map(yamlColumn));
  if (f.indexes.length > 0) {
    lines.push('indexes:');
    for (const ix of f.indexes) lines.push(`  - {columns: [${ix.columns.join(', ')}]${ix.unique ? ', unique: true' : ''}}`);
  }
  if (f.metadata) lines.push(`metadata: {${Object.entries(f.metadata).map(([k, v]) => `${k}: ${v}`).join(', ')}}`);
  return `${lines.join('\n')}\n`;
}

function jsonFeature(f: FeatureSpec): object {
  const columns: Record<string, unknown> = {};
  for (const c of f.columns) {
    columns[c.name] =
      c.default === undefined && c.description === undefined
        ? `${c.type}${c.nullable ? '?' : ''}`
        : { type: c.type, ...(c.nullable ? { nullable: true } : {}), ...(c.default === undefined ? {} : { default: c.default }), ...(c.description ? { description: c.description } : {}) };
  }
  return {
    key: f.key.split('/'),
    ...(f.description ? { description: f.description } : {}),
    id_columns: f.idColumns,
    fields: f.fields.map((fd) => ({ key: fd.key, ...(fd.codeVersion ? { code_version: fd.codeVersion } : {}), ...(fd.deps ? { deps: fd.deps } : {}) })),
    ...(f.deps.length > 0 ? { deps: f.deps } : {}),
    columns,
    ...(f.indexes.length > 0 ? { indexes: f.indexes } : {}),
    ...(f.metadata ? { metadata: f.metadata } : {}),
  };
}

/** specFiles lays the features out as files: one folder per 40 features, 1-6 features per file, every 7th file JSON. */
function specFiles(features: readonly FeatureSpec[]): Map<string, string> {
  const files = new Map<string, string>();
  const rand = rng(7);
  let fileNo = 0;
  for (let start = 0; start < features.length; start += FOLDER_SIZE) {
    const folder = features.slice(start, start + FOLDER_SIZE);
    const dir = folder[0]!.key.split('/')[0]!;
    for (let i = 0; i < folder.length; ) {
      const take = 1 + Math.floor(rand() * 6);
      const group = folder.slice(i, i + take);
      const name = group[0]!.key.split('/')[1]!;
      if (++fileNo % 7 === 0) {
        files.set(`${dir}/${name}.json`, `${JSON.stringify(group.map(jsonFeature), null, 2)}\n`);
      } else {
        const header = '# yaml-language-server: $schema=../../../../../schemas/feature.schema.json\n';
        files.set(`${dir}/${name}.yaml`, header + group.map(yamlFeature).join('---\n'));
      }
      i += take;
    }
  }
  return files;
}

/** drizzleColumn is the drizzle pg-core builder of a column with the same PostgreSQL type. */
function drizzleColumn(c: ColumnSpec): string {
  const n = JSON.stringify(c.name);
  const t = c.type;
  const dec = /^decimal\((\d+), (\d+)\)$/.exec(t);
  let b: string;
  if (t === 'string') b = `varchar(${n})`;
  else if (t === 'int16' || t === 'int8') b = `smallint(${n})`;
  else if (t === 'int32') b = `integer(${n})`;
  else if (t === 'int64') b = `bigint(${n}, { mode: 'number' })`;
  else if (t === 'float32') b = `real(${n})`;
  else if (t === 'float64') b = `doublePrecision(${n})`;
  else if (t === 'bool') b = `boolean(${n})`;
  else if (t === 'date') b = `date(${n})`;
  else if (t === 'timestamptz') b = `timestamp(${n}, { withTimezone: true })`;
  else if (t === 'timestamp') b = `timestamp(${n})`;
  else if (t === 'uuid') b = `uuid(${n})`;
  else if (dec) b = `numeric(${n}, { precision: ${dec[1]}, scale: ${dec[2]} })`;
  else if (t === 'list<string>') b = `varchar(${n}).array()`;
  else if (t === 'list<int64>') b = `bigint(${n}, { mode: 'number' }).array()`;
  else b = `jsonb(${n})`; // json, map, struct, list of structs: JSONB in our PostgreSQL dialect too
  if (!c.nullable) b += '.notNull()';
  if (c.default !== undefined) b += `.default(${JSON.stringify(c.default)})`;
  return b;
}

const SYSTEM: readonly ColumnSpec[] = [
  { name: 'metaxy_provenance_by_field', type: 'map<string, string>' },
  { name: 'metaxy_provenance', type: 'string' },
  { name: 'metaxy_data_version_by_field', type: 'map<string, string>' },
  { name: 'metaxy_data_version', type: 'string' },
  { name: 'metaxy_feature_version', type: 'string' },
  { name: 'metaxy_project_version', type: 'string' },
  { name: 'metaxy_created_at', type: 'timestamptz' },
  { name: 'metaxy_updated_at', type: 'timestamptz' },
  { name: 'metaxy_deleted_at', type: 'timestamptz', nullable: true },
  { name: 'metaxy_materialization_id', type: 'string', nullable: true },
];

function ixName(table: string, columns: readonly string[], unique: boolean): string {
  return `${table}_${columns.join('_')}_${unique ? 'key' : 'idx'}`;
}

function drizzleTable(f: FeatureSpec): string {
  const cols = [...f.columns, ...SYSTEM].map((c) => `  ${c.name}: ${drizzleColumn(c)},`);
  const key = ['metaxy_feature_version', ...f.idColumns, 'metaxy_updated_at'].map((c) => `t.${c}`).join(', ');
  const extra = [
    `  primaryKey({ name: '${f.table}_metaxy_pk', columns: [${key}] }),`,
    `  index('${f.table}_metaxy_idx').on(${key}),`,
    ...f.indexes.map((ix) => `  ${ix.unique ? 'uniqueIndex' : 'index'}('${ixName(f.table, ix.columns, ix.unique ?? false)}').on(${ix.columns.map((c) => `t.${c}`).join(', ')}),`),
  ];
  return `export const ${f.table} = pgTable('${f.table}', {\n${cols.join('\n')}\n}, (t) => [\n${extra.join('\n')}\n]);\n`;
}

const DRIZZLE_IMPORTS =
  "import { bigint, boolean, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, real, smallint, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';\n\n";

const DRIZZLE_SYSTEM = `export const metaxy_system__feature_versions = pgTable('metaxy_system__feature_versions', {
  project: varchar('project').notNull(),
  feature_key: varchar('feature_key').notNull(),
  metaxy_definition_version: varchar('metaxy_definition_version').notNull(),
  metaxy_feature_version: varchar('metaxy_feature_version'),
  metaxy_project_version: varchar('metaxy_project_version'),
  recorded_at: timestamp('recorded_at'),
  feature_spec: varchar('feature_spec'),
  feature_schema: varchar('feature_schema'),
  feature_class_path: varchar('feature_class_path'),
  tags: varchar('tags'),
  deleted_at: timestamp('deleted_at'),
}, (t) => [
  index('idx_metaxy_system__feature_versions_lookup').on(t.project, t.feature_key, t.metaxy_feature_version),
  index('ix_metaxy_system__feature_versions_project').on(t.project),
  index('ix_metaxy_system__feature_versions_feature_key').on(t.feature_key),
  index('ix_metaxy_system__feature_versions_metaxy_feature_version').on(t.metaxy_feature_version),
  index('ix_metaxy_system__feature_versions_metaxy_project_version').on(t.metaxy_project_version),
  index('ix_metaxy_system__feature_versions_recorded_at').on(t.recorded_at),
]);

export const metaxy_system__events = pgTable('metaxy_system__events', {
  project: varchar('project').notNull(),
  execution_id: varchar('execution_id').notNull(),
  timestamp: timestamp('timestamp').notNull(),
  event_type: varchar('event_type'),
  feature_key: varchar('feature_key'),
  payload: varchar('payload'),
}, (t) => [
  primaryKey({ name: 'metaxy_system__events_pkey', columns: [t.project, t.execution_id, t.timestamp] }),
  index('idx_metaxy_system__events_lookup').on(t.project, t.execution_id, t.event_type),
  index('ix_metaxy_system__events_project').on(t.project),
  index('ix_metaxy_system__events_execution_id').on(t.execution_id),
  index('ix_metaxy_system__events_event_type').on(t.event_type),
  index('ix_metaxy_system__events_feature_key').on(t.feature_key),
]);
`;

/** drizzleFiles is the drizzle schema: one schema file per feature folder, plus the system tables. */
function drizzleFiles(features: readonly FeatureSpec[]): Map<string, string> {
  const files = new Map<string, string>([['schema/metaxy_system.ts', DRIZZLE_IMPORTS + DRIZZLE_SYSTEM]]);
  for (let start = 0; start < features.length; start += FOLDER_SIZE) {
    const folder = features.slice(start, start + FOLDER_SIZE);
    files.set(`schema/${folder[0]!.key.split('/')[0]}.ts`, DRIZZLE_IMPORTS + folder.map(drizzleTable).join('\n'));
  }
  return files;
}

/** METAXY_TOML is the benchmark's configuration: one PostgreSQL store with the injected key and index. */
export const METAXY_TOML = `project = "bench"
store = "pg"

[stores.pg]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
[stores.pg.config]
connection_string = "postgresql://localhost/bench"

[ext.compile]
inject_primary_key = true
inject_index = true
`;

/** DRIZZLE_CONFIG is drizzle-kit's configuration for the generated schema. */
export const DRIZZLE_CONFIG = `import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './schema/*.ts',
  out: './drizzle',
});
`;

/** Workspace is where one variant of one size was written. */
export interface Workspace {
  readonly root: string;
  readonly features: string;
  readonly config: string;
  readonly drizzle: string;
  readonly specFiles: number;
}

/**
 * writeWorkspace writes one variant at one size under root: `features/` + `metaxy.toml` for
 * metaxy-compile, `drizzle/schema/*.ts` + `drizzle/drizzle.config.ts` for drizzle-kit.
 */
export function writeWorkspace(root: string, n: number, variant: Variant): Workspace {
  rmSync(root, { recursive: true, force: true });
  const features = makeFeatures(n, variant);
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const specs = specFiles(features);
  for (const [name, text] of specs) write(path.join(root, 'features', name), text);
  write(path.join(root, 'metaxy.toml'), METAXY_TOML);
  for (const [name, text] of drizzleFiles(features)) write(path.join(root, 'drizzle', name), text);
  write(path.join(root, 'drizzle', 'drizzle.config.ts'), DRIZZLE_CONFIG);
  return { root, features: path.join(root, 'features'), config: path.join(root, 'metaxy.toml'), drizzle: path.join(root, 'drizzle'), specFiles: specs.size };
}
