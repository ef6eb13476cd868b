-- metaxy-compile migration 0002 "add_table_video_thumbnail" of the features stream, store "duckdb" (DuckDB)
-- Reverts the migration above.

BEGIN;

-- Drop "video__thumbnail" table
DROP TABLE video__thumbnail;

COMMIT;
