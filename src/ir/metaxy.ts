/** SYSTEM_COLUMNS lists Metaxy's ten system columns of every feature table, in table order. */
export const SYSTEM_COLUMNS = [
  'metaxy_provenance_by_field',
  'metaxy_provenance',
  'metaxy_data_version_by_field',
  'metaxy_data_version',
  'metaxy_feature_version',
  'metaxy_project_version',
  'metaxy_created_at',
  'metaxy_updated_at',
  'metaxy_deleted_at',
  'metaxy_materialization_id',
] as const;

/** BY_FIELD_COLUMNS are the two system columns that hold one string per feature field. */
export const BY_FIELD_COLUMNS: readonly string[] = ['metaxy_provenance_by_field', 'metaxy_data_version_by_field'];

/** reservedBy returns the system column a user column name would clash with (itself or its unprefixed form), or null. */
export function reservedBy(name: string): string | null {
  for (const sys of SYSTEM_COLUMNS) {
    if (name === sys || name === sys.slice('metaxy_'.length)) return sys;
  }
  return null;
}

/** ALL_DEP is Metaxy's SpecialFieldDep.ALL. */
export const ALL_DEP = '__METAXY_ALL_DEP__';

/** DEFAULT_CODE_VERSION is Metaxy's code_version of a field that gives none. */
export const DEFAULT_CODE_VERSION = '__metaxy_initial__';
