-- metaxy-compile migration 0002 "update_video_kept" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Rebuild "video__kept": create its new shape
CREATE TABLE video__kept__metaxy_rebuild (
  video_id VARCHAR NOT NULL,
  metaxy_provenance_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR,
  CONSTRAINT video__kept_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)
);

-- Rebuild "video__kept": copy its rows
INSERT INTO video__kept__metaxy_rebuild (video_id, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT video_id, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM video__kept;

-- Rebuild "video__kept": drop the old table
DROP TABLE video__kept;

-- Rebuild "video__kept": take its name
ALTER TABLE video__kept__metaxy_rebuild RENAME TO video__kept;

-- Create index "video__kept_metaxy_idx" on "video__kept"
CREATE INDEX video__kept_metaxy_idx ON video__kept (metaxy_feature_version, video_id, metaxy_updated_at);

-- Rebuild "video__raw": create its new shape
CREATE TABLE video__raw__metaxy_rebuild (
  video_id VARCHAR NOT NULL,
  size BIGINT,
  metaxy_provenance_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR,
  CONSTRAINT video__raw_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)
);

-- Rebuild "video__raw": copy its rows
INSERT INTO video__raw__metaxy_rebuild (video_id, size, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT video_id, size, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM video__raw;

-- Rebuild "video__raw": drop the old table
DROP TABLE video__raw;

-- Rebuild "video__raw": take its name
ALTER TABLE video__raw__metaxy_rebuild RENAME TO video__raw;

-- Create index "video__raw_metaxy_idx" on "video__raw"
CREATE INDEX video__raw_metaxy_idx ON video__raw (metaxy_feature_version, video_id, metaxy_updated_at);

COMMIT;
