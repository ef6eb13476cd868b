import type { ByField } from '../config/options.js';
import type { FieldDef } from '../ir/feature.js';
import type { Column, Index, Table } from '../ir/schema.js';
import { scalar, type ColumnType } from '../ir/types.js';

const text = scalar('string');
const tstz = scalar('timestamptz');
const ts = scalar('timestamp');

function col(name: string, type: ColumnType, nullable = false, def?: string): Column {
  return { name, type, nullable, ...(def === undefined ? {} : { default: def }), comment: null, renamedFrom: null, span: null };
}

/** byFieldType is the type of the two `*_by_field` columns: map<string, string>, json, or a struct of the fields. */
export function byFieldType(mode: ByField, fields: readonly FieldDef[]): ColumnType {
  switch (mode) {
    case 'map':
      return { kind: 'Map', key: text, value: text };
    case 'json':
      return scalar('json');
    case 'struct':
      return {
        kind: 'Struct',
        fields: [...fields]
          .map((f) => f.key.split('/').join('_'))
          .sort()
          .map((name) => ({ name, type: text })),
      };
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

function lookupIndexes(table: string, lookup: readonly string[], single: readonly string[]): Index[] {
  return [
    { name: `idx_${table}_lookup`, columns: lookup, unique: false },
    ...single.map((c) => ({ name: `ix_${table}_${c}`, columns: [c], unique: false })),
  ];
}

/** systemTables are Metaxy's two system tables, named with the store's prefix (metaxy.md). */
export function systemTables(prefix: string): Table[] {
  const versions = `${prefix}metaxy_system__feature_versions`;
  const events = `${prefix}metaxy_system__events`;
  const base = { kind: 'Table' as const, dependsOn: [], renamedFrom: null, span: null };
  return [
    {
      ...base,
      name: versions,
      key: null,
      comment: null,
      columns: [
        col('project', text),
        col('feature_key', text),
        col('metaxy_definition_version', text),
        col('metaxy_feature_version', text),
        col('metaxy_project_version', text),
        col('recorded_at', ts),
        col('feature_spec', text),
        col('feature_schema', text),
        col('tags', text, false, '{}'),
        col('deleted_at', ts, true),
      ],
      primaryKey: { name: `${versions}_pkey`, columns: ['project', 'feature_key', 'metaxy_definition_version'] },
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
      key: null,
      comment: null,
      columns: [
        col('project', text),
        col('execution_id', text),
        col('timestamp', ts),
        col('event_type', text),
        col('feature_key', text, true),
        col('payload', text, false, ''),
      ],
      primaryKey: { name: `${events}_pkey`, columns: ['project', 'execution_id', 'timestamp'] },
      indexes: lookupIndexes(events, ['project', 'execution_id', 'event_type'], ['project', 'execution_id', 'event_type', 'feature_key']),
      orderBy: ['project', 'execution_id', 'timestamp'],
    },
  ];
}
