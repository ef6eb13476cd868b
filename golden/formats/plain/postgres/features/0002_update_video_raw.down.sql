-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- Drop "video__thumbnail" table
DROP TABLE video__thumbnail;

-- Drop index "video__raw_remark_idx" from "video__raw"
DROP INDEX video__raw_remark_idx;

-- Rename column "remark" of "video__raw" to "note"
ALTER TABLE video__raw RENAME COLUMN remark TO note;

-- Drop column "fps" from "video__raw"
ALTER TABLE video__raw DROP COLUMN fps;

-- Create index "video__raw_note_idx" on "video__raw"
CREATE INDEX video__raw_note_idx ON video__raw (note);

COMMIT;
