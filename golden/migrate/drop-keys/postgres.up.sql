-- metaxy-compile migration 0002 "update_video_kept" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Drop index "video__kept_metaxy_idx" from "video__kept"
DROP INDEX video__kept_metaxy_idx;

-- Drop index "video__raw_metaxy_idx" from "video__raw"
DROP INDEX video__raw_metaxy_idx;

-- Drop primary key "video__kept_metaxy_pk" from "video__kept"
ALTER TABLE video__kept DROP CONSTRAINT video__kept_metaxy_pk;

-- Drop primary key "video__raw_metaxy_pk" from "video__raw"
ALTER TABLE video__raw DROP CONSTRAINT video__raw_metaxy_pk;

-- Add column "added" to "video__raw"
ALTER TABLE video__raw ADD COLUMN added VARCHAR NOT NULL DEFAULT 'x';

COMMIT;
