-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Rename table "video__chunk_local" to "video__segment_local"
RENAME TABLE video__chunk_local TO video__segment_local ON CLUSTER main;

-- Drop "video__chunk" table
DROP TABLE video__chunk ON CLUSTER main SYNC;

-- Create distributed table "video__segment" over "video__segment_local"
CREATE TABLE video__segment ON CLUSTER main AS video__segment_local
ENGINE = Distributed(main, currentDatabase(), video__segment_local, rand());

-- Rename column "score" of "video__segment" to "old_score" (storage "video__segment_local")
ALTER TABLE video__segment_local ON CLUSTER main RENAME COLUMN score TO old_score;

-- Rename column "score" of "video__segment" to "old_score"
ALTER TABLE video__segment ON CLUSTER main RENAME COLUMN score TO old_score;
