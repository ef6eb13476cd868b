-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Add column "fps" to "video__raw"
ALTER TABLE video__raw ON CLUSTER main ADD COLUMN fps Nullable(Float32);

-- Add column "codec" to "video__raw"
ALTER TABLE video__raw ON CLUSTER main ADD COLUMN codec String DEFAULT 'h264';

-- Write "codec" into the rows already in "video__raw"
ALTER TABLE video__raw ON CLUSTER main MATERIALIZE COLUMN codec SETTINGS mutations_sync = 2;

-- Add column "frames" to "video__raw"
ALTER TABLE video__raw ON CLUSTER main ADD COLUMN frames Int64 DEFAULT 0;

-- Write "frames" into the rows already in "video__raw"
ALTER TABLE video__raw ON CLUSTER main MATERIALIZE COLUMN frames SETTINGS mutations_sync = 2;

-- Add column "tags" to "video__raw"
ALTER TABLE video__raw ON CLUSTER main ADD COLUMN tags Array(String) DEFAULT [];

-- Write "tags" into the rows already in "video__raw"
ALTER TABLE video__raw ON CLUSTER main MATERIALIZE COLUMN tags SETTINGS mutations_sync = 2;

-- Set comment to column "path" of "video__raw"
ALTER TABLE video__raw ON CLUSTER main COMMENT COLUMN path 'Object storage URI';

-- Set comment to table "video__raw"
ALTER TABLE video__raw ON CLUSTER main MODIFY COMMENT 'Raw videos.';
