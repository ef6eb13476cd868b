-- metaxy-compile migration 0002 "add_primary_key_video_kept" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Add primary key "video__kept_metaxy_pk" to "video__kept"
ALTER TABLE `metaxy.video__kept` ADD PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at) NOT ENFORCED;

-- Add primary key "video__raw_metaxy_pk" to "video__raw"
ALTER TABLE `metaxy.video__raw` ADD PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at) NOT ENFORCED;
