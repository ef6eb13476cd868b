-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Drop column "fps" from "video__raw"
ALTER TABLE video__raw ON CLUSTER main DROP COLUMN fps;

-- Drop column "codec" from "video__raw"
ALTER TABLE video__raw ON CLUSTER main DROP COLUMN codec;

-- Drop column "frames" from "video__raw"
ALTER TABLE video__raw ON CLUSTER main DROP COLUMN frames;

-- Drop column "tags" from "video__raw"
ALTER TABLE video__raw ON CLUSTER main DROP COLUMN tags;

-- Set comment to column "path" of "video__raw"
ALTER TABLE video__raw ON CLUSTER main COMMENT COLUMN path '';

-- Set comment to table "video__raw"
ALTER TABLE video__raw ON CLUSTER main MODIFY COMMENT '';
