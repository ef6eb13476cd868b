"""update_video_raw

metaxy-compile migration 0002 "update_video_raw" of the features stream, store "duckdb" (DuckDB)
"""
from alembic import op

revision = "metaxy_features_0002"
down_revision = "metaxy_features_0001"
branch_labels = None
depends_on = None

UPGRADE = [
    "-- Drop index \"video__raw_note_idx\" from \"video__raw\"\nDROP INDEX video__raw_note_idx",
    "-- Rename column \"note\" of \"video__raw\" to \"remark\"\nALTER TABLE video__raw RENAME COLUMN note TO remark",
    "-- Create \"video__thumbnail\" table\nCREATE TABLE video__thumbnail (\n  video_id VARCHAR NOT NULL,\n  image BLOB NOT NULL,\n  metaxy_provenance_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_provenance VARCHAR NOT NULL,\n  metaxy_data_version_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_data_version VARCHAR NOT NULL,\n  metaxy_feature_version VARCHAR NOT NULL,\n  metaxy_project_version VARCHAR NOT NULL,\n  metaxy_created_at TIMESTAMPTZ NOT NULL,\n  metaxy_updated_at TIMESTAMPTZ NOT NULL,\n  metaxy_deleted_at TIMESTAMPTZ,\n  metaxy_materialization_id VARCHAR,\n  CONSTRAINT video__thumbnail_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)\n)",
    "-- Add column \"fps\" to \"video__raw\"\nALTER TABLE video__raw ADD COLUMN fps FLOAT",
    "-- Set comment to column \"fps\" of \"video__raw\"\nCOMMENT ON COLUMN video__raw.fps IS 'It''s the \"frame rate\"; per second'",
    "-- Create index \"video__raw_remark_idx\" on \"video__raw\"\nCREATE INDEX video__raw_remark_idx ON video__raw (remark)",
]

DOWNGRADE = [
    "-- Drop \"video__thumbnail\" table\nDROP TABLE video__thumbnail",
    "-- Rebuild \"video__raw\": create its new shape\nCREATE TABLE video__raw__metaxy_rebuild (\n  video_id VARCHAR NOT NULL,\n  path VARCHAR NOT NULL,\n  note VARCHAR,\n  metaxy_provenance_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_provenance VARCHAR NOT NULL,\n  metaxy_data_version_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_data_version VARCHAR NOT NULL,\n  metaxy_feature_version VARCHAR NOT NULL,\n  metaxy_project_version VARCHAR NOT NULL,\n  metaxy_created_at TIMESTAMPTZ NOT NULL,\n  metaxy_updated_at TIMESTAMPTZ NOT NULL,\n  metaxy_deleted_at TIMESTAMPTZ,\n  metaxy_materialization_id VARCHAR,\n  CONSTRAINT video__raw_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)\n)",
    "-- Rebuild \"video__raw\": copy its rows\nINSERT INTO video__raw__metaxy_rebuild (video_id, path, note, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id) SELECT video_id, path, remark, metaxy_provenance_by_field, metaxy_provenance, metaxy_data_version_by_field, metaxy_data_version, metaxy_feature_version, metaxy_project_version, metaxy_created_at, metaxy_updated_at, metaxy_deleted_at, metaxy_materialization_id FROM video__raw",
    "-- Rebuild \"video__raw\": drop the old table\nDROP TABLE video__raw",
    "-- Rebuild \"video__raw\": take its name\nALTER TABLE video__raw__metaxy_rebuild RENAME TO video__raw",
    "-- Create index \"video__raw_note_idx\" on \"video__raw\"\nCREATE INDEX video__raw_note_idx ON video__raw (note)",
    "-- Set comment to table \"video__raw\"\nCOMMENT ON TABLE video__raw IS 'Raw videos.'",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
