-- metaxy-compile migration 0002 "update_video_kept" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Drop column "added" from "video__raw"
ALTER TABLE video__raw DROP COLUMN added;

-- Add primary key "video__kept_metaxy_pk" to "video__kept"
ALTER TABLE video__kept ADD CONSTRAINT video__kept_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at);

-- Add primary key "video__raw_metaxy_pk" to "video__raw"
ALTER TABLE video__raw ADD CONSTRAINT video__raw_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at);

-- Create index "video__kept_metaxy_idx" on "video__kept"
CREATE INDEX video__kept_metaxy_idx ON video__kept (metaxy_feature_version, video_id, metaxy_updated_at);

-- Create index "video__raw_metaxy_idx" on "video__raw"
CREATE INDEX video__raw_metaxy_idx ON video__raw (metaxy_feature_version, video_id, metaxy_updated_at);

COMMIT;
