-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- DESTRUCTIVE (set-not-null): makes "maybe" of "metrics__score" NOT NULL: existing NULLs become "unknown"
-- Rebuild "metrics__score": create its new shape
CREATE TABLE metrics__score__metaxy_rebuild (
  id VARCHAR NOT NULL,
  amount DECIMAL(14, 4) NOT NULL,
  count BIGINT NOT NULL,
  label VARCHAR,
  maybe VARCHAR NOT NULL DEFAULT 'unknown',
  weight DOUBLE NOT NULL DEFAULT 2,
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

-- Rebuild "metrics__score": copy its rows
INSERT INTO metrics__score__metaxy_rebuild (id, amount, count, label, maybe, weight, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT id, CAST(amount AS DECIMAL(14, 4)), CAST(count AS BIGINT), label, COALESCE(maybe, CAST('unknown' AS VARCHAR)), CAST(weight AS DOUBLE), metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM metrics__score;

-- Rebuild "metrics__score": drop the old table
DROP TABLE metrics__score;

-- Rebuild "metrics__score": take its name
ALTER TABLE metrics__score__metaxy_rebuild RENAME TO metrics__score;

-- Create index "metrics__score_metaxy_idx" on "metrics__score"
CREATE INDEX metrics__score_metaxy_idx ON metrics__score (metaxy_feature_version, id, metaxy_updated_at);

COMMIT;
