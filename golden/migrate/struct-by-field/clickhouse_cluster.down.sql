-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Change type of "metaxy_provenance_by_field" of "media__clip" to Tuple(frames String)
ALTER TABLE media__clip ON CLUSTER main MODIFY COLUMN metaxy_provenance_by_field Tuple(frames String);

-- Change type of "metaxy_data_version_by_field" of "media__clip" to Tuple(frames String)
ALTER TABLE media__clip ON CLUSTER main MODIFY COLUMN metaxy_data_version_by_field Tuple(frames String);
