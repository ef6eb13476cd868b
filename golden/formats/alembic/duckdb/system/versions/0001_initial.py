"""initial

metaxy-compile migration 0001 "initial" of the system stream, store "duckdb" (DuckDB)
"""
from alembic import op

revision = "metaxy_system_0001"
down_revision = None
branch_labels = None
depends_on = None

UPGRADE = [
    "-- Create \"metaxy_system__feature_versions\" table\nCREATE TABLE metaxy_system__feature_versions (\n  project VARCHAR NOT NULL,\n  feature_key VARCHAR NOT NULL,\n  metaxy_definition_version VARCHAR NOT NULL,\n  metaxy_feature_version VARCHAR,\n  metaxy_project_version VARCHAR,\n  recorded_at TIMESTAMP,\n  feature_spec VARCHAR,\n  feature_schema VARCHAR,\n  feature_class_path VARCHAR,\n  tags VARCHAR,\n  deleted_at TIMESTAMP\n)",
    "-- Create index \"idx_metaxy_system__feature_versions_lookup\" on \"metaxy_system__feature_versions\"\nCREATE INDEX idx_metaxy_system__feature_versions_lookup ON metaxy_system__feature_versions (project, feature_key, metaxy_feature_version)",
    "-- Create index \"ix_metaxy_system__feature_versions_project\" on \"metaxy_system__feature_versions\"\nCREATE INDEX ix_metaxy_system__feature_versions_project ON metaxy_system__feature_versions (project)",
    "-- Create index \"ix_metaxy_system__feature_versions_feature_key\" on \"metaxy_system__feature_versions\"\nCREATE INDEX ix_metaxy_system__feature_versions_feature_key ON metaxy_system__feature_versions (feature_key)",
    "-- Create index \"ix_metaxy_system__feature_versions_metaxy_feature_version\" on \"metaxy_system__feature_versions\"\nCREATE INDEX ix_metaxy_system__feature_versions_metaxy_feature_version ON metaxy_system__feature_versions (metaxy_feature_version)",
    "-- Create index \"ix_metaxy_system__feature_versions_metaxy_project_version\" on \"metaxy_system__feature_versions\"\nCREATE INDEX ix_metaxy_system__feature_versions_metaxy_project_version ON metaxy_system__feature_versions (metaxy_project_version)",
    "-- Create index \"ix_metaxy_system__feature_versions_recorded_at\" on \"metaxy_system__feature_versions\"\nCREATE INDEX ix_metaxy_system__feature_versions_recorded_at ON metaxy_system__feature_versions (recorded_at)",
    "-- Create \"metaxy_system__events\" table\nCREATE TABLE metaxy_system__events (\n  project VARCHAR NOT NULL,\n  execution_id VARCHAR NOT NULL,\n  \"timestamp\" TIMESTAMP NOT NULL,\n  event_type VARCHAR,\n  feature_key VARCHAR,\n  payload VARCHAR,\n  CONSTRAINT metaxy_system__events_pkey PRIMARY KEY (project, execution_id, \"timestamp\")\n)",
    "-- Create index \"idx_metaxy_system__events_lookup\" on \"metaxy_system__events\"\nCREATE INDEX idx_metaxy_system__events_lookup ON metaxy_system__events (project, execution_id, event_type)",
    "-- Create index \"ix_metaxy_system__events_project\" on \"metaxy_system__events\"\nCREATE INDEX ix_metaxy_system__events_project ON metaxy_system__events (project)",
    "-- Create index \"ix_metaxy_system__events_execution_id\" on \"metaxy_system__events\"\nCREATE INDEX ix_metaxy_system__events_execution_id ON metaxy_system__events (execution_id)",
    "-- Create index \"ix_metaxy_system__events_event_type\" on \"metaxy_system__events\"\nCREATE INDEX ix_metaxy_system__events_event_type ON metaxy_system__events (event_type)",
    "-- Create index \"ix_metaxy_system__events_feature_key\" on \"metaxy_system__events\"\nCREATE INDEX ix_metaxy_system__events_feature_key ON metaxy_system__events (feature_key)",
]

DOWNGRADE = [
    "-- Drop \"metaxy_system__events\" table\nDROP TABLE metaxy_system__events",
    "-- Drop \"metaxy_system__feature_versions\" table\nDROP TABLE metaxy_system__feature_versions",
]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
