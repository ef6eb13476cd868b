-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Drop index "video__chunk_metaxy_idx" from "video__segment"
DROP INDEX video__chunk_metaxy_idx;

-- Drop index "video__chunk_note_idx" from "video__segment"
DROP INDEX video__chunk_note_idx;

COMMIT;

BEGIN;

-- Rename table "video__chunk" to "video__segment"
ALTER TABLE video__chunk RENAME TO video__segment;

-- Rename column "score" of "video__segment" to "old_score"
ALTER TABLE video__segment RENAME COLUMN score TO old_score;

-- Create index "video__segment_metaxy_idx" on "video__segment"
CREATE INDEX video__segment_metaxy_idx ON video__segment (metaxy_feature_version, segment_id, metaxy_updated_at);

-- Create index "video__segment_note_idx" on "video__segment"
CREATE INDEX video__segment_note_idx ON video__segment (note);

COMMIT;
