-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- Rebuild "media__clip": create its new shape
CREATE TABLE media__clip__metaxy_rebuild (
  clip_id VARCHAR NOT NULL,
  metaxy_provenance_by_field STRUCT(frames VARCHAR, audio VARCHAR) NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field STRUCT(frames VARCHAR, audio VARCHAR) NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR
);

-- Rebuild "media__clip": copy its rows
INSERT INTO media__clip__metaxy_rebuild (clip_id, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT clip_id, CASE WHEN metaxy_provenance_by_field IS NULL THEN NULL ELSE struct_pack(frames := struct_extract(metaxy_provenance_by_field, 'frames'), audio := NULL::VARCHAR) END, metaxy_provenance, CASE WHEN metaxy_data_version_by_field IS NULL THEN NULL ELSE struct_pack(frames := struct_extract(metaxy_data_version_by_field, 'frames'), audio := NULL::VARCHAR) END, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM media__clip;

-- Rebuild "media__clip": drop the old table
DROP TABLE media__clip;

-- Rebuild "media__clip": take its name
ALTER TABLE media__clip__metaxy_rebuild RENAME TO media__clip;

COMMIT;
