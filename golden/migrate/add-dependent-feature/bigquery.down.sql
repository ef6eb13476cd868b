-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Drop "video__thumbnail" table
DROP TABLE `metaxy.video__thumbnail`;
