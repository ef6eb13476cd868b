-- metaxy-compile migration 0002 "drop_table_a_child" of the features stream, store "clickhouse_cluster" (ClickHouse)
-- ClickHouse DDL is not transactional: if a statement fails, the ones before it stay applied.

-- DESTRUCTIVE (drop-table): drops table "a__child" and all its rows
-- Drop "a__child" table
DROP TABLE a__child ON CLUSTER main SYNC;
