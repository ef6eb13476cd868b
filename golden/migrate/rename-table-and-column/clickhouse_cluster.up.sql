-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Rename table "video__segment" to "video__chunk"
RENAME TABLE video__segment TO video__chunk ON CLUSTER main;

-- Rename column "old_score" of "video__chunk" to "score"
ALTER TABLE video__chunk ON CLUSTER main RENAME COLUMN old_score TO score;
