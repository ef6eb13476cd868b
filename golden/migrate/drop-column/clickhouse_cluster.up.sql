-- metaxy-compile migration 0002 "drop_column_audio_track" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- DESTRUCTIVE (drop-column): drops column "legacy" of "audio__track" and its data
-- Drop column "legacy" from "audio__track"
ALTER TABLE audio__track ON CLUSTER main DROP COLUMN legacy;
