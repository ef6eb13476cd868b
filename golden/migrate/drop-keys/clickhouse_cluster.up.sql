-- metaxy-compile migration 0002 "add_column_video_raw" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Add column "added" to "video__raw"
ALTER TABLE video__raw ON CLUSTER main ADD COLUMN added String DEFAULT 'x';

-- Write "added" into the rows already in "video__raw"
ALTER TABLE video__raw ON CLUSTER main MATERIALIZE COLUMN added SETTINGS mutations_sync = 2;
