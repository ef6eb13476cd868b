-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- Drop index "video__raw_path_idx" from "video__raw"
DROP INDEX video__raw_path_idx;

-- Drop column "fps" from "video__raw"
ALTER TABLE video__raw DROP COLUMN fps;

-- Drop column "codec" from "video__raw"
ALTER TABLE video__raw DROP COLUMN codec;

-- Drop column "frames" from "video__raw"
ALTER TABLE video__raw DROP COLUMN frames;

-- Drop column "tags" from "video__raw"
ALTER TABLE video__raw DROP COLUMN tags;

-- Set comment to column "path" of "video__raw"
COMMENT ON COLUMN video__raw.path IS NULL;

-- Set comment to table "video__raw"
COMMENT ON TABLE video__raw IS NULL;

COMMIT;
