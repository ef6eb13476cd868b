-- metaxy-compile migration 0002 "update_video_raw" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Add column "fps" to "video__raw"
ALTER TABLE video__raw ADD COLUMN fps REAL;

-- Add column "codec" to "video__raw"
ALTER TABLE video__raw ADD COLUMN codec VARCHAR NOT NULL DEFAULT 'h264';

-- Add column "frames" to "video__raw"
ALTER TABLE video__raw ADD COLUMN frames BIGINT NOT NULL DEFAULT 0;

-- Add column "tags" to "video__raw"
ALTER TABLE video__raw ADD COLUMN tags VARCHAR[] NOT NULL DEFAULT '{}'::VARCHAR[];

-- Create index "video__raw_path_idx" on "video__raw"
CREATE INDEX video__raw_path_idx ON video__raw (path);

-- Set comment to column "path" of "video__raw"
COMMENT ON COLUMN video__raw.path IS 'Object storage URI';

-- Set comment to table "video__raw"
COMMENT ON TABLE video__raw IS 'Raw videos.';

COMMIT;
