import type { DialectName } from '../config/stores.js';
import { bigquery } from './bigquery.js';
import { clickhouse } from './clickhouse.js';
import type { Dialect } from './dialect.js';
import { duckdb } from './duckdb.js';
import { postgres } from './postgres.js';

/** DIALECTS is the only list of dialects. */
export const DIALECTS: Readonly<Record<DialectName, Dialect>> = { postgres, duckdb, clickhouse, bigquery };

/** dialectFor returns the dialect of a name. */
export function dialectFor(name: DialectName): Dialect {
  return DIALECTS[name];
}
