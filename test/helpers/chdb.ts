import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Session } from 'chdb';
import { tempDir } from './temp.js';

// chDB is ClickHouse itself, embedded (npm `chdb`, its engine in @chdb/lib-linux-x64-gnu). It
// runs no distributed-DDL worker, so ON CLUSTER statements are parsed as written and executed
// without the clause; the configuration below gives it the cluster `main` (one local shard),
// the {shard}/{replica} macros and an in-process ZooKeeper, so ReplicatedMergeTree and
// Distributed tables are really created.
const CONFIG = `<clickhouse>
  <zookeeper><implementation>testkeeper</implementation></zookeeper>
  <macros><shard>01</shard><replica>r1</replica></macros>
  <remote_servers><main><shard><replica><host>localhost</host><port>9000</port></replica></shard></main></remote_servers>
</clickhouse>`;

/** ChColumn is one column as system.columns reports it. */
export interface ChColumn {
  readonly name: string;
  readonly type: string;
  readonly default: string | null;
  readonly comment: string;
}

/** ChTable is one table as system.tables and system.columns report it. */
export interface ChTable {
  readonly name: string;
  readonly engine: string;
  readonly sortingKey: string;
  readonly comment: string;
  readonly columns: readonly ChColumn[];
}

/** ClickHouseEngine is a live chDB session with one fresh database per reset(). */
export interface ClickHouseEngine {
  readonly version: string;
  /** exec runs one statement in the current database. */
  exec(sql: string): void;
  /** rows runs a query and returns its rows. */
  rows(sql: string): Record<string, unknown>[];
  /** format parses a statement with ClickHouse's own parser and prints it back (formatQuery); throws on a syntax error. */
  format(sql: string): string;
  /** catalog reads the current database's tables, sorted by name. */
  catalog(): ChTable[];
  /** reset switches to a new empty database (replicated tables' ZooKeeper paths include it, so they never clash). */
  reset(): void;
  close(): void;
}

const lit = (s: string) => `'${s.replace(/[\\']/g, (m) => `\\${m}`)}'`;

/** openClickHouse starts chDB with the cluster configuration. One per process (chDB's engine is a singleton). */
export function openClickHouse(): ClickHouseEngine {
  const dir = tempDir('chdb');
  const config = path.join(dir, 'config.xml');
  writeFileSync(config, CONFIG);
  const session = new Session(path.join(dir, 'data'), { connectionArgs: [`--config-file=${config}`] });
  let n = 0;
  let db = '';
  const rows = (sql: string) =>
    session
      .query(sql, 'JSONEachRow')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const engine: ClickHouseEngine = {
    version: String(rows('SELECT version() AS v')[0]!.v),
    exec: (sql) => void session.query(sql, 'CSV'),
    rows,
    format: (sql) => String(rows(`SELECT formatQuery(${lit(sql)}) AS f`)[0]!.f),
    catalog() {
      const tables = rows(`SELECT name, engine, sorting_key, comment FROM system.tables WHERE database = ${lit(db)} ORDER BY name`);
      const cols = rows(`SELECT table, name, type, default_expression, comment FROM system.columns WHERE database = ${lit(db)} ORDER BY table, position`);
      return tables.map((t) => ({
        name: String(t.name),
        engine: String(t.engine),
        sortingKey: String(t.sorting_key),
        comment: String(t.comment),
        columns: cols
          .filter((c) => c.table === t.name)
          .map((c) => ({ name: String(c.name), type: String(c.type), default: c.default_expression === '' ? null : String(c.default_expression), comment: String(c.comment) })),
      }));
    },
    reset() {
      const old = db;
      db = `mxc_${++n}`;
      session.query(`CREATE DATABASE ${db}`, 'CSV');
      session.query(`USE ${db}`, 'CSV');
      if (old !== '') session.query(`DROP DATABASE ${old} SYNC`, 'CSV');
    },
    close() {
      // chDB does not shut down while replicated or distributed tables exist: drop them first.
      session.query('USE default', 'CSV');
      session.query(`DROP DATABASE ${db} SYNC`, 'CSV');
      session.close();
    },
  };
  engine.reset();
  return engine;
}

/**
 * localForm is how a cluster statement runs on this single chDB node: without its ON CLUSTER
 * clause (that clause only fans the same statement out to every host), and, when `replicated`
 * is false, with MergeTree for ReplicatedMergeTree (chDB's replicas stay read-only, so ALTERs
 * on them cannot run here).
 */
export function localForm(sql: string, clusterName: string, replicated: boolean): string {
  const [first, ...rest] = sql.split('\n');
  let out = [first!.replace(` ON CLUSTER ${clusterName}`, ''), ...rest].join('\n');
  if (!replicated) out = out.replace(/ReplicatedMergeTree\('(?:[^'\\]|\\.)*', '\{replica\}'\)/g, 'MergeTree');
  return out;
}
