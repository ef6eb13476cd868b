-- metaxy-compile migration 0002 "update_audio_track" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- DESTRUCTIVE (drop-column): drops column "legacy" of "audio__track" and its data
-- Rebuild "audio__track": create its new shape
CREATE TABLE audio__track__metaxy_rebuild (
  track_id VARCHAR NOT NULL,
  language VARCHAR NOT NULL,
  metaxy_provenance_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR
);

-- Rebuild "audio__track": copy its rows
INSERT INTO audio__track__metaxy_rebuild (track_id, language, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT track_id, language, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM audio__track;

-- Rebuild "audio__track": drop the old table
DROP TABLE audio__track;

-- Rebuild "audio__track": take its name
ALTER TABLE audio__track__metaxy_rebuild RENAME TO audio__track;

COMMIT;
