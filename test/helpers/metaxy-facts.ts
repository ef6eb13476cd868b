/**
 * metaxy.md's facts about the tables Metaxy's own runtime reads and writes, written here
 * independently of src/ (the oracle of test/metaxy-tables.test.ts and test/metaxy-writes.test.ts):
 * the two system tables column for column as Metaxy's SQLAlchemy definition makes them, the ten
 * system columns of a feature table, and what each engine calls their types.
 */

/** Kind is a column type as metaxy.md states it, before an engine spells it. */
export type Kind = 'string' | 'datetime' | 'datetimetz' | 'byfield';

/** FactColumn is one column: name, kind, nullable. */
export type FactColumn = readonly [name: string, kind: Kind, nullable: boolean];

/** FEATURE_VERSIONS is `metaxy_system__feature_versions`: SQLAlchemy String/DateTime, NOT NULL only on Metaxy's key. */
export const FEATURE_VERSIONS: readonly FactColumn[] = [
  ['project', 'string', false],
  ['feature_key', 'string', false],
  ['metaxy_definition_version', 'string', false],
  ['metaxy_feature_version', 'string', true],
  ['metaxy_project_version', 'string', true],
  ['recorded_at', 'datetime', true],
  ['feature_spec', 'string', true],
  ['feature_schema', 'string', true],
  ['feature_class_path', 'string', true],
  ['tags', 'string', true],
  ['deleted_at', 'datetime', true],
];

/** EVENTS is `metaxy_system__events`. */
export const EVENTS: readonly FactColumn[] = [
  ['project', 'string', false],
  ['execution_id', 'string', false],
  ['timestamp', 'datetime', false],
  ['event_type', 'string', true],
  ['feature_key', 'string', true],
  ['payload', 'string', true],
];

/** SYSTEM_COLUMNS are the ten system columns every feature table ends with. */
export const SYSTEM_COLUMNS: readonly FactColumn[] = [
  ['metaxy_provenance_by_field', 'byfield', false],
  ['metaxy_provenance', 'string', false],
  ['metaxy_data_version_by_field', 'byfield', false],
  ['metaxy_data_version', 'string', false],
  ['metaxy_feature_version', 'string', false],
  ['metaxy_project_version', 'string', false],
  ['metaxy_created_at', 'datetimetz', false],
  ['metaxy_updated_at', 'datetimetz', false],
  ['metaxy_deleted_at', 'datetimetz', true],
  ['metaxy_materialization_id', 'string', true],
];

/** systemIndexes are the indexes (name -> columns) of the two system tables: the lookup index, then SQLAlchemy's `ix_` per `index=True` column. */
export function systemIndexes(prefix: string): Record<string, Record<string, readonly string[]>> {
  const v = `${prefix}metaxy_system__feature_versions`;
  const e = `${prefix}metaxy_system__events`;
  const ix = (t: string, cols: readonly string[]) => Object.fromEntries(cols.map((c) => [`ix_${t}_${c}`, [c]]));
  return {
    [v]: { [`idx_${v}_lookup`]: ['project', 'feature_key', 'metaxy_feature_version'], ...ix(v, ['project', 'feature_key', 'metaxy_feature_version', 'metaxy_project_version', 'recorded_at']) },
    [e]: { [`idx_${e}_lookup`]: ['project', 'execution_id', 'event_type'], ...ix(e, ['project', 'execution_id', 'event_type', 'feature_key']) },
  };
}

/** Spelling is how one engine's catalog names each kind (byfield: the store's `*_by_field` type). */
export interface Spelling {
  readonly string: string;
  readonly datetime: string;
  readonly datetimetz: string;
  readonly byfield: string;
}

/** spell is the catalog type of a fact column in an engine; ClickHouse wraps nullable scalars in Nullable(). */
export function spell(s: Spelling, kind: Kind, nullable: boolean, wrapNullable = false): string {
  const t = s[kind];
  return wrapNullable && nullable && kind !== 'byfield' ? `Nullable(${t})` : t;
}

/**
 * FEATURE_VERSIONS_WRITE is the column order of the rows `metaxy push` writes (Metaxy's
 * FEATURE_VERSIONS_SCHEMA), which is not the table's order: its inserts name their columns.
 */
export const FEATURE_VERSIONS_WRITE = [
  'project',
  'feature_key',
  'metaxy_feature_version',
  'metaxy_definition_version',
  'recorded_at',
  'feature_spec',
  'feature_schema',
  'feature_class_path',
  'metaxy_project_version',
  'tags',
  'deleted_at',
] as const;

/** pushRow is one row of a push: the same key every time, a new project version and time per push. */
export function pushRow(push: number): Record<(typeof FEATURE_VERSIONS_WRITE)[number], string | null> {
  return {
    project: 'demo',
    feature_key: 'media/video',
    metaxy_feature_version: 'f00dcafe',
    metaxy_definition_version: 'defdef01',
    recorded_at: `2026-01-0${push} 10:00:00`,
    feature_spec: '{"key": "media/video"}',
    feature_schema: '{"title": "Video"}',
    feature_class_path: 'demo.features.Video',
    metaxy_project_version: `project${push}`,
    tags: '{"metaxy": "{\\"version\\": \\"0.1.10\\"}"}',
    deleted_at: null,
  };
}
