-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- Drop index "video__segment_metaxy_idx" from "video__chunk"
DROP INDEX video__segment_metaxy_idx;

-- Drop index "video__segment_note_idx" from "video__chunk"
DROP INDEX video__segment_note_idx;

COMMIT;

BEGIN;

-- Rename table "video__segment" to "video__chunk"
ALTER TABLE video__segment RENAME TO video__chunk;

-- Rename column "old_score" of "video__chunk" to "score"
ALTER TABLE video__chunk RENAME COLUMN old_score TO score;

-- Create index "video__chunk_metaxy_idx" on "video__chunk"
CREATE INDEX video__chunk_metaxy_idx ON video__chunk (metaxy_feature_version, segment_id, metaxy_updated_at);

-- Create index "video__chunk_note_idx" on "video__chunk"
CREATE INDEX video__chunk_note_idx ON video__chunk (note);

COMMIT;
