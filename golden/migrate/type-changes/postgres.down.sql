-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- Change type of "amount" of "metrics__score" to NUMERIC(10, 2)
ALTER TABLE metrics__score ALTER COLUMN amount TYPE NUMERIC(10, 2) USING amount::NUMERIC(10, 2);

-- Change type of "count" of "metrics__score" to INTEGER
ALTER TABLE metrics__score ALTER COLUMN count TYPE INTEGER USING count::INTEGER;

-- Drop the default of "weight" of "metrics__score" before its type changes
ALTER TABLE metrics__score ALTER COLUMN weight DROP DEFAULT;

-- Change type of "weight" of "metrics__score" to REAL
ALTER TABLE metrics__score ALTER COLUMN weight TYPE REAL USING weight::REAL;

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

COMMIT;
