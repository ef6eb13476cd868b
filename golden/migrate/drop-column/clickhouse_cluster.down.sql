-- metaxy-compile migration 0002 "drop_column_audio_track" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- IRREVERSIBLE: restores the structure, not the data it held
-- Add column "legacy" to "audio__track"
ALTER TABLE audio__track ON CLUSTER main ADD COLUMN legacy Nullable(Int32) COMMENT 'to be removed';
