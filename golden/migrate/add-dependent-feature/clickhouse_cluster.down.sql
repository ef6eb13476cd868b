-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Drop "video__thumbnail" table
DROP TABLE video__thumbnail ON CLUSTER main SYNC;
