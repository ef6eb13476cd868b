-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Rename table "video__segment_local" to "video__chunk_local"
RENAME TABLE video__segment_local TO video__chunk_local ON CLUSTER main;

-- Drop "video__segment" table
DROP TABLE video__segment ON CLUSTER main SYNC;

-- Create distributed table "video__chunk" over "video__chunk_local"
CREATE TABLE video__chunk ON CLUSTER main AS video__chunk_local
ENGINE = Distributed(main, currentDatabase(), video__chunk_local, rand());

-- Rename column "old_score" of "video__chunk" to "score" (storage "video__chunk_local")
ALTER TABLE video__chunk_local ON CLUSTER main RENAME COLUMN old_score TO score;

-- Rename column "old_score" of "video__chunk" to "score"
ALTER TABLE video__chunk ON CLUSTER main RENAME COLUMN old_score TO score;
