"""Runs generated SQLAlchemy modules (`metaxy-compile sqlalchemy`) against live databases.

Reads a JSON list of jobs from the file named by its argument, each {"module": <path of a generated module>, "compare":
<SQLAlchemy URL or null>, "create": <SQLAlchemy URL or null>}. For each job the module is
imported; its `metadata` is created with `metadata.create_all()` in the "create" database
(empty), and compared by Alembic's autogenerate (`compare_metadata`, types and server defaults
compared too) with the "compare" database. Prints a JSON list: per job, the differences found
(one string per change; empty: Alembic has nothing to do).
"""

import importlib.util
import json
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine


def load(path, n):
    spec = importlib.util.spec_from_file_location(f"generated_{n}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.metadata


def differences(metadata, url):
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            opts = {"compare_type": True, "compare_server_default": True}
            diffs = compare_metadata(MigrationContext.configure(conn, opts=opts), metadata)
    finally:
        engine.dispose()
    # A column's changes come as a list of their own; each is one difference.
    return [repr(x) for d in diffs for x in (d if isinstance(d, list) else [d])]


def create(metadata, url):
    engine = create_engine(url)
    try:
        metadata.create_all(engine)
    finally:
        engine.dispose()


results = []
with open(sys.argv[1], encoding="utf-8") as f:
    jobs = json.load(f)
for n, job in enumerate(jobs):
    metadata = load(job["module"], n)
    if job.get("create"):
        create(metadata, job["create"])
    results.append(differences(metadata, job["compare"]) if job.get("compare") else [])
print(json.dumps(results))
