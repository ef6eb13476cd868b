"""Metaxy's system tables as its SQLAlchemy definition makes them, written from metaxy.md's facts
(not from metaxy-compile's output), compared by Alembic's autogenerate with a live database.

Usage: python metaxy-system-metadata.py <sqlalchemy-url> <table-prefix>
Prints a JSON list of the differences Alembic finds, one per change (empty: nothing to do).
"""

import json
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, DateTime, Index, MetaData, String, Table, create_engine

url, prefix = sys.argv[1], sys.argv[2]
versions = f"{prefix}metaxy_system__feature_versions"
events = f"{prefix}metaxy_system__events"

metadata = MetaData()
Table(
    versions,
    metadata,
    Column("project", String, primary_key=True, index=True),
    Column("feature_key", String, primary_key=True, index=True),
    Column("metaxy_definition_version", String, primary_key=True),
    Column("metaxy_feature_version", String, index=True),
    Column("metaxy_project_version", String, index=True),
    Column("recorded_at", DateTime, index=True),
    Column("feature_spec", String),
    Column("feature_schema", String),
    Column("feature_class_path", String),
    Column("tags", String, default="{}"),
    Column("deleted_at", DateTime, nullable=True),
    Index(f"idx_{versions}_lookup", "project", "feature_key", "metaxy_feature_version"),
)
Table(
    events,
    metadata,
    Column("project", String, primary_key=True, index=True),
    Column("execution_id", String, primary_key=True, index=True),
    Column("timestamp", DateTime, primary_key=True),
    Column("event_type", String, index=True),
    Column("feature_key", String, nullable=True, index=True),
    Column("payload", String, default=""),
    Index(f"idx_{events}_lookup", "project", "execution_id", "event_type"),
)


def only_system_tables(obj, name, type_, reflected, compare_to):
    table = obj.name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
    return table in (versions, events)


engine = create_engine(url)
with engine.connect() as conn:
    context = MigrationContext.configure(
        conn,
        opts={"compare_type": True, "compare_server_default": True, "include_object": only_system_tables},
    )
    diffs = compare_metadata(context, metadata)
# A column's changes come as a list of its own; each is one difference.
print(json.dumps([repr(x) for d in diffs for x in (d if isinstance(d, list) else [d])]))
