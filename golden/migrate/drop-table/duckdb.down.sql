-- metaxy-compile migration 0002 "drop_table_a_child" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- IRREVERSIBLE: restores the structure, not the data it held
-- Create "a__child" table
CREATE TABLE a__child (
  id VARCHAR NOT NULL,
  metaxy_provenance_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_provenance VARCHAR NOT NULL,
  metaxy_data_version_by_field STRUCT("default" VARCHAR) NOT NULL,
  metaxy_data_version VARCHAR NOT NULL,
  metaxy_feature_version VARCHAR NOT NULL,
  metaxy_project_version VARCHAR NOT NULL,
  metaxy_created_at TIMESTAMPTZ NOT NULL,
  metaxy_updated_at TIMESTAMPTZ NOT NULL,
  metaxy_deleted_at TIMESTAMPTZ,
  metaxy_materialization_id VARCHAR
);

COMMIT;
