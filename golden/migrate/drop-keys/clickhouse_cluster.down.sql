-- metaxy-compile migration 0002 "add_column_video_raw" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Drop column "added" from "video__raw"
ALTER TABLE video__raw ON CLUSTER main DROP COLUMN added;
