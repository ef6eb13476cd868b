-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Create "video__thumbnail" table
CREATE TABLE `metaxy.video__thumbnail` (
  video_id STRING NOT NULL,
  image BYTES NOT NULL,
  width INT64 NOT NULL,
  metaxy_provenance_by_field STRUCT<`default` STRING> NOT NULL,
  metaxy_provenance STRING NOT NULL,
  metaxy_data_version_by_field STRUCT<`default` STRING> NOT NULL,
  metaxy_data_version STRING NOT NULL,
  metaxy_feature_version STRING NOT NULL,
  metaxy_project_version STRING NOT NULL,
  metaxy_created_at TIMESTAMP NOT NULL,
  metaxy_updated_at TIMESTAMP NOT NULL,
  metaxy_deleted_at TIMESTAMP,
  metaxy_materialization_id STRING
)
CLUSTER BY metaxy_feature_version, video_id, metaxy_updated_at
OPTIONS(description='One thumbnail per video.');
