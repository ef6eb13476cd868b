-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Create "video__thumbnail" table
CREATE TABLE video__thumbnail ON CLUSTER main
(
  video_id String,
  image String,
  width Int16,
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
ORDER BY (metaxy_feature_version, video_id, metaxy_updated_at)
COMMENT 'One thumbnail per video.';
