import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { createScript } from '../src/compile.js';
import { openPostgres, type PostgresEngine } from './engines/postgres.js';
import { upFiles } from './helpers/engine-check.js';
import { migrate, read, storeSchema } from './helpers/migrate-harness.js';
import { tempDir } from './helpers/temp.js';
import { runPython } from './helpers/python.js';

// Alembic's autogenerate (from the tests' Python: SQLAlchemy 2.0, Alembic 1.20, psycopg2) compares
// Metaxy's own SQLAlchemy metadata for the two system tables, written in
// helpers/metaxy-system-metadata.py from metaxy.md's facts, with a real PostgreSQL database built
// from our DDL: it must find nothing to do. The history written before issue 10 is the control
// that shows the comparison sees what it should.
const FIXTURE = new URL('fixtures/old-history/', import.meta.url).pathname;
const SCRIPT = new URL('helpers/metaxy-system-metadata.py', import.meta.url).pathname;

let pg: PostgresEngine;
before(async () => {
  pg = await openPostgres();
});
after(() => pg.close());

/** differences runs Alembic's compare_metadata against the engine's database. */
function differences(prefix: string): string[] {
  const url = pg.url!.replace(/^postgresql:/, 'postgresql+psycopg2:');
  const r = runPython(readFileSync(SCRIPT, 'utf8'), [url, prefix]);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as string[];
}

test('Alembic compare_metadata: Metaxy system tables against our PostgreSQL DDL find nothing, with and without a table prefix', async (t) => {
  if (pg.url === null) return t.skip('PGlite has no server for Python to connect to');
  for (const prefix of ['', 'prod_']) {
    const env: Record<string, string> = prefix === '' ? {} : { METAXY_STORES__POSTGRES__CONFIG__TABLE_PREFIX: prefix };
    await pg.reset();
    await pg.exec(createScript(await storeSchema(FIXTURE, 'features', 'postgres', env)));
    assert.deepEqual(differences(prefix), [], `prefix "${prefix}"`);
  }
});

test('Alembic compare_metadata: the system tables written before issue 10 differ from Metaxy in 24 places', async (t) => {
  if (pg.url === null) return t.skip('PGlite has no server for Python to connect to');
  await pg.reset();
  await pg.exec(readFileSync(`${FIXTURE}/migrations/postgres/system/0001_initial.sql`, 'utf8'));
  const found = differences('');
  assert.equal(found.length, 24, found.join('\n'));
  assert.ok(found.some((d) => d.includes("'add_column'") && d.includes('feature_class_path')));
});

test('Alembic compare_metadata: after the next migrate of that old history, nothing is left', async (t) => {
  if (pg.url === null) return t.skip('PGlite has no server for Python to connect to');
  const dir = tempDir('alembic-old');
  cpSync(FIXTURE, dir, { recursive: true });
  const history = path.join(dir, 'migrations', 'postgres');
  const added = await migrate(dir, 'features', 'postgres', history);
  await pg.reset();
  for (const f of upFiles(['system/0001_initial.sql', ...added.filter((f) => f.startsWith('system/'))])) await pg.exec(read(history, f));
  assert.deepEqual(differences(''), []);
});
