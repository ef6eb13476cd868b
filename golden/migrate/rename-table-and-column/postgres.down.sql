-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- Rename table "video__chunk" to "video__segment"
ALTER TABLE video__chunk RENAME TO video__segment;

-- Rename column "score" of "video__segment" to "old_score"
ALTER TABLE video__segment RENAME COLUMN score TO old_score;

-- Rename primary key "video__chunk_metaxy_pk" to "video__segment_metaxy_pk"
ALTER TABLE video__segment RENAME CONSTRAINT video__chunk_metaxy_pk TO video__segment_metaxy_pk;

-- Rename index "video__chunk_metaxy_idx" to "video__segment_metaxy_idx"
ALTER INDEX video__chunk_metaxy_idx RENAME TO video__segment_metaxy_idx;

-- Rename index "video__chunk_note_idx" to "video__segment_note_idx"
ALTER INDEX video__chunk_note_idx RENAME TO video__segment_note_idx;

COMMIT;
