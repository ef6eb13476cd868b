import type { StoreConfig } from '../config/store.js';
import { assertNever } from '../diagnostics/diagnostic.js';
import type { Dialect } from '../dialects/dialect.js';
import { alembicFiles } from './alembic.js';
import type { Format, OutFile } from './formats.js';
import { HISTORY_BASE, historyTable } from './history-table.js';
import { STREAMS, type StreamName } from './state.js';

/**
 * The files a migration tool reads beside the migrations, so that it runs a folder as written
 * with nothing but the database URL: each stream keeps its own history table (both streams
 * number from 1, and a shared table would skip the second stream or refuse it). They are
 * written when missing and never rewritten: they are the user's to edit.
 */

/** ToolContext is what the tools' own files say of the store. */
export interface ToolContext {
  readonly store: StoreConfig;
  readonly dialect: Dialect;
  /** The Metaxy configuration file, relative to the migrations folder (`/` separators); null when none was read. */
  readonly config: string | null;
}

/** toolFiles are the tool's own files of a migrations folder (paths relative to it); golang-migrate and plain have none (golang-migrate takes the table in its URL). */
export function toolFiles(format: Format, ctx: ToolContext): OutFile[] {
  const prefix = ctx.store.tablePrefix;
  switch (format) {
    case 'plain':
    case 'golang-migrate':
      return [];
    case 'alembic':
      return alembicFiles(ctx);
    case 'dbmate':
      return STREAMS.map((s) => ({ name: `${s}/.env`, text: dbmateEnv(s, historyTable(HISTORY_BASE.dbmate, s, prefix)) }));
    case 'flyway':
      return STREAMS.map((s) => ({ name: `${s}/flyway.toml`, text: flywayToml(s, historyTable(HISTORY_BASE.flyway, s, prefix)) }));
    case 'atlas':
      return [{ name: 'atlas.hcl', text: atlasHcl(prefix) }];
    default:
      return assertNever(format);
  }
}

/**
 * unsupportedTool says why a format's tool cannot apply a store of this dialect, or null when
 * it can: Atlas has no DuckDB or BigQuery driver (atlasgo.io/databases).
 */
export function unsupportedTool(format: Format, dialect: Dialect): string | null {
  if (format !== 'atlas' || dialect.tools.atlas) return null;
  return `Atlas cannot apply a ${dialect.label} store: it has no ${dialect.label} driver (Atlas supports PostgreSQL, and ClickHouse in its Pro plan, among the stores Metaxy has)`;
}

/** dbmateEnv is the `.env` dbmate reads from the folder it runs in (its --env-file default): the stream's own migrations table, and no schema dump. */
function dbmateEnv(stream: StreamName, table: string): string {
  return `# dbmate settings of the metaxy ${stream} stream (written by metaxy-compile when missing, never
# rewritten: yours to edit). dbmate reads this file in the folder it runs in:
#   cd <this folder> && DATABASE_URL=... dbmate up${stream === 'features' ? '      (after the system stream)' : ''}
DBMATE_MIGRATIONS_DIR=.
DBMATE_MIGRATIONS_TABLE=${table}
# No schema.sql: dbmate would dump both streams' tables with pg_dump into one file.
DBMATE_NO_DUMP_SCHEMA=true
`;
}

/** flywayToml is the flyway.toml Flyway reads in its working directory: the stream's own history table, and no placeholder replacement. */
function flywayToml(stream: StreamName, table: string): string {
  return `# Flyway project of the metaxy ${stream} stream (written by metaxy-compile when missing, never
# rewritten: yours to edit). Run in this folder${stream === 'features' ? ', after the system stream' : ''}:
#   flyway -url=jdbc:<database url> -user=<user> -password=<password> migrate

[flyway]
locations = ["filesystem:."]
table = "${table}"
# Flyway would replace \${...} anywhere in a migration, comments and strings included.
placeholderReplacement = false
# The schema holds the other stream's tables: Flyway starts a history on a non-empty schema only
# with a baseline; version 0 comes before migration 1, so every migration runs.
baselineOnMigrate = true
baselineVersion = "0"
`;
}

/** atlasHcl is the atlas.hcl of the folder: an env per stream, each with its own revisions schema. */
function atlasHcl(prefix: string): string {
  const envs = STREAMS.map(
    (s) => `env "${s}" {
  url = getenv("DATABASE_URL")
  migration {
    dir              = "file://${s}"
    revisions_schema = "${historyTable(HISTORY_BASE.atlas, s, prefix)}"
  }
}
`,
  );
  return `# Atlas project of a metaxy-compile migrations folder (written when missing, never rewritten:
# yours to edit): an env per stream, each recording its revisions in its own schema. Run in
# this folder, the system stream first:
#   atlas migrate apply --env system --url "$DATABASE_URL"
#   atlas migrate apply --env features --url "$DATABASE_URL" --allow-dirty
# (--allow-dirty matters for the features stream's first run only: Atlas starts a history on a
# database that holds tables, here the system stream's, only when told to.)

${envs.join('\n')}`;
}
