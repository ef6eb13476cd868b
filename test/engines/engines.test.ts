/**
 * Proves the engine harness on real engines: Postgres (server, or PGlite when
 * no binaries), PGlite forced via PGLITE=1, and DuckDB.
 * Run: node test/run.mjs test/engines/engines.test.ts
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Catalog, Engine } from './catalog.js';
import { openDuckDB, parseExpressions } from './duckdb.js';
import { openPostgres, postgresKind } from './postgres.js';

const SCRIPT = `-- schema under test
BEGIN;
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,           -- commented column
  status TEXT NOT NULL DEFAULT 'active',
  org_id INTEGER,
  created_at TIMESTAMP
);
CREATE UNIQUE INDEX users_org_email_idx ON users (org_id, email);
CREATE INDEX users_status_created_idx ON users (status, created_at);
COMMIT;
COMMENT ON TABLE users IS 'Registered users';
COMMENT ON COLUMN users.email IS 'Login e-mail';
-- key declared out of column order, plus an unnamed unique constraint
CREATE TABLE memberships (
  user_id INTEGER NOT NULL,
  org_id INTEGER NOT NULL,
  role TEXT,
  PRIMARY KEY (org_id, user_id),
  UNIQUE (role, user_id)
);
`;

/** Expected catalog, parameterised by each engine's type and default spelling. */
function expected(t: { int: string; text: string; ts: string; active: string }): Catalog {
  const col = (name: string, type: string, nullable: boolean, dflt: string | null = null, comment: string | null = null) => ({ name, type, nullable, default: dflt, comment });
  return {
    tables: [
      {
        name: 'memberships',
        comment: null,
        columns: [col('user_id', t.int, false), col('org_id', t.int, false), col('role', t.text, true)],
        primaryKey: ['org_id', 'user_id'],
        indexes: [{ name: 'memberships_role_user_id_key', columns: ['role', 'user_id'], unique: true }],
      },
      {
        name: 'users',
        comment: 'Registered users',
        columns: [
          col('id', t.int, false),
          col('email', t.text, false, null, 'Login e-mail'),
          col('status', t.text, false, t.active),
          col('org_id', t.int, true),
          col('created_at', t.ts, true),
        ],
        primaryKey: ['id'],
        indexes: [
          { name: 'users_org_email_idx', columns: ['org_id', 'email'], unique: true },
          { name: 'users_status_created_idx', columns: ['status', 'created_at'], unique: false },
        ],
      },
    ],
  };
}

const PG = expected({ int: 'integer', text: 'text', ts: 'timestamp without time zone', active: "'active'::text" });
const DUCK = expected({ int: 'INTEGER', text: 'VARCHAR', ts: 'TIMESTAMP', active: "'active'" });

async function roundTrip(engine: Engine, want: Catalog): Promise<void> {
  await engine.exec(SCRIPT);
  assert.deepEqual(await engine.catalog(), want);

  // query() returns the last statement's rows; a failing BEGIN block is rolled back.
  await engine.exec(`INSERT INTO users (id, email) VALUES (1, 'a@x')`);
  let failed = false;
  await engine.exec(`BEGIN; INSERT INTO users (id, email) VALUES (2, 'b@x'); SELECT no_such_column FROM users; COMMIT;`).catch(() => (failed = true));
  assert.ok(failed, 'broken script must reject');
  assert.deepEqual(await engine.query(`SELECT 0 AS x; SELECT CAST(count(*) AS INTEGER) AS n, min(status) AS s FROM users`), [{ n: 1, s: 'active' }]);

  await engine.reset();
  assert.deepEqual(await engine.catalog(), { tables: [] });
  await engine.exec(SCRIPT); // the emptied engine is fully usable again
  assert.deepEqual((await engine.catalog()).tables.length, 2);
}

async function withEngine<E extends Engine>(open: () => Promise<E>, body: (e: E) => Promise<void>): Promise<void> {
  const engine = await open();
  try {
    await body(engine);
  } finally {
    await engine.close();
  }
}

test('postgres (server when binaries exist)', () =>
  withEngine(openPostgres, async (pg) => {
    assert.deepEqual(pg.kind, postgresKind());
    await roundTrip(pg, PG);
  }));

test('postgres with PGLITE=1 uses PGlite', async () => {
  const saved = process.env.PGLITE;
  process.env.PGLITE = '1';
  try {
    await withEngine(openPostgres, async (pg) => {
      assert.deepEqual(pg.kind, 'pglite');
      await roundTrip(pg, PG);
    });
  } finally {
    if (saved === undefined) delete process.env.PGLITE;
    else process.env.PGLITE = saved;
  }
});

test('duckdb', () => withEngine(openDuckDB, (duck) => roundTrip(duck, DUCK)));

test('duckdb: index expressions parsing', () =>
  withEngine(openDuckDB, async (duck) => {
    await duck.exec(`CREATE TABLE "My T" (id INT, "a,b" INT, "it's" INT, "Up" INT);
      CREATE INDEX i ON "My T" ("a,b", "it's", "Up", id DESC, (id + 1), lower(CAST("Up" AS VARCHAR)));`);
    const [table] = (await duck.catalog()).tables;
    assert.deepEqual(table?.indexes[0]?.columns, ['a,b', "it's", 'Up', 'id', '((id + 1))', '(lower(CAST(Up AS VARCHAR)))']);
    assert.deepEqual(parseExpressions(`['"x""y"', plain]`), ['x"y', 'plain']);
  }));

test('two postgres engines share one server but not data', async () => {
  const [a, b] = await Promise.all([openPostgres(), openPostgres()]);
  try {
    await a.exec('CREATE TABLE only_in_a (x int)');
    assert.deepEqual((await b.catalog()).tables, []);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});


