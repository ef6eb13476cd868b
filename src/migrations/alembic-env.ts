import { pyDocstring, pyString } from '../emit/comment.js';
import { ALEMBIC_METADATA } from './alembic.js';
import { historyTable } from './history-table.js';
import { STREAMS, type StreamName } from './state.js';
import type { ToolContext } from './tool-files.js';

/**
 * alembicEnv is a stream's env.py (the one generator of it): its own version table, the URL
 * from `-x url=...`, else DATABASE_URL, else the store's connection read from the Metaxy
 * configuration when Alembic runs (its `${VAR}` references resolved then, as Metaxy resolves
 * them), and the one place where `target_metadata` is set.
 */
export function alembicEnv(stream: StreamName, ctx: ToolContext): string {
  const sa = ctx.dialect.tools.sqlalchemy;
  const doc = pyDocstring([
    `Alembic environment of the metaxy ${stream} stream of store "${ctx.store.name}" (${ctx.dialect.label}).`,
    '',
    'Written by metaxy-compile when missing, never rewritten: yours to edit. The database URL is',
    '`-x url=...`, else the DATABASE_URL environment variable, else the store\'s connection in its',
    'Metaxy configuration, read when Alembic runs (its ${VAR} references resolved then, never',
    `written into a file). SQLAlchemy reaches ${ctx.dialect.label} through ${sa.package}.`,
  ]);
  const impl = sa.alembicImpl ? dialectImpl(sa.dialect) : '';
  return `${doc}
from __future__ import annotations

import json
import os
import re
from logging.config import fileConfig
from pathlib import Path

from alembic import context
${sa.alembicImpl ? 'from alembic.ddl.impl import DefaultImpl\n' : ''}from sqlalchemy import create_engine, pool
${LOADER}
VERSION_TABLE = ${pyString(historyTable('alembic_version', stream, ctx.store.tablePrefix))}
STORE = ${pyString(ctx.store.name)}
# The Metaxy configuration metaxy-compile read, relative to the migrations folder ($METAXY_CONFIG wins).
METAXY_CONFIG = ${ctx.config === null ? 'None' : pyString(ctx.config)}
# SQLAlchemy's dialect of the store (all that offline --sql needs), and the store's URL from its
# configuration as Metaxy's sqlalchemy_url builds it (a format string over the store's config).
DIALECT = ${pyString(sa.dialect)}
STORE_URL = ${pyString(sa.url)}

STREAM = ${pyString(stream)}
# The store's tables as SQLAlchemy metadata, for autogenerate and \`alembic check\`: the one place
# to set it. ${metadataNote(ctx)}
METADATA = Path(__file__).resolve().parent.parent / ${pyString(ALEMBIC_METADATA)}
target_metadata = load_metadata(METADATA)
# Each stream compares its own tables: Metaxy's system tables, or every other table; never a
# stream's version table.
SYSTEM_TABLES = set() if target_metadata is None else {t.name for t in target_metadata.tables.values() if "metaxy-system" not in t.info}
VERSION_TABLES = (${STREAMS.map((s) => pyString(historyTable('alembic_version', s, ctx.store.tablePrefix))).join(', ')})

config = context.config
if config.config_file_name is not None and config.file_config.has_section("loggers"):
    fileConfig(config.config_file_name)
${impl}${ENV_BODY}`;
}

/** metadataNote says where the metadata module comes from, for this dialect. */
function metadataNote(ctx: ToolContext): string {
  const sa = ctx.dialect.tools.sqlalchemy;
  return sa.types !== null
    ? '`metaxy-compile migrate` writes the module\n# beside alembic.ini with every migration (and when it is missing).'
    : `metaxy-compile writes no module for ${ctx.dialect.label}\n# (SQLAlchemy describes it only through ${sa.package}): put yours there.`;
}

/** LOADER loads the metadata module by its path, and tells Alembic which objects belong to the stream. */
const LOADER = `

def load_metadata(path: Path):
    """The \`metadata\` of the module at path, or None while there is none."""
    if not path.exists():
        return None
    import importlib.util

    spec = importlib.util.spec_from_file_location("metaxy_metadata", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.metadata


def include_object(obj, name, type_, reflected, compare_to):
    """Whether autogenerate compares an object: those of this stream's tables only."""
    table = name if type_ == "table" else obj.table.name
    return table not in VERSION_TABLES and (table in SYSTEM_TABLES) == (STREAM == "system")

`;

/** dialectImpl registers an Alembic implementation of a dialect Alembic does not know (duckdb_engine documents this one). */
function dialectImpl(dialect: string): string {
  return `

class MetaxyAlembicImpl(DefaultImpl):
    """Alembic has no implementation of this dialect: the one its SQLAlchemy package documents."""

    __dialect__ = ${pyString(dialect)}
    transactional_ddl = True

`;
}

const ENV_BODY = `
VAR = re.compile(r"\\$\\{([^}:]+)(?::-([^}]*))?\\}")


def read_config(path: Path) -> dict:
    """A Metaxy configuration file and the files it extends (the child's settings win)."""
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("metaxy", {})
    parent = data.get("extend")
    if not isinstance(parent, str):
        return data
    merged = read_config(path.parent / parent)
    for key, value in data.items():
        if key == "extend":
            continue
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = {**old, **value}
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + value
        else:
            merged[key] = value
    return merged


def expand(value):
    """Metaxy's \${VAR} and \${VAR:-default} in every string, from the environment now."""
    if isinstance(value, str):
        return VAR.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), value)
    if isinstance(value, list):
        return [expand(v) for v in value]
    if isinstance(value, dict):
        return {k: expand(v) for k, v in value.items()}
    return value


def with_environment(data: dict) -> dict:
    """Metaxy's METAXY_ variables over the file's settings (__ nests, names of any case)."""
    for name in sorted(os.environ):
        if not name.upper().startswith("METAXY_"):
            continue
        parts = name[len("METAXY_"):].lower().split("__")
        if "" in parts or parts[0] == "config":
            continue
        node = data
        for part in parts[:-1]:
            key = next((k for k in node if k.lower() == part), part)
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        key = next((k for k in node if k.lower() == parts[-1]), parts[-1])
        text = os.environ[name]
        try:
            node[key] = json.loads(text) if text.strip()[:1] in ("{", "[") else text
        except ValueError:
            node[key] = text
    return data


def store_url() -> str | None:
    """The store's URL from its Metaxy configuration; None when the configuration has no connection."""
    if os.environ.get("METAXY_CONFIG"):
        path = Path(os.environ["METAXY_CONFIG"])
    else:
        path = None if METAXY_CONFIG is None else Path(__file__).resolve().parent.parent / METAXY_CONFIG
    data = with_environment(expand(read_config(path) if path is not None else {}))
    store = data.get("stores", {}).get(STORE, {})
    store_config = store.get("config", {}) if isinstance(store, dict) else {}
    params = store_config.get("connection_params")
    try:
        return STORE_URL.format_map({**store_config, **(params if isinstance(params, dict) else {})}) or None
    except KeyError:
        return None


def given_url() -> str | None:
    """The URL given to this run: -x url=..., else $DATABASE_URL."""
    return context.get_x_argument(as_dictionary=True).get("url") or os.environ.get("DATABASE_URL") or None


def run_migrations_offline() -> None:
    url = given_url()
    context.configure(
        **({"url": url} if url else {"dialect_name": DIALECT}),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        version_table=VERSION_TABLE,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    url = given_url() or store_url()
    if url is None:
        raise SystemExit(f"no database URL: pass -x url=..., set DATABASE_URL, or give store {STORE!r} a connection in its Metaxy configuration")
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            include_object=include_object,
            compare_server_default=True,
            version_table=VERSION_TABLE,
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
`;
