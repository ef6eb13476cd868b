/**
 * Postgres test engine: a real, throwaway PostgreSQL server when server
 * binaries are installed, else in-process PGlite (also forced by PGLITE=1).
 *
 * One server per process is started lazily, listens only on a unix socket in a
 * private temp dir, and is shared by all open engines (one database each). It
 * is stopped and its dir deleted when the last engine closes, on process exit
 * and on SIGINT/SIGTERM/SIGHUP; a shell watchdog holding our stdin pipe also
 * kills it if this process dies without running any handler (e.g. SIGKILL).
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { accessSync, chownSync, closeSync, constants, mkdtempSync, openSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import pg from 'pg';
import type { Catalog, CatalogColumn, Engine } from './catalog.js';

type Row = Record<string, unknown>;

/** A Postgres engine; `kind` says whether it is a real server or PGlite. */
export interface PostgresEngine extends Engine {
  readonly name: 'postgres';
  readonly kind: 'server' | 'pglite';
  /** A libpq URL of this engine's database for other clients (e.g. Python's psycopg2); null for PGlite. */
  readonly url: string | null;
  /** The connection arguments of `psql` to this database (`-h <socket dir> -p <port> -U postgres -d <db>`); null for PGlite. */
  readonly psqlArgs: readonly string[] | null;
}

/** psqlBin is the `psql` beside the server binaries, else the one on PATH; null when there is none. */
export function psqlBin(): string | null {
  const bin = findPostgresBinDir();
  if (bin && isExecutable(join(bin, 'psql'))) return join(bin, 'psql');
  return (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'psql')).find(isExecutable) ?? null;
}

/**
 * Opens an empty Postgres database of the kind postgresKind() picks: its own
 * database on the shared real server, or a fresh PGlite (openPglite()).
 */
export async function openPostgres(): Promise<PostgresEngine> {
  return postgresKind() === 'server' ? openServerDatabase() : openPglite();
}

/** 'pglite' when PGLITE=1 (or true/yes) or no server binaries are found, else 'server'. */
export function postgresKind(): PostgresEngine['kind'] {
  return /^(1|true|yes)$/i.test(process.env.PGLITE ?? '') || !findPostgresBinDir() ? 'pglite' : 'server';
}

/** Opens a fresh in-memory PGlite instance (Postgres compiled to WASM). */
export async function openPglite(): Promise<PostgresEngine> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  const query = async (sql: string): Promise<Row[]> => ((await db.exec(sql)).at(-1)?.rows ?? []) as Row[];
  return makeEngine('pglite', query, () => db.close(), null);
}

/**
 * Directory holding `initdb` and `postgres`: from PATH (symlinks resolved),
 * else the highest-versioned /usr/lib/postgresql/<v>/bin; null if none.
 */
export function findPostgresBinDir(): string | null {
  const fromPath = (process.env.PATH ?? '').split(delimiter).filter((d) => d && isExecutable(join(d, 'initdb')));
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = readdirSync(root).sort((a, b) => parseFloat(b) - parseFloat(a));
  } catch {
    // no Debian-style install
  }
  const candidates = [...fromPath.map((d) => dirname(realpathSync(join(d, 'initdb')))), ...versions.map((v) => join(root, v, 'bin'))];
  return candidates.find((d) => isExecutable(join(d, 'initdb')) && isExecutable(join(d, 'postgres'))) ?? null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------
// Engine over any "run a script, give me the last rows" function.

const RESET_SQL = `ROLLBACK; RESET ALL;
DO $$ DECLARE s name; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' LOOP
    EXECUTE format('DROP SCHEMA %I CASCADE', s);
  END LOOP;
  CREATE SCHEMA public;
END $$;`;

function makeEngine(kind: PostgresEngine['kind'], run: (sql: string) => Promise<Row[]>, close: () => Promise<void>, url: string | null = null, psqlArgs: readonly string[] | null = null): PostgresEngine {
  const query = async (sql: string): Promise<Row[]> => {
    try {
      return await run(sql);
    } catch (err) {
      await run('ROLLBACK').catch(() => undefined); // a failed BEGIN block would otherwise stay aborted
      throw err;
    }
  };
  return {
    name: 'postgres',
    kind,
    url,
    psqlArgs,
    exec: async (sql) => void (await query(sql)),
    query,
    catalog: () => readCatalog(query),
    reset: async () => void (await query(RESET_SQL)),
    close,
  };
}

const TABLES = `SELECT c.relname AS tbl, obj_description(c.oid, 'pg_class') AS comment
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'public' AND c.relkind = 'r'`;
const COLUMNS = `SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
    a.attnotnull AS notnull, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS dflt,
    col_description(c.oid, a.attnum) AS comment
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
  ORDER BY c.relname, a.attnum`;
const PRIMARY_KEYS = `SELECT c.relname AS tbl, a.attname AS col
  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  CROSS JOIN LATERAL unnest(k.conkey) WITH ORDINALITY AS u(attnum, ord)
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = u.attnum
  WHERE n.nspname = 'public' AND k.contype = 'p'
  ORDER BY c.relname, u.ord`;
const INDEXES = `SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS uniq,
    CASE WHEN a.attname IS NOT NULL THEN a.attname ELSE pg_get_indexdef(x.indexrelid, k.n, true) END AS col
  FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = t.relnamespace
  CROSS JOIN LATERAL generate_series(1, x.indnkeyatts::int) AS k(n)
  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[k.n - 1] AND a.attnum > 0
  WHERE n.nspname = 'public' AND t.relkind = 'r' AND NOT x.indisprimary
  ORDER BY i.relname, k.n`;

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A CatalogTable under construction. */
interface Draft {
  name: string;
  comment: string | null;
  columns: CatalogColumn[];
  primaryKey: string[] | null;
  indexes: { name: string; columns: string[]; unique: boolean }[];
}

async function readCatalog(query: (sql: string) => Promise<Row[]>): Promise<Catalog> {
  const [tables, columns, keys, indexes] = [await query(TABLES), await query(COLUMNS), await query(PRIMARY_KEYS), await query(INDEXES)];
  const byTable = new Map<string, Draft>();
  for (const t of tables) byTable.set(String(t.tbl), { name: String(t.tbl), comment: str(t.comment), columns: [], primaryKey: null, indexes: [] });
  for (const c of columns) {
    byTable.get(String(c.tbl))?.columns.push({ name: String(c.name), type: String(c.type), nullable: c.notnull !== true, default: str(c.dflt), comment: str(c.comment) });
  }
  for (const k of keys) {
    const t = byTable.get(String(k.tbl));
    if (t) (t.primaryKey ??= []).push(String(k.col));
  }
  for (const r of indexes) {
    const t = byTable.get(String(r.tbl));
    if (!t) continue;
    const last = t.indexes.at(-1);
    if (last && last.name === r.name) last.columns.push(String(r.col));
    else t.indexes.push({ name: String(r.name), unique: r.uniq === true, columns: [String(r.col)] });
  }
  return { tables: [...byTable.values()].map((t) => ({ ...t, indexes: t.indexes.sort(byName) })).sort(byName) };
}

// ---------------------------------------------------------------------------
// The shared real server.

interface Server {
  readonly dir: string; // temp dir: data/, postgres.log, and the unix socket
  readonly port: number;
  child?: ChildProcess; // watchdog shell; postgres is its child
  admin?: pg.Client; // connection to database "postgres" for CREATE/DROP DATABASE
}

let current: Promise<Server> | null = null;
let refs = 0;
let dbCounter = 0;
const live = new Set<Server>(); // servers whose dir still exists, for synchronous exit cleanup

async function openServerDatabase(): Promise<PostgresEngine> {
  refs++;
  let server: Server;
  try {
    server = await (current ??= startServer());
  } catch (err) {
    current = null;
    await release();
    throw err;
  }
  const database = `engine_${++dbCounter}`;
  const client = new pg.Client({ host: server.dir, port: server.port, user: 'postgres', database });
  try {
    await server.admin!.query(`CREATE DATABASE ${database}`);
    await client.connect();
  } catch (err) {
    await release();
    throw err;
  }
  const run = async (sql: string): Promise<Row[]> => {
    const res = (await client.query(sql)) as pg.QueryResult | pg.QueryResult[];
    return (Array.isArray(res) ? res.at(-1)?.rows ?? [] : res.rows) as Row[];
  };
  let closed = false;
  const psqlArgs = ['-h', server.dir, '-p', String(server.port), '-U', 'postgres', '-d', database];
  return makeEngine(
    'server',
    run,
    async () => {
      if (closed) return;
      closed = true;
      await client.end();
      if (refs > 1) await server.admin!.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await release();
    },
    `postgresql://postgres@/${database}?host=${encodeURIComponent(server.dir)}&port=${server.port}`,
    psqlArgs,
  );
}

async function release(): Promise<void> {
  if (--refs > 0 || !current) return;
  const server = current;
  current = null;
  await stopServer(await server.catch(() => null));
}

// `sh -c WATCHDOG postgres args...` runs postgres and exits when it exits.
// Its watcher kills postgres (immediate shutdown) if our stdin pipe closes
// first, i.e. we died without cleaning up; only then the shell deletes
// $ENGINES_PG_DIR. The shell reaps all its children, so no zombies remain.
const WATCHDOG = `exec 3<&0
"$0" "$@" </dev/null &
pid=$!
(read _ <&3; kill -QUIT "$pid" 2>/dev/null) &
watcher=$!
wait "$pid"
kill "$watcher" 2>/dev/null
wait "$watcher" && rm -rf "$ENGINES_PG_DIR"`;

async function startServer(): Promise<Server> {
  const bin = findPostgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries found');
  const user = serverUser();
  const server: Server = { dir: mkdtempSync(join(tmpdir(), 'engines-pg-')), port: 20000 + Math.floor(Math.random() * 40000) };
  live.add(server);
  hookProcessExit();
  const data = join(server.dir, 'data');
  const logPath = join(server.dir, 'postgres.log');
  try {
    if (user) chownSync(server.dir, user.uid, user.gid);
    await runChecked(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { cwd: server.dir, ...user });
    const log = openSync(logPath, 'a');
    const settings = ['listen_addresses=', `unix_socket_directories=${server.dir}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off'];
    const args = ['-c', WATCHDOG, join(bin, 'postgres'), '-D', data, '-p', String(server.port), ...settings.flatMap((s) => ['-c', s])];
    const env = { ...process.env, ENGINES_PG_DIR: server.dir };
    server.child = spawn('/bin/sh', args, { cwd: server.dir, env, stdio: ['pipe', log, log], detached: true, ...user });
    closeSync(log);
    server.admin = await connectWhenReady(server, logPath);
    server.child.unref(); // the pipe keeps the watchdog armed without holding the event loop
    (server.child.stdin as unknown as { unref(): void }).unref();
    return server;
  } catch (err) {
    await stopServer(server);
    throw err;
  }
}

async function connectWhenReady(server: Server, logPath: string): Promise<pg.Client> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (server.child!.exitCode !== null || server.child!.signalCode !== null) {
      throw new Error(`postgres exited during startup:\n${readFileSync(logPath, 'utf8').slice(-2000)}`);
    }
    const client = new pg.Client({ host: server.dir, port: server.port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`postgres not ready after 30s: ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

async function stopServer(server: Server | null): Promise<void> {
  if (!server) return;
  await server.admin?.end().catch(() => undefined);
  const child = server.child;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.ref();
    const exited = new Promise((r) => child.once('exit', r));
    const pid = postmasterPid(server);
    if (pid) signal(pid, 'SIGQUIT'); // immediate shutdown: the data is throwaway
    else child.stdin?.destroy(); // not up yet: let the watchdog do it
    await exited;
  }
  removeDir(server);
  child?.stdin?.destroy(); // disarms the watchdog
}

function postmasterPid(server: Server): number {
  try {
    return Number(readFileSync(join(server.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || 0;
  } catch {
    return 0; // not started, or already gone
  }
}

/** Sends a signal; false if the process does not exist. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

function removeDir(server: Server): void {
  try {
    rmSync(server.dir, { recursive: true, force: true });
  } catch {
    // best effort (the watchdog may be deleting it too)
  }
  live.delete(server);
}

/** uid/gid to run the server as when we are root (initdb refuses root); creates user `postgres` if missing. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string): number => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  if (spawnSync('id', ['postgres']).status !== 0) {
    const r = spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`useradd postgres failed: ${r.stderr}`);
  }
  return { uid: id('-u'), gid: id('-g') };
}

function runChecked(cmd: string, args: string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} exited with ${code}:\n${output}`))));
  });
}

let hooked = false;

/** Kills live servers synchronously on exit and on termination signals. */
function hookProcessExit(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAllSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAllSync();
      process.kill(process.pid, sig); // listener is gone now: default action
    });
  }
}

function killAllSync(): void {
  for (const server of live) {
    const pid = postmasterPid(server);
    const until = Date.now() + 5000;
    if (pid && signal(pid, 'SIGQUIT')) {
      while (signal(pid, 0) && Date.now() < until) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
    removeDir(server);
  }
}
