/** ByField is how the two `*_by_field` system columns are typed. */
export type ByField = 'map' | 'json' | 'struct';

/** ClusterOptions place ClickHouse tables on a cluster. */
export interface ClusterOptions {
  readonly name: string;
  /** Wrap each table in a Distributed table of this suffix (e.g. `_local` storage + distributed front). */
  readonly distributed: boolean;
  readonly zkPath: string;
}

/** CompileOptions are the compiler's own settings, from `[ext.compile]` (Python Metaxy ignores them). */
export interface CompileOptions {
  readonly injectPrimaryKey: boolean;
  readonly injectIndex: boolean;
  readonly byField: ByField;
  readonly cluster: ClusterOptions | null;
}

/** DEFAULT_OPTIONS are the settings when `[ext.compile]` is absent. */
export const DEFAULT_OPTIONS: CompileOptions = {
  injectPrimaryKey: false,
  injectIndex: false,
  byField: 'map',
  cluster: null,
};

const KNOWN = ['inject_primary_key', 'inject_index', 'by_field', 'cluster', 'distributed', 'zookeeper_path'];

/** CompileSettings are `[ext.compile]` for every store, with `[ext.compile.stores.<name>]` laid over per store. */
export interface CompileSettings {
  readonly global: CompileOptions;
  readonly stores: Readonly<Record<string, CompileOptions>>;
}

/** readCompileSettings validates `[ext.compile]` and its per-store tables; each problem goes to onError(key, detail). */
export function readCompileSettings(raw: Record<string, unknown>, onError: (key: string, detail: string) => void): CompileSettings {
  const { stores = {}, ...globalRaw } = raw as { stores?: unknown } & Record<string, unknown>;
  const global = readCompileOptions(globalRaw, onError);
  const perStore: Record<string, CompileOptions> = {};
  for (const [name, table] of Object.entries(isTable(stores) ? stores : {})) {
    const own = isTable(table) ? table : {};
    readCompileOptions(own, (key, detail) => onError(`stores.${name}.${key}`, detail));
    perStore[name] = readCompileOptions({ ...globalRaw, ...own }, () => {});
  }
  return { global, stores: perStore };
}

/** optionsFor returns the options that apply to one store. */
export function optionsFor(settings: CompileSettings, store: string): CompileOptions {
  return settings.stores[store] ?? settings.global;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** readCompileOptions validates one table of options; each problem is reported through onError(key, detail). */
export function readCompileOptions(raw: Record<string, unknown>, onError: (key: string, detail: string) => void): CompileOptions {
  for (const key of Object.keys(raw)) {
    if (!KNOWN.includes(key)) onError(key, `is not a known option (known: ${KNOWN.join(', ')})`);
  }
  const bool = (key: string): boolean => {
    const v = raw[key];
    if (v === undefined) return false;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string' && /^(true|1|yes|on)$/i.test(v)) return true;
    if (typeof v === 'string' && /^(false|0|no|off)$/i.test(v)) return false;
    onError(key, 'must be true or false');
    return false;
  };
  const byField = raw.by_field ?? 'map';
  if (byField !== 'map' && byField !== 'json' && byField !== 'struct') onError('by_field', 'must be "map", "json" or "struct"');
  const cluster = raw.cluster;
  if (cluster !== undefined && (typeof cluster !== 'string' || cluster === '')) onError('cluster', 'must be a cluster name');
  return {
    injectPrimaryKey: bool('inject_primary_key'),
    injectIndex: bool('inject_index'),
    byField: byField === 'json' || byField === 'struct' ? byField : 'map',
    cluster:
      typeof cluster === 'string' && cluster !== ''
        ? {
            name: cluster,
            distributed: bool('distributed'),
            zkPath: typeof raw.zookeeper_path === 'string' ? raw.zookeeper_path : '/clickhouse/tables/{shard}/{database}/{table}',
          }
        : null,
  };
}
