-- metaxy-compile migration 0002 "drop_table_a_child" of the features stream, store "bigquery" (BigQuery)
-- BigQuery DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- IRREVERSIBLE: restores the structure, not the data it held
-- Create "a__child" table
CREATE TABLE `metaxy.a__child` (
  id STRING NOT NULL,
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
CLUSTER BY metaxy_feature_version, id, metaxy_updated_at;
