-- metaxy-compile migration 0002 "update_audio_track" of the features stream, store "postgres" (PostgreSQL)
-- Reverts the migration above.

BEGIN;

-- IRREVERSIBLE: restores the structure, not the data it held
-- Add column "legacy" to "audio__track"
ALTER TABLE audio__track ADD COLUMN legacy INTEGER;

-- Set comment to column "legacy" of "audio__track"
COMMENT ON COLUMN audio__track.legacy IS 'to be removed';

-- Create index "audio__track_language_legacy_idx" on "audio__track"
CREATE INDEX audio__track_language_legacy_idx ON audio__track (language, legacy);

COMMIT;
