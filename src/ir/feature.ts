import type { Span } from '../diagnostics/diagnostic.js';
import type { ColumnType } from './types.js';

/** DefaultValue is a column default: a JSON literal, kept as written. */
export type DefaultValue = string | number | boolean | null | readonly unknown[] | { readonly [k: string]: unknown };

/** ColumnDef is one user column of a feature, as declared. */
export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  /** undefined: no default; otherwise the literal (null included). */
  readonly default?: DefaultValue;
  readonly description: string | null;
  readonly renamedFrom: string | null;
  readonly span: Span;
}

/** IndexDef is one declared index; name is null when it is to be generated. */
export interface IndexDef {
  readonly name: string | null;
  readonly columns: readonly string[];
  readonly unique: boolean;
  readonly span: Span;
}

/** FieldDep names upstream fields of one feature; `fields: 'all'` means every field of it. */
export interface FieldDep {
  readonly feature: string;
  readonly fields: readonly string[] | 'all';
  readonly span: Span;
}

/** FieldsMapping is Metaxy's rule for mapping a feature's fields to an upstream feature's fields. */
export type FieldsMapping =
  | { readonly type: 'default'; readonly matchSuffix: boolean; readonly excludeFields: readonly string[] }
  | { readonly type: 'all' }
  | { readonly type: 'none' }
  | { readonly type: 'specific'; readonly mapping: Readonly<Record<string, readonly string[]>> };

/** FieldDef is a Metaxy field: a versioned part of the data, never a column. */
export interface FieldDef {
  readonly key: string;
  readonly codeVersion: string;
  /** 'all' is `__METAXY_ALL_DEP__`; null: derived from the feature deps' fields_mapping. */
  readonly deps: readonly FieldDep[] | 'all' | null;
  readonly span: Span;
}

/** FeatureDep is one upstream feature and how its fields map onto this feature's fields. */
export interface FeatureDep {
  readonly feature: string;
  readonly fieldsMapping: FieldsMapping;
  readonly span: Span;
}

/** Feature is one validated feature spec: dialect-neutral, before any store is chosen. */
export interface Feature {
  readonly kind: 'Feature';
  /** The key as a slash string, `video/chunk`. */
  readonly key: string;
  readonly parts: readonly string[];
  readonly project: string | null;
  readonly description: string | null;
  readonly idColumns: readonly string[];
  readonly fields: readonly FieldDef[];
  readonly deps: readonly FeatureDep[];
  readonly columns: readonly ColumnDef[];
  readonly indexes: readonly IndexDef[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly renamedFrom: string | null;
  /** Metaxy's canonical spec dump (`FeatureSpec.model_dump(mode="json")`), hashed for the spec version. */
  readonly specDump: SpecDump;
  readonly span: Span;
}

/** SpecDump is Metaxy's `FeatureSpec.model_dump(mode="json")`: every key present, defaults filled in, keys as slash strings. */
export interface SpecDump {
  readonly key: string;
  readonly id_columns: readonly string[];
  readonly deps: readonly FeatureDepDump[];
  readonly fields: readonly FieldDump[];
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly description: string | null;
}

/** FeatureDepDump is Metaxy's `FeatureDep.model_dump(mode="json")`. */
export interface FeatureDepDump {
  readonly feature: string;
  readonly select: readonly string[] | null;
  readonly rename: Readonly<Record<string, string>> | null;
  readonly fields_mapping: { readonly mapping: MappingDump };
  readonly sql_filters: readonly string[] | null;
  readonly lineage: { readonly relationship: RelationshipDump };
  readonly optional: boolean;
}

/** MappingDump is one of Metaxy's fields mappings as dumped (`specific`: upstream keys as sorted part lists). */
export type MappingDump =
  | { readonly type: 'default'; readonly match_suffix: boolean; readonly exclude_fields: readonly string[] }
  | { readonly type: 'all' }
  | { readonly type: 'none' }
  | { readonly type: 'specific'; readonly mapping: Readonly<Record<string, readonly (readonly string[])[]>> };

/** RelationshipDump is one of Metaxy's lineage relationships as dumped. */
export type RelationshipDump =
  | { readonly type: '1:1' }
  | { readonly type: 'N:1'; readonly on: readonly string[] | null }
  | { readonly type: '1:N'; readonly on: readonly string[]; readonly id_generation_pattern: string | null };

/** FieldDump is Metaxy's `FieldSpec.model_dump(mode="json")`. */
export interface FieldDump {
  readonly key: string;
  readonly code_version: string;
  readonly deps: '__METAXY_ALL_DEP__' | readonly FieldDepDump[];
}

/** FieldDepDump is Metaxy's `FieldDep.model_dump(mode="json")`. */
export interface FieldDepDump {
  readonly feature: string;
  readonly fields: '__METAXY_ALL_DEP__' | readonly string[];
}

/** tableBaseName is Metaxy's table name of a key, before any store prefix: parts with `-` as `_`, joined by `__`. */
export function tableBaseName(parts: readonly string[]): string {
  return parts.map((p) => p.replaceAll('-', '_')).join('__');
}
