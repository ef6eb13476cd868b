import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { MetaxyConfig } from './load.js';
import { dialectOfStoreType, type DialectName } from './stores.js';

/** StoreConfig is the store a compile targets: its dialect and the settings that shape names. */
export interface StoreConfig {
  readonly name: string;
  readonly type: string;
  readonly dialect: DialectName;
  readonly tablePrefix: string;
  /** BigQuery's dataset that qualifies every table; null elsewhere. */
  readonly dataset: string | null;
}

/** selectStore picks a store by name (the config's `store` by default) and its dialect. */
export function selectStore(config: MetaxyConfig, name: string | undefined): { store: StoreConfig | null; diagnostics: Diagnostic[] } {
  const wanted = name ?? config.store;
  const file = config.file ?? '<config>';
  const entry = config.stores[wanted];
  const known = Object.keys(config.stores).sort();
  if (!entry) {
    const span = { file, line: 1, col: 1 };
    return { store: null, diagnostics: [diag('UNKNOWN_STORE', span, wanted, known.length ? known.join(', ') : 'none configured')] };
  }
  const dialect = dialectOfStoreType(entry.type);
  if (dialect === undefined) return { store: null, diagnostics: [diag('UNKNOWN_STORE_TYPE', entry.span, wanted, entry.type)] };
  if (dialect === null) return { store: null, diagnostics: [diag('STORE_NOT_SQL', entry.span, wanted, entry.type)] };
  const prefix = entry.config.table_prefix ?? '';
  const dataset = entry.config.dataset_id ?? null;
  // BigQuery dataset names: letters, numbers and underscores, at most 1,024 characters.
  if (dialect === 'bigquery' && dataset !== null && !/^[A-Za-z0-9_]{1,1024}$/.test(String(dataset))) {
    return { store: null, diagnostics: [diag('CONFIG_INVALID', entry.span, `store "${wanted}"`, 'dataset_id must hold only letters, numbers and underscores (at most 1,024)')] };
  }
  return {
    store: {
      name: wanted,
      type: entry.type,
      dialect,
      tablePrefix: String(prefix),
      dataset: dialect === 'bigquery' && dataset !== null ? String(dataset) : null,
    },
    diagnostics: [],
  };
}
