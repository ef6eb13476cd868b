-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- Change type of "metaxy_provenance_by_field" of "media__clip" to STRUCT(audio VARCHAR, frames VARCHAR)
ALTER TABLE media__clip ALTER COLUMN metaxy_provenance_by_field TYPE STRUCT(audio VARCHAR, frames VARCHAR) USING metaxy_provenance_by_field::STRUCT(audio VARCHAR, frames VARCHAR);

-- Change type of "metaxy_data_version_by_field" of "media__clip" to STRUCT(audio VARCHAR, frames VARCHAR)
ALTER TABLE media__clip ALTER COLUMN metaxy_data_version_by_field TYPE STRUCT(audio VARCHAR, frames VARCHAR) USING metaxy_data_version_by_field::STRUCT(audio VARCHAR, frames VARCHAR);

COMMIT;
