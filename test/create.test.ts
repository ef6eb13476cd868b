import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadInputs, resolveStore } from '../src/compile.js';
import { openDuckDB } from './engines/duckdb.js';
import type { Engine } from './engines/catalog.js';
import { openPostgres } from './engines/postgres.js';
import { goldenCases, shuffledCopy } from './helpers/cases.js';
import { runCli } from './helpers/cli.js';
import { expectedCatalog, presenceOfDefaults } from './helpers/expected-catalog.js';
import { expectGolden } from './helpers/golden.js';

// golden/create/<case>/: features + metaxy.toml whose stores are named after the golden files
// (<store>.sql). Each golden is compared byte for byte, then executed on the real engine and
// its catalog compared with the model.
const engines: Partial<Record<string, Engine>> = {};
before(async () => {
  engines.postgres = await openPostgres();
  engines.duckdb = await openDuckDB();
});
after(async () => {
  await engines.postgres?.close();
  await engines.duckdb?.close();
});

async function compileCase(dir: string, store: string, args: readonly string[]): Promise<string> {
  const r = await runCli(['features', '--store', store, ...args], dir);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout;
}

async function checkOnEngine(dir: string, store: string, args: readonly string[], sql: string): Promise<void> {
  const inputs = await loadInputs({ featuresDir: 'features', cwd: dir, env: {} });
  const { result } = resolveStore(inputs, { store, allProjects: args.includes('--all-projects') });
  assert.ok(result);
  const engine = engines[result.dialect.name];
  if (!engine) return; // ClickHouse and BigQuery are verified by their own tests
  await engine.reset();
  await engine.exec(sql);
  const actual = presenceOfDefaults(await engine.catalog());
  assert.deepEqual(actual, expectedCatalog(result.schema, result.dialect, result.dialect.name as 'postgres' | 'duckdb'));
}

for (const c of goldenCases('create')) {
  for (const store of c.stores) {
    test(`create/${c.name}/${store.name}: golden SQL, executed, catalog matches the model`, async () => {
      const sql = await compileCase(c.dir, store.name, c.args);
      expectGolden(path.join(c.dir, `${store.name}.sql`), sql);
      await checkOnEngine(c.dir, store.name, c.args, sql);
    });
  }
}

test('examples: every SQL store compiles; DuckDB and PostgreSQL DDL apply and match the model', async () => {
  const dir = new URL('../examples/', import.meta.url).pathname;
  for (const store of ['dev', 'prod']) {
    const sql = await compileCase(dir, store, []);
    await checkOnEngine(dir, store, [], sql);
  }
});

test('determinism: renamed, split and reordered spec files give the same SQL', async () => {
  for (const c of goldenCases('create')) {
    const copy = shuffledCopy(c.dir);
    for (const store of c.stores) {
      const before = readFileSync(path.join(c.dir, `${store.name}.sql`), 'utf8');
      assert.equal(await compileCase(copy, store.name, c.args), before, `${c.name}/${store.name}`);
    }
  }
});
