import type { StreamName } from './state.js';

/** HISTORY_BASE is each tool's default name of the table (Atlas: the schema) where it records what it applied. */
export const HISTORY_BASE = {
  alembic: 'alembic_version',
  dbmate: 'schema_migrations',
  flyway: 'flyway_schema_history',
  atlas: 'atlas_schema_revisions',
} as const;

/**
 * historyTable is where a tool records a stream: its default name, `_metaxy_<stream>`, and the
 * store's table prefix in front (two stores of one database keep apart histories), with every
 * character outside [A-Za-z0-9_] written as `_`, so that no tool's configuration needs quoting.
 */
export function historyTable(base: (typeof HISTORY_BASE)[keyof typeof HISTORY_BASE], stream: StreamName, prefix: string): string {
  return `${prefix.replace(/[^A-Za-z0-9_]/g, '_')}${base}_metaxy_${stream}`;
}
