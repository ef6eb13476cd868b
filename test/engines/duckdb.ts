/**
 * DuckDB test engine: an in-memory `@duckdb/node-api` instance.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Catalog, CatalogColumn, Engine } from './catalog.js';

type Row = Record<string, unknown>;

/**
 * Opens a fresh in-memory DuckDB. `query()` rows use DuckDB's JSON-friendly
 * conversion (BIGINT/DECIMAL become strings, lists become arrays).
 * `reset()` swaps in a brand-new instance.
 */
export async function openDuckDB(): Promise<Engine> {
  let instance = await DuckDBInstance.create(':memory:');
  let conn = await instance.connect();

  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      await conn.run('ROLLBACK').catch(() => undefined); // leave no aborted transaction behind
      throw err;
    }
  };
  const query = (sql: string): Promise<Row[]> => guarded(() => lastRows(conn, sql));
  const shutdown = (): void => {
    conn.closeSync();
    instance.closeSync();
  };

  return {
    name: 'duckdb',
    exec: (sql) => guarded(async () => void (await conn.run(sql))),
    query,
    catalog: () => readCatalog(query),
    async reset() {
      shutdown();
      instance = await DuckDBInstance.create(':memory:');
      conn = await instance.connect();
    },
    async close() {
      shutdown();
    },
  };
}

/** Runs every statement in `sql` in order; returns the rows of the last one. */
async function lastRows(conn: DuckDBConnection, sql: string): Promise<Row[]> {
  let statements;
  try {
    statements = await conn.extractStatements(sql);
  } catch {
    // Zero statements (comment-only) or a syntax error, both with an opaque
    // "Error in native callback"; run() succeeds or throws the real error.
    await conn.run(sql);
    return [];
  }
  let rows: Row[] = [];
  for (let i = 0; i < statements.count; i++) {
    const prepared = await statements.prepare(i); // prepared lazily, so later statements see earlier DDL
    try {
      rows = (await prepared.runAndReadAll()).getRowObjectsJson() as Row[];
    } finally {
      prepared.destroySync();
    }
  }
  return rows;
}

const WHERE_MAIN = `database_name = current_database() AND schema_name = 'main'`;
const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** A CatalogTable under construction. */
interface Draft {
  name: string;
  comment: string | null;
  columns: CatalogColumn[];
  primaryKey: string[] | null;
  indexes: { name: string; columns: string[]; unique: boolean }[];
}

async function readCatalog(query: (sql: string) => Promise<Row[]>): Promise<Catalog> {
  const tables = await query(`SELECT table_name, comment FROM duckdb_tables() WHERE ${WHERE_MAIN}`);
  const columns = await query(`SELECT table_name, column_name, data_type, is_nullable, column_default, comment
    FROM duckdb_columns() WHERE ${WHERE_MAIN} ORDER BY table_name, column_index`);
  const constraints = await query(`SELECT table_name, constraint_type, constraint_name, constraint_column_names
    FROM duckdb_constraints() WHERE ${WHERE_MAIN} AND constraint_type IN ('PRIMARY KEY', 'UNIQUE')`);
  // duckdb_indexes() lists CREATE [UNIQUE] INDEX only, never PK/UNIQUE-constraint indexes.
  const indexes = await query(`SELECT table_name, index_name, is_unique, expressions FROM duckdb_indexes() WHERE ${WHERE_MAIN}`);
  const byTable = new Map<string, Draft>();
  for (const t of tables) {
    byTable.set(String(t.table_name), { name: String(t.table_name), comment: str(t.comment), columns: [], primaryKey: null, indexes: [] });
  }
  for (const c of columns) {
    const t = byTable.get(String(c.table_name)); // views also appear in duckdb_columns(); skip them
    if (!t) continue;
    t.columns.push({ name: String(c.column_name), type: String(c.data_type), nullable: c.is_nullable === true, default: str(c.column_default), comment: str(c.comment) });
  }
  for (const k of constraints) {
    const t = byTable.get(String(k.table_name));
    if (!t) continue;
    const cols = (k.constraint_column_names as unknown[]).map(String);
    if (k.constraint_type === 'PRIMARY KEY') t.primaryKey = cols;
    else t.indexes.push({ name: String(k.constraint_name), columns: cols, unique: true });
  }
  for (const i of indexes) {
    byTable.get(String(i.table_name))?.indexes.push({ name: String(i.index_name), columns: parseExpressions(i.expressions), unique: i.is_unique === true });
  }
  const out = [...byTable.values()].map((t) => ({ ...t, indexes: t.indexes.sort(byName) }));
  return { tables: out.sort(byName) };
}

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/**
 * Parses `duckdb_indexes().expressions`, a VARCHAR rendering of a list such as
 * `[b, id]` or `['"Weird Col"', '(lower("name"))']`: elements needing it are
 * single-quoted with backslash escapes. Double-quoted identifiers are unquoted;
 * expressions are returned as text.
 */
export function parseExpressions(value: unknown): string[] {
  const items: string[] = [];
  if (Array.isArray(value)) items.push(...value.map(String));
  else {
    const body = String(value ?? '').trim().replace(/^\[/, '').replace(/\]$/, '');
    let cur = '';
    let quoted = false;
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (quoted) {
        if (ch === '\\' && i + 1 < body.length) cur += body[++i];
        else if (ch === "'") quoted = false;
        else cur += ch;
      } else if (ch === "'" && cur.trim() === '') {
        quoted = true;
        cur = '';
      } else if (ch === ',') {
        items.push(cur.trim());
        cur = '';
      } else cur += ch;
    }
    if (body.trim() !== '') items.push(cur.trim());
  }
  return items.map((e) => (/^"(?:[^"]|"")*"$/.test(e) ? e.slice(1, -1).replace(/""/g, '"') : e));
}
