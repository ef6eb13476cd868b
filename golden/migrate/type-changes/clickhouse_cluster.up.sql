-- metaxy-compile migration 0002 "update_metrics_score" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- Change type of "amount" of "metrics__score" to Decimal(14, 4)
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN amount Decimal(14, 4);

-- Change type of "count" of "metrics__score" to Int64
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN count Int64;

-- Change type of "weight" of "metrics__score" to Float64
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN weight Float64 DEFAULT 2;

-- Change default of "maybe" of "metrics__score"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN maybe DEFAULT 'unknown';

-- Change default of "weight" of "metrics__score"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN weight DEFAULT 2;

-- Make "label" of "metrics__score" nullable
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN label Nullable(String);

-- DESTRUCTIVE (set-not-null): makes "maybe" of "metrics__score" NOT NULL: existing NULLs become "unknown"
-- Set "maybe" of "metrics__score" NOT NULL, NULLs becoming "unknown"
ALTER TABLE metrics__score ON CLUSTER main MODIFY COLUMN maybe String DEFAULT 'unknown' SETTINGS mutations_sync = 2;
