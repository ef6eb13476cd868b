-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Change type of "metaxy_provenance_by_field" of "media__clip" to STRUCT(frames VARCHAR)
ALTER TABLE media__clip ALTER COLUMN metaxy_provenance_by_field TYPE STRUCT(frames VARCHAR) USING metaxy_provenance_by_field::STRUCT(frames VARCHAR);

-- Change type of "metaxy_data_version_by_field" of "media__clip" to STRUCT(frames VARCHAR)
ALTER TABLE media__clip ALTER COLUMN metaxy_data_version_by_field TYPE STRUCT(frames VARCHAR) USING metaxy_data_version_by_field::STRUCT(frames VARCHAR);

COMMIT;
