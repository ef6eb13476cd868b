-- metaxy-compile migration 0002 "drop_column_audio_track" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- IRREVERSIBLE: restores the structure, not the data it held
-- Add column "legacy" to "audio__track"
ALTER TABLE `metaxy.audio__track` ADD COLUMN legacy INT64 OPTIONS(description='to be removed');
