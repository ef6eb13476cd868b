"""update_video_raw

metaxy-compile migration 0002 "update_video_raw" of the features stream, store "postgres" (PostgreSQL)
"""
from alembic import op

revision = "metaxy_features_0002"
down_revision = "metaxy_features_0001"
branch_labels = None
depends_on = None

UPGRADE = [
    "-- Drop index \"video__raw_note_idx\" from \"video__raw\"\nDROP INDEX video__raw_note_idx",
    "-- Rename column \"note\" of \"video__raw\" to \"remark\"\nALTER TABLE video__raw RENAME COLUMN note TO remark",
    "-- Create \"video__thumbnail\" table\nCREATE TABLE video__thumbnail (\n  video_id VARCHAR NOT NULL,\n  image BYTEA NOT NULL,\n  metaxy_provenance_by_field JSONB NOT NULL,\n  metaxy_provenance VARCHAR NOT NULL,\n  metaxy_data_version_by_field JSONB NOT NULL,\n  metaxy_data_version VARCHAR NOT NULL,\n  metaxy_feature_version VARCHAR NOT NULL,\n  metaxy_project_version VARCHAR NOT NULL,\n  metaxy_created_at TIMESTAMPTZ NOT NULL,\n  metaxy_updated_at TIMESTAMPTZ NOT NULL,\n  metaxy_deleted_at TIMESTAMPTZ,\n  metaxy_materialization_id VARCHAR,\n  CONSTRAINT video__thumbnail_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)\n)",
    "-- Add column \"fps\" to \"video__raw\"\nALTER TABLE video__raw ADD COLUMN fps REAL",
    "-- Set comment to column \"fps\" of \"video__raw\"\nCOMMENT ON COLUMN video__raw.fps IS 'It''s the \"frame rate\"; per second'",
    "-- Create index \"video__raw_remark_idx\" on \"video__raw\"\nCREATE INDEX video__raw_remark_idx ON video__raw (remark)",
]

DOWNGRADE = [
    "-- Drop \"video__thumbnail\" table\nDROP TABLE video__thumbnail",
    "-- Drop index \"video__raw_remark_idx\" from \"video__raw\"\nDROP INDEX video__raw_remark_idx",
    "-- Rename column \"remark\" of \"video__raw\" to \"note\"\nALTER TABLE video__raw RENAME COLUMN remark TO note",
    "-- Drop column \"fps\" from \"video__raw\"\nALTER TABLE video__raw DROP COLUMN fps",
    "-- Create index \"video__raw_note_idx\" on \"video__raw\"\nCREATE INDEX video__raw_note_idx ON video__raw (note)",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
