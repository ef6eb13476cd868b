-- metaxy-compile migration 0002 "drop_table_a_child" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- IRREVERSIBLE: restores the structure, not the data it held
-- Create "a__child" table
CREATE TABLE a__child ON CLUSTER main
(
  id String,
  metaxy_provenance_by_field Map(String, String),
  metaxy_provenance String,
  metaxy_data_version_by_field Map(String, String),
  metaxy_data_version String,
  metaxy_feature_version String,
  metaxy_project_version String,
  metaxy_created_at DateTime64(6, 'UTC'),
  metaxy_updated_at DateTime64(6, 'UTC'),
  metaxy_deleted_at Nullable(DateTime64(6, 'UTC')),
  metaxy_materialization_id Nullable(String)
)
ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/{table}', '{replica}')
ORDER BY (metaxy_feature_version, id, metaxy_updated_at);
