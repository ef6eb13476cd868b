-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Change type of "amount" of "metrics__score" to NUMERIC(14, 4)
ALTER TABLE metrics__score ALTER COLUMN amount TYPE NUMERIC(14, 4) USING amount::NUMERIC(14, 4);

-- Change type of "count" of "metrics__score" to BIGINT
ALTER TABLE metrics__score ALTER COLUMN count TYPE BIGINT USING count::BIGINT;

-- Drop the default of "weight" of "metrics__score" before its type changes
ALTER TABLE metrics__score ALTER COLUMN weight DROP DEFAULT;

-- Change type of "weight" of "metrics__score" to DOUBLE PRECISION
ALTER TABLE metrics__score ALTER COLUMN weight TYPE DOUBLE PRECISION USING weight::DOUBLE PRECISION;

-- Change default of "maybe" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN maybe SET DEFAULT 'unknown';

-- Change default of "weight" of "metrics__score"
ALTER TABLE metrics__score ALTER COLUMN weight SET DEFAULT 2;

-- Make "label" of "metrics__score" nullable
ALTER TABLE metrics__score ALTER COLUMN label DROP NOT NULL;

-- DESTRUCTIVE (set-not-null): makes "maybe" of "metrics__score" NOT NULL: existing NULLs become "unknown"
-- Backfill NULLs of "maybe" of "metrics__score"
UPDATE metrics__score SET maybe = 'unknown' WHERE maybe IS NULL;

-- Set "maybe" of "metrics__score" NOT NULL
ALTER TABLE metrics__score ALTER COLUMN maybe SET NOT NULL;

COMMIT;
