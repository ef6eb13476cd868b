-- metaxy-compile migration 0001 "initial" of the system stream, store "duckdb" (DuckDB)

BEGIN;

-- Drop "metaxy_system__events" table
DROP TABLE metaxy_system__events;

-- Drop "metaxy_system__feature_versions" table
DROP TABLE metaxy_system__feature_versions;

COMMIT;
