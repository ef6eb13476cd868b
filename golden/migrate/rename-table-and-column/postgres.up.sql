-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Rename table "video__segment" to "video__chunk"
ALTER TABLE video__segment RENAME TO video__chunk;

-- Rename column "old_score" of "video__chunk" to "score"
ALTER TABLE video__chunk RENAME COLUMN old_score TO score;

-- Rename primary key "video__segment_metaxy_pk" to "video__chunk_metaxy_pk"
ALTER TABLE video__chunk RENAME CONSTRAINT video__segment_metaxy_pk TO video__chunk_metaxy_pk;

-- Rename index "video__segment_metaxy_idx" to "video__chunk_metaxy_idx"
ALTER INDEX video__segment_metaxy_idx RENAME TO video__chunk_metaxy_idx;

-- Rename index "video__segment_note_idx" to "video__chunk_note_idx"
ALTER INDEX video__segment_note_idx RENAME TO video__chunk_note_idx;

COMMIT;
