-- metaxy-compile migration 0002 "alter_column_type_media_clip" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Rebuild "media__clip": create its new shape
CREATE TABLE `metaxy.media__clip__metaxy_rebuild` (
  clip_id STRING NOT NULL,
  metaxy_provenance_by_field STRUCT<frames STRING> NOT NULL,
  metaxy_provenance STRING NOT NULL,
  metaxy_data_version_by_field STRUCT<frames STRING> NOT NULL,
  metaxy_data_version STRING NOT NULL,
  metaxy_feature_version STRING NOT NULL,
  metaxy_project_version STRING NOT NULL,
  metaxy_created_at TIMESTAMP NOT NULL,
  metaxy_updated_at TIMESTAMP NOT NULL,
  metaxy_deleted_at TIMESTAMP,
  metaxy_materialization_id STRING
)
CLUSTER BY metaxy_feature_version, clip_id, metaxy_updated_at;

-- Rebuild "media__clip": copy its rows
INSERT INTO `metaxy.media__clip__metaxy_rebuild` (clip_id, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT clip_id, IF(metaxy_provenance_by_field IS NULL, NULL, STRUCT(metaxy_provenance_by_field.frames AS frames)), metaxy_provenance, IF(metaxy_data_version_by_field IS NULL, NULL, STRUCT(metaxy_data_version_by_field.frames AS frames)), metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM `metaxy.media__clip`;

-- Rebuild "media__clip": drop the old table
DROP TABLE `metaxy.media__clip`;

-- Rebuild "media__clip": take its name
ALTER TABLE `metaxy.media__clip__metaxy_rebuild` RENAME TO media__clip;
