-- metaxy-compile migration 0001 "initial" of the features stream, store "postgres" (PostgreSQL)

-- migrate:up
-- Create "video__raw" table
CREATE TABLE video__raw (
  video_id VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  note VARCHAR,
  metaxy_provenance_by_field JSONB NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field JSONB NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR,
  CONSTRAINT video__raw_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)
);

-- Create index "video__raw_note_idx" on "video__raw"
CREATE INDEX video__raw_note_idx ON video__raw (note);

-- Set comment to table "video__raw"
COMMENT ON TABLE video__raw IS 'Raw videos.';

-- migrate:down
-- Drop "video__raw" table
DROP TABLE video__raw;
