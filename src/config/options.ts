import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { isRecord } from '../util/is-record.js';

/** ByField is how the two `*_by_field` system columns are typed. */
export type ByField = 'map' | 'json' | 'struct';

/** ClusterOptions place ClickHouse tables on a cluster: replicated tables, every statement ON CLUSTER. */
export interface ClusterOptions {
  readonly name: string;
  readonly zkPath: string;
}

/** CompileOptions are the compiler's own settings, from `[ext.compile]` (Python Metaxy ignores them). */
export interface CompileOptions {
  readonly injectPrimaryKey: boolean;
  readonly injectIndex: boolean;
  /** The `*_by_field` type when `by_field` is set; null follows Metaxy's runtime for the store (metaxy.md). */
  readonly byField: ByField | null;
  readonly cluster: ClusterOptions | null;
}

/** DEFAULT_OPTIONS are the settings when `[ext.compile]` is absent. */
export const DEFAULT_OPTIONS: CompileOptions = {
  injectPrimaryKey: false,
  injectIndex: false,
  byField: null,
  cluster: null,
};

const KNOWN = ['inject_primary_key', 'inject_index', 'by_field', 'cluster', 'zookeeper_path'];

/**
 * OptionError reports a problem with one option: its key (`stores.<name>.<key>` for a store's
 * own), and how to build the diagnostic once the loader knows where the key is written.
 */
export type OptionError = (key: string, build: (where: string, span: Span) => Diagnostic) => void;

/** CompileSettings are `[ext.compile]` for every store, with `[ext.compile.stores.<name>]` laid over per store. */
export interface CompileSettings {
  readonly global: CompileOptions;
  readonly stores: Readonly<Record<string, CompileOptions>>;
}

/** readCompileSettings validates `[ext.compile]` and its per-store tables; each problem goes to onError. */
export function readCompileSettings(raw: Record<string, unknown>, onError: OptionError): CompileSettings {
  const { stores = {}, ...globalRaw } = raw as { stores?: unknown } & Record<string, unknown>;
  const global = readCompileOptions(globalRaw, onError);
  const perStore: Record<string, CompileOptions> = {};
  for (const [name, table] of Object.entries(isRecord(stores) ? stores : {})) {
    const own = isRecord(table) ? table : {};
    readCompileOptions(own, (key, build) => onError(`stores.${name}.${key}`, build));
    perStore[name] = readCompileOptions({ ...globalRaw, ...own }, () => {});
  }
  return { global, stores: perStore };
}

/** optionsFor returns the options that apply to one store. */
export function optionsFor(settings: CompileSettings, store: string): CompileOptions {
  return settings.stores[store] ?? settings.global;
}

/**
 * readBool reads a boolean as pydantic does for Metaxy's settings: a TOML boolean, the integers
 * 0 and 1, or (from the environment) one of 1/0, true/false, t/f, yes/no, y/n, on/off in any
 * case; undefined otherwise.
 */
export function readBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 0 || v === 1) return v === 1;
  if (typeof v === 'string' && /^(1|true|t|yes|y|on)$/i.test(v.trim())) return true;
  if (typeof v === 'string' && /^(0|false|f|no|n|off)$/i.test(v.trim())) return false;
  return undefined;
}

/** readCompileOptions validates one table of options; each problem is reported through onError. */
export function readCompileOptions(raw: Record<string, unknown>, onError: OptionError): CompileOptions {
  for (const key of Object.keys(raw)) {
    if (key === 'distributed') onError(key, (where, span) => diag('CLICKHOUSE_DISTRIBUTED_REMOVED', span, where));
    else if (!KNOWN.includes(key)) onError(key, (where, span) => diag('CONFIG_INVALID', span, where, `is not a known option (known: ${KNOWN.join(', ')})`));
  }
  const bool = (key: string): boolean => {
    if (raw[key] === undefined) return false;
    const v = readBool(raw[key]);
    if (v === undefined) onError(key, (where, span) => diag('CONFIG_INVALID', span, where, 'must be true or false'));
    return v ?? false;
  };
  const byField = raw.by_field;
  const valid = byField === 'map' || byField === 'json' || byField === 'struct';
  if (byField !== undefined && !valid) onError('by_field', (where, span) => diag('CONFIG_INVALID', span, where, 'must be "map", "json" or "struct"'));
  const cluster = raw.cluster;
  if (cluster !== undefined && (typeof cluster !== 'string' || cluster === '')) onError('cluster', (where, span) => diag('CONFIG_INVALID', span, where, 'must be a cluster name'));
  return {
    injectPrimaryKey: bool('inject_primary_key'),
    injectIndex: bool('inject_index'),
    byField: valid ? byField : null,
    cluster:
      typeof cluster === 'string' && cluster !== ''
        ? { name: cluster, zkPath: typeof raw.zookeeper_path === 'string' ? raw.zookeeper_path : '/clickhouse/tables/{shard}/{database}/{table}' }
        : null,
  };
}
