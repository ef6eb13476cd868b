import assert from 'node:assert/strict';

import path from 'node:path';
import { after, before, test } from 'node:test';
import { openDuckDB } from './engines/duckdb.js';
import type { Engine } from './engines/catalog.js';
import { openPostgres } from './engines/postgres.js';
import { goldenCases } from './helpers/cases.js';
import { runCli } from './helpers/cli.js';
import { expectGolden } from './helpers/golden.js';
import { catalogAfter, createSql, insertRows, migrate, read, rowCounts, sortedCatalog, storeSchema } from './helpers/migrate-harness.js';
import { tempDir } from './helpers/temp.js';

// golden/migrate/<case>/: from/ and to/ feature folders (a metaxy.toml in the case, or its own
// in from/ or to/), args.txt for extra migrate flags. For each store: the second migration of
// the features stream is pinned as <store>.up.sql / <store>.down.sql (or, when the dialect
// refuses it, the reasons as <store>.refused.txt); then on PostgreSQL and DuckDB, the engine
// (ClickHouse and BigQuery run these cases in test/dialects/):
// create(from) + up == create(to); migrating again writes nothing; down gives back create(from);
// the rows inserted before the migration survive it.
const engines: Record<string, Engine> = {};
before(async () => {
  engines.postgres = await openPostgres();
  engines.duckdb = await openDuckDB();
});
after(async () => {
  for (const e of Object.values(engines)) await e.close();
});

for (const c of goldenCases('migrate')) {
  for (const store of c.stores) {
    test(`migrate/${c.name}/${store.name}`, async () => {
      const fromDir = path.join(c.dir, 'from');
      const toDir = path.join(c.dir, 'to');
      const dir = tempDir('mig');
      const first = await migrate(fromDir, 'features', store.name, dir, c.args);
      const attempt = await runCli(['migrate', 'features', '--store', store.name, '--dir', dir, ...c.args], toDir);
      if (attempt.code === 3) {
        // What the dialect cannot do in place is refused, the reasons pinned; nothing is written.
        expectGolden(path.join(c.dir, `${store.name}.refused.txt`), attempt.stderr.replaceAll(dir, '<dir>'));
        assert.equal(await migrate(toDir, 'features', store.name, dir, ['--allow-destructive'], 3).then(() => 'refused'), 'refused');
        return;
      }
      assert.equal(attempt.code, 0, attempt.stderr);
      const second = attempt.stdout
        .split('\n')
        .filter((l) => l.startsWith('wrote '))
        .map((l) => path.relative(dir, path.resolve(toDir, l.slice('wrote '.length))));
      if (second.length === 0) {
        // Nothing to migrate: the edit does not reach this dialect (e.g. keys toggled on ClickHouse).
        const [a, b] = [await storeSchema(fromDir, 'features', store.name), await storeSchema(toDir, 'features', store.name)];
        assert.equal(createSql(b), createSql(a), 'no migration only when the DDL is the same');
        return;
      }
      const up = second.find((f) => /^features\/0002_.*(?<!\.down)\.sql$/.test(f));
      const down = second.find((f) => /^features\/0002_.*\.down\.sql$/.test(f));
      assert.ok(up && down, `second migration written: ${second.join(', ')}`);
      expectGolden(path.join(c.dir, `${store.name}.up.sql`), read(dir, up));
      expectGolden(path.join(c.dir, `${store.name}.down.sql`), read(dir, down));
      assert.deepEqual(await migrate(toDir, 'features', store.name, dir, c.args), [], 'migrating again writes nothing');

      const engine = engines[store.dialect];
      if (!engine) return;
      const from = await storeSchema(fromDir, 'features', store.name);
      const to = await storeSchema(toDir, 'features', store.name);
      const history = first.filter((f) => f.endsWith('.sql') && !f.endsWith('.down.sql')).sort((a, b) => (a.startsWith('system') ? -1 : b.startsWith('system') ? 1 : 0));
      const fromCatalog = await catalogAfter(engine, [createSql(from)]);
      assert.deepEqual(await catalogAfter(engine, history.map((f) => read(dir, f))), fromCatalog, 'the first migration creates the from-schema');
      await engine.exec(insertRows(from));
      await engine.exec(read(dir, up));
      const migrated = sortedCatalog(await engine.catalog());
      const kept = to.schema.tables.filter((t) => from.schema.tables.some((f) => f.name === t.name || f.name === t.renamedFrom)).map((t) => t.name);
      const counts = await rowCounts(engine, to, kept);
      assert.deepEqual(counts, Object.fromEntries(kept.map((t) => [t, 1])), 'rows survive the migration');
      assert.deepEqual(migrated, await catalogAfter(engine, [createSql(to)]), 'create(from) + up == create(to)');
      await engine.reset();
      for (const f of history) await engine.exec(read(dir, f));
      await engine.exec(read(dir, up));
      await engine.exec(read(dir, down));
      assert.deepEqual(sortedCatalog(await engine.catalog()), fromCatalog, 'down gives back create(from)');
    });
  }
}
