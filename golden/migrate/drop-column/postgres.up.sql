-- metaxy-compile migration 0002 "update_audio_track" of the features stream, store "postgres" (PostgreSQL)

BEGIN;

-- Drop index "audio__track_language_legacy_idx" from "audio__track"
DROP INDEX audio__track_language_legacy_idx;

-- DESTRUCTIVE (drop-column): drops column "legacy" of "audio__track" and its data
-- Drop column "legacy" from "audio__track"
ALTER TABLE audio__track DROP COLUMN legacy;

COMMIT;
