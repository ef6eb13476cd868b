-- metaxy-compile migration 0002 "add_primary_key_video_kept" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Drop primary key "video__kept_metaxy_pk" from "video__kept"
ALTER TABLE `metaxy.video__kept` DROP PRIMARY KEY;

-- Drop primary key "video__raw_metaxy_pk" from "video__raw"
ALTER TABLE `metaxy.video__raw` DROP PRIMARY KEY;
