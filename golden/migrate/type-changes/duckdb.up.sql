-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "duckdb" (DuckDB)

BEGIN;

-- Drop index "metrics__score_metaxy_idx" from "metrics__score"
DROP INDEX metrics__score_metaxy_idx;

COMMIT;

BEGIN;

-- Change type of "amount" of "metrics__score" to DECIMAL(14, 4)
ALTER TABLE metrics__score ALTER COLUMN amount TYPE DECIMAL(14, 4) USING amount::DECIMAL(14, 4);

-- Change type of "count" of "metrics__score" to BIGINT
ALTER TABLE metrics__score ALTER COLUMN count TYPE BIGINT USING count::BIGINT;

-- Change type of "weight" of "metrics__score" to DOUBLE
ALTER TABLE metrics__score ALTER COLUMN weight TYPE DOUBLE USING weight::DOUBLE;

-- Change default of "maybe" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN maybe SET DEFAULT 'unknown';

-- Change default of "weight" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN weight SET DEFAULT 2;

-- Make "label" of "metrics__score" nullable
ALTER TABLE metrics__score ALTER COLUMN label DROP NOT NULL;

-- DESTRUCTIVE (set-not-null): makes "maybe" of "metrics__score" NOT NULL: existing NULLs become "unknown"
-- Backfill NULLs of "maybe" of "metrics__score"
UPDATE metrics__score SET maybe = 'unknown' WHERE maybe IS NULL;

-- DESTRUCTIVE (set-not-null): makes "maybe" of "metrics__score" NOT NULL: existing NULLs become "unknown"
-- Set "maybe" of "metrics__score" NOT NULL
ALTER TABLE metrics__score ALTER COLUMN maybe SET NOT NULL;

-- Create index "metrics__score_metaxy_idx" on "metrics__score"
CREATE INDEX metrics__score_metaxy_idx ON metrics__score (metaxy_feature_version, id, metaxy_updated_at);

COMMIT;
