/**
 * The shapes of a spec file as the user writes it, after JSON Schema validation.
 * `test/spec/schema-types.test.ts` proves these interfaces and `schemas/feature.schema.json` agree.
 */

/** RawKey is a key as written: `a/b` or `[a, b]`. */
export type RawKey = string | readonly string[];

/** RawFeatureSpec is one feature document (schema root). */
export interface RawFeatureSpec {
  readonly $schema?: string;
  readonly key: RawKey;
  readonly description?: string | null;
  readonly project?: string;
  readonly id_columns: readonly string[];
  readonly fields?: readonly (string | RawFieldSpec)[];
  readonly deps?: readonly (string | readonly string[] | RawFeatureDep)[] | null;
  readonly columns: Readonly<Record<string, string | RawColumnSpec>>;
  readonly indexes?: readonly RawIndexSpec[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly renamed_from?: RawKey;
}

/** RawColumnSpec is a column in its object form (schema `columnSpec`). */
export interface RawColumnSpec {
  readonly type: string;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly description?: string;
  readonly renamed_from?: string;
}

/** RawIndexSpec is one index (schema `indexSpec`). */
export interface RawIndexSpec {
  readonly columns: readonly string[];
  readonly unique?: boolean;
  readonly name?: string;
}

/** RawFieldSpec is a Metaxy FieldSpec in its object form (schema `fieldSpec`). */
export interface RawFieldSpec {
  readonly key?: RawKey;
  readonly code_version?: string;
  readonly deps?: '__METAXY_ALL_DEP__' | readonly RawFieldDep[];
}

/** RawFieldDep is a Metaxy FieldDep (schema `fieldDep`). */
export interface RawFieldDep {
  readonly feature: RawKey;
  readonly fields?: '__METAXY_ALL_DEP__' | readonly RawKey[];
}

/** RawFeatureDep is a Metaxy FeatureDep in its object form (schema `featureDep`). */
export interface RawFeatureDep {
  readonly feature: RawKey;
  readonly select?: readonly string[] | null;
  readonly rename?: Readonly<Record<string, string>> | null;
  readonly filters?: readonly string[] | null;
  readonly sql_filters?: readonly string[] | null;
  readonly fields_mapping?: RawFieldsMapping;
  readonly lineage?: RawLineage;
  readonly optional?: boolean;
}

/** RawFieldsMapping is Metaxy's FieldsMapping (schema `fieldsMapping`). */
export interface RawFieldsMapping {
  readonly mapping:
    | { readonly type: 'default'; readonly match_suffix?: boolean; readonly exclude_fields?: readonly RawKey[] }
    | { readonly type: 'all' }
    | { readonly type: 'none' }
    | { readonly type: 'specific'; readonly mapping: Readonly<Record<string, readonly RawKey[]>> };
}

/** RawLineage is Metaxy's LineageRelationship (schema `lineage`). */
export interface RawLineage {
  readonly relationship:
    | { readonly type: '1:1' }
    | { readonly type: 'N:1'; readonly on?: readonly string[] | null }
    | { readonly type: '1:N'; readonly on: readonly string[]; readonly id_generation_pattern?: string | null };
}
