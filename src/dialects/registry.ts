import type { DialectName } from '../config/stores.js';
import type { Dialect } from './dialect.js';
import { duckdb } from './duckdb.js';
import { postgres } from './postgres.js';

/** DIALECTS is the only list of dialects. */
export const DIALECTS: Readonly<Partial<Record<DialectName, Dialect>>> = { postgres, duckdb };

/** dialectFor returns the dialect of a name, or undefined when none is built yet. */
export function dialectFor(name: DialectName): Dialect | undefined {
  return DIALECTS[name];
}
