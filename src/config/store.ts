import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MetaxyConfig } from './load.js';
import { optionsFor } from './options.js';
import { dialectOfStoreType, type DialectName } from './stores.js';
import { isRecord } from '../util/is-record.js';

/** StoreConfig is the store a compile targets: its dialect and the settings that shape names. */
export interface StoreConfig {
  readonly name: string;
  readonly type: string;
  readonly dialect: DialectName;
  readonly tablePrefix: string;
  /** BigQuery's dataset that qualifies every table; null elsewhere. */
  readonly dataset: string | null;
  /** A DuckDB store with a `ducklake` attachment: its tables live in DuckLake (NOT NULL, but no keys or indexes). */
  readonly ducklake: boolean;
}

/**
 * bigqueryDataset is the dataset Metaxy's BigQuery store writes into: Ibis connects with
 * `connection_params` when the store has them (their `dataset_id`), else with `dataset_id`.
 */
function bigqueryDataset(config: Readonly<Record<string, unknown>>): string | null {
  const params = config.connection_params;
  const dataset = (isRecord(params) ? params.dataset_id : undefined) ?? config.dataset_id;
  return dataset === undefined || dataset === null || dataset === '' ? null : String(dataset);
}

/** selectStore picks a store by name (the config's `store` by default) and its dialect. */
export function selectStore(config: MetaxyConfig, name: string | undefined): { store: StoreConfig | null; diagnostics: Diagnostic[] } {
  const wanted = name ?? config.store;
  const file = config.file ?? '<config>';
  const entry = config.stores[wanted];
  const known = Object.keys(config.stores).sort();
  if (!entry) {
    const span = { file, line: 1, col: 1 };
    if (config.file === null && known.length === 0) return { store: null, diagnostics: [notFound(config, wanted)] };
    return { store: null, diagnostics: [diag('UNKNOWN_STORE', span, wanted, known.length ? known.join(', ') : 'none configured')] };
  }
  const dialect = dialectOfStoreType(entry.type);
  if (dialect === undefined) return { store: null, diagnostics: [diag('UNKNOWN_STORE_TYPE', entry.span, wanted, entry.type)] };
  if (dialect === null) return { store: null, diagnostics: [diag('STORE_NOT_SQL', entry.span, wanted, entry.type)] };
  const dataset = dialect === 'bigquery' ? bigqueryDataset(entry.config) : null;
  // BigQuery dataset names: letters, numbers and underscores, at most 1,024 characters.
  if (dataset !== null && !/^[A-Za-z0-9_]{1,1024}$/.test(dataset)) {
    return { store: null, diagnostics: [diag('CONFIG_INVALID', entry.span, `store "${wanted}"`, 'dataset_id must hold only letters, numbers and underscores (at most 1,024)')] };
  }
  const store: StoreConfig = {
    name: wanted,
    type: entry.type,
    dialect,
    tablePrefix: String(entry.config.table_prefix ?? ''),
    dataset,
    ducklake: dialect === 'duckdb' && isRecord(entry.config.ducklake),
  };
  const diagnostics = store.ducklake ? ducklakeConflicts(config, wanted) : [];
  return { store: diagnostics.length === 0 ? store : null, diagnostics };
}

/** ducklakeConflicts reports `inject_primary_key` / `inject_index` set for a DuckLake store, where each is written. */
function ducklakeConflicts(config: MetaxyConfig, store: string): Diagnostic[] {
  const options = optionsFor(config.compile, store);
  const set = [
    ['inject_primary_key', options.injectPrimaryKey],
    ['inject_index', options.injectIndex],
  ] as const;
  return set
    .filter(([, on]) => on)
    .map(([key]) => {
      const own = `stores.${store}.${key}`;
      const where = config.optionSpans[own] ? own : key;
      const span = config.optionSpans[where] ?? { file: config.file ?? '<config>', line: 1, col: 1 };
      return diag('DUCKLAKE_NO_KEYS', span, `[ext.compile] ${where}`, store);
    });
}

/** notFound says that no configuration was found, where discovery looked, and which store was wanted. */
function notFound(config: MetaxyConfig, wanted: string): Diagnostic {
  const where = config.searched.map((d) => `${d} or its parents`).join(', nor in ');
  return diag('CONFIG_NOT_FOUND', { file: '<config>', line: 1, col: 1 }, where, wanted);
}
