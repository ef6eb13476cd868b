-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Drop index "metrics__score_metaxy_idx" from "metrics__score"
DROP INDEX metrics__score_metaxy_idx;

COMMIT;

BEGIN;

-- Change type of "amount" of "metrics__score" to DECIMAL(10, 2)
ALTER TABLE metrics__score ALTER COLUMN amount TYPE DECIMAL(10, 2) USING amount::DECIMAL(10, 2);

-- Change type of "count" of "metrics__score" to INTEGER
ALTER TABLE metrics__score ALTER COLUMN count TYPE INTEGER USING count::INTEGER;

-- Change type of "weight" of "metrics__score" to FLOAT
ALTER TABLE metrics__score ALTER COLUMN weight TYPE FLOAT USING weight::FLOAT;

-- Change default of "maybe" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN maybe DROP DEFAULT;

-- Change default of "weight" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN weight SET DEFAULT 1;

-- Backfill NULLs of "label" of "metrics__score"
UPDATE metrics__score SET label = '' WHERE label IS NULL;

-- Set "label" of "metrics__score" NOT NULL
ALTER TABLE metrics__score ALTER COLUMN label SET NOT NULL;

-- Make "maybe" of "metrics__score" nullable
ALTER TABLE metrics__score ALTER COLUMN maybe DROP NOT NULL;

-- Create index "metrics__score_metaxy_idx" on "metrics__score"
CREATE INDEX metrics__score_metaxy_idx ON metrics__score (metaxy_feature_version, id, metaxy_updated_at);

COMMIT;
