-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Drop index "video__raw_note_idx" from "video__raw"
DROP INDEX video__raw_note_idx;

-- Rename column "note" of "video__raw" to "remark"
ALTER TABLE video__raw RENAME COLUMN note TO remark;

-- Create "video__thumbnail" table
CREATE TABLE video__thumbnail (
  video_id VARCHAR NOT NULL,
  image BYTEA NOT NULL,
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
  CONSTRAINT video__thumbnail_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)
);

-- Add column "fps" to "video__raw"
ALTER TABLE video__raw ADD COLUMN fps REAL;

-- Set comment to column "fps" of "video__raw"
COMMENT ON COLUMN video__raw.fps IS 'It''s the "frame rate"; per second';

-- Create index "video__raw_remark_idx" on "video__raw"
CREATE INDEX video__raw_remark_idx ON video__raw (remark);

COMMIT;
