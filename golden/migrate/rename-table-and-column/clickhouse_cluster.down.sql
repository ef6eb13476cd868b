-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Rename table "video__chunk" to "video__segment"
RENAME TABLE video__chunk TO video__segment ON CLUSTER main;

-- Rename column "score" of "video__segment" to "old_score"
ALTER TABLE video__segment ON CLUSTER main RENAME COLUMN score TO old_score;
