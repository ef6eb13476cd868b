-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Change type of "metaxy_provenance_by_field" of "media__clip" to JSONB
ALTER TABLE media__clip ALTER COLUMN metaxy_provenance_by_field TYPE JSONB USING metaxy_provenance_by_field::JSONB;

-- Change type of "metaxy_data_version_by_field" of "media__clip" to JSONB
ALTER TABLE media__clip ALTER COLUMN metaxy_data_version_by_field TYPE JSONB USING metaxy_data_version_by_field::JSONB;

COMMIT;
