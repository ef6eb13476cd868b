-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- Create "video__thumbnail" table
CREATE TABLE video__thumbnail (
  video_id VARCHAR NOT NULL,
  image BLOB NOT NULL,
  width SMALLINT NOT NULL,
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

-- Set comment to table "video__thumbnail"
COMMENT ON TABLE video__thumbnail IS 'One thumbnail per video.';

COMMIT;
