-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.
-- Reverts the migration above.

-- Change type of "amount" of "metrics__score" to Decimal(10, 2)
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN amount Decimal(10, 2);

-- Change type of "count" of "metrics__score" to Int32
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN count Int32;

-- Change type of "weight" of "metrics__score" to Float32
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN weight Float32 DEFAULT 1;

-- Change default of "maybe" of "metrics__score"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN maybe REMOVE DEFAULT;

-- Change default of "weight" of "metrics__score"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN weight DEFAULT 1;

-- Set "label" of "metrics__score" NOT NULL, NULLs becoming ""
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN label String DEFAULT '' SETTINGS mutations_sync = 2;

-- Drop the backfill default of "label" of "metrics__score"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN label REMOVE DEFAULT;

-- Make "maybe" of "metrics__score" nullable
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN maybe Nullable(String);
