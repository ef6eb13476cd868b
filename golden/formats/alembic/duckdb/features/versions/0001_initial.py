"""initial

metaxy-compile migration 0001 "initial" of the features stream, store "duckdb" (DuckDB)
"""
from alembic import op

revision = "metaxy_features_0001"
down_revision = None
branch_labels = None
depends_on = None

UPGRADE = [
    "-- Create \"video__raw\" table\nCREATE TABLE video__raw (\n  video_id VARCHAR NOT NULL,\n  path VARCHAR NOT NULL,\n  note VARCHAR,\n  metaxy_provenance_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_provenance VARCHAR NOT NULL,\n  metaxy_data_version_by_field STRUCT(\"default\" VARCHAR) NOT NULL,\n  metaxy_data_version VARCHAR NOT NULL,\n  metaxy_feature_version VARCHAR NOT NULL,\n  metaxy_project_version VARCHAR NOT NULL,\n  metaxy_created_at TIMESTAMPTZ NOT NULL,\n  metaxy_updated_at TIMESTAMPTZ NOT NULL,\n  metaxy_deleted_at TIMESTAMPTZ,\n  metaxy_materialization_id VARCHAR,\n  CONSTRAINT video__raw_metaxy_pk PRIMARY KEY (metaxy_feature_version, video_id, metaxy_updated_at)\n)",
    "-- Create index \"video__raw_note_idx\" on \"video__raw\"\nCREATE INDEX video__raw_note_idx ON video__raw (note)",
    "-- Set comment to table \"video__raw\"\nCOMMENT ON TABLE video__raw IS 'Raw videos.'",
]

DOWNGRADE = [
    "-- Drop \"video__raw\" table\nDROP TABLE video__raw",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
