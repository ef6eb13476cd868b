-- metaxy-compile migration 0001 "initial" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- Drop "video__raw" table
DROP TABLE video__raw;

COMMIT;
