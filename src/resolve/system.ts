import type { ByField } from '../config/options.js';
import type { FieldDef } from '../ir/feature.js';
import type { Column, Index, Table } from '../ir/schema.js';
import { scalar, type ColumnType } from '../ir/types.js';

const text = scalar('string');
const tstz = scalar('timestamptz');
const ts = scalar('timestamp');

function col(name: string, type: ColumnType, nullable = false): Column {
  return { name, type, nullable, comment: null, renamedFrom: null, span: null };
}

/**
 * byFieldType is the type of the two `*_by_field` columns: map<string, string>, json, or a
 * struct of one string per field, named by the field key's parts joined by `_` (Metaxy's
 * `to_struct_key`), in the fields' spec order, as Metaxy's runtime builds it (BigQuery matches
 * struct members by position, so sorting them would swap values).
 */
export function byFieldType(mode: ByField, fields: readonly FieldDef[]): ColumnType {
  switch (mode) {
    case 'map':
      return { kind: 'Map', key: text, value: text };
    case 'json':
      return scalar('json');
    case 'struct':
      return { kind: 'Struct', fields: fields.map((f) => ({ name: f.key.split('/').join('_'), type: text })) };
  }
}

/** systemColumns are Metaxy's ten system columns of every feature table, with Metaxy's nullability (metaxy.md). */
export function systemColumns(byField: ColumnType): Column[] {
  return [
    col('metaxy_provenance_by_field', byField),
    col('metaxy_provenance', text),
    col('metaxy_data_version_by_field', byField),
    col('metaxy_data_version', text),
    col('metaxy_feature_version', text),
    col('metaxy_project_version', text),
    col('metaxy_created_at', tstz),
    col('metaxy_updated_at', tstz),
    col('metaxy_deleted_at', tstz, true),
    col('metaxy_materialization_id', text, true),
  ];
}

/** lookupIndexes are Metaxy's `idx_<table>_lookup` index and SQLAlchemy's `ix_<table>_<column>` index of each `index=True` column. */
function lookupIndexes(table: string, lookup: readonly string[], single: readonly string[]): Index[] {
  return [
    { name: `idx_${table}_lookup`, columns: lookup, unique: false },
    ...single.map((c) => ({ name: `ix_${table}_${c}`, columns: [c], unique: false })),
  ];
}

/**
 * systemTables are Metaxy's two system tables, named with the store's prefix, column for column
 * as Metaxy's SQLAlchemy definition (`create_system_tables`) makes them: `String` and `DateTime`
 * (no zone), NOT NULL only on its primary-key columns, no server defaults (its `default=` values
 * are client-side), the same indexes. One deliberate difference (metaxy.md): the key of
 * feature_versions is not declared, because `metaxy push` appends unchanged features again with
 * the same key whenever the project version changes; it still orders ClickHouse and clusters
 * BigQuery tables, and the lookup index stays.
 */
export function systemTables(prefix: string): Table[] {
  const versions = `${prefix}metaxy_system__feature_versions`;
  const events = `${prefix}metaxy_system__events`;
  const base = { kind: 'Table' as const, key: null, comment: null, dependsOn: [], renamedFrom: null, span: null };
  return [
    {
      ...base,
      name: versions,
      columns: [
        col('project', text),
        col('feature_key', text),
        col('metaxy_definition_version', text),
        col('metaxy_feature_version', text, true),
        col('metaxy_project_version', text, true),
        col('recorded_at', ts, true),
        col('feature_spec', text, true),
        col('feature_schema', text, true),
        col('feature_class_path', text, true),
        col('tags', text, true),
        col('deleted_at', ts, true),
      ],
      primaryKey: null,
      indexes: lookupIndexes(versions, ['project', 'feature_key', 'metaxy_feature_version'], [
        'project',
        'feature_key',
        'metaxy_feature_version',
        'metaxy_project_version',
        'recorded_at',
      ]),
      orderBy: ['project', 'feature_key', 'metaxy_definition_version'],
    },
    {
      ...base,
      name: events,
      columns: [
        col('project', text),
        col('execution_id', text),
        col('timestamp', ts),
        col('event_type', text, true),
        col('feature_key', text, true),
        col('payload', text, true),
      ],
      primaryKey: { name: `${events}_pkey`, columns: ['project', 'execution_id', 'timestamp'] },
      indexes: lookupIndexes(events, ['project', 'execution_id', 'event_type'], ['project', 'execution_id', 'event_type', 'feature_key']),
      orderBy: ['project', 'execution_id', 'timestamp'],
    },
  ];
}
