-- metaxy-compile migration 0002 "update_video_chunk" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Rename table "video__segment" to "video__chunk"
ALTER TABLE `metaxy.video__segment` RENAME TO video__chunk;

-- Rename column "old_score" of "video__chunk" to "score"
ALTER TABLE `metaxy.video__chunk` RENAME COLUMN old_score TO score;
