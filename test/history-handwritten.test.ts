import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres } from './engines/postgres.js';
import { cli, historyProject } from './helpers/history.js';
import { catalogAfter, createSql, storeSchema } from './helpers/migrate-harness.js';
import { pythonTool } from './helpers/python.js';

// Migrations written by hand stay in the chain: `hash` takes them into the history after the
// recorded ones, and the next generated migration comes after them. Plain (file order, run on
// DuckDB) and Alembic (revision links: `alembic revision`, run on the folder as written, writes
// the hand-written one, Alembic itself walks the chain, and its offline SQL runs on PostgreSQL).

const engines: Record<string, Engine> = {};
before(async () => {
  engines.duckdb = await openDuckDB();
  engines.postgres = await openPostgres();
});
after(async () => {
  for (const e of Object.values(engines)) await e.close();
});

const migrate = (p: string, features: string, store: string, ...extra: string[]) => cli(p, 'migrate', `features-${features}`, '--store', store, '--dir', 'migrations', ...extra);
const hash = (p: string) => cli(p, 'hash', '--dir', 'migrations');
const state = (p: string) => JSON.parse(readFileSync(path.join(p, 'migrations/features/metaxy.state.json'), 'utf8')) as { files: string[]; lastNumber: number };
const BACKFILL = 'UPDATE video__raw SET path = lower(path);\n';

test('plain: a hand-written migration is taken in by hash, the next generated one is numbered after it, all apply in order', async () => {
  const p = historyProject('hand-plain');
  assert.equal((await migrate(p, 'one', 'duck')).code, 0);
  writeFileSync(path.join(p, 'migrations/features/0002_backfill.sql'), BACKFILL);
  const seen = await cli(p, 'check', 'features-one', '--store', 'duck', '--dir', 'migrations');
  assert.equal(seen.code, 1);
  assert.match(seen.stdout, /^migrations\/features\/0002_backfill\.sql:1:1: HISTORY_UNRECORDED: a migration the history does not record \(written by hand\?\): run `metaxy-compile hash --dir migrations` to take it into the history after the recorded ones, or remove it$/m);
  assert.deepEqual(await hash(p), { code: 0, stdout: 'migrations/features/0002_backfill.sql: taken into the history\n', stderr: '' });
  // Its reverse, written later, joins it.
  writeFileSync(path.join(p, 'migrations/features/0002_backfill.down.sql'), '-- nothing to undo\n');
  assert.equal((await hash(p)).code, 0);
  const written = await migrate(p, 'two', 'duck');
  assert.equal(written.code, 0, written.stderr);
  assert.match(written.stdout, /^wrote migrations\/features\/0003_add_column_video_raw\.sql$/m);
  assert.deepEqual(state(p), {
    ...state(p),
    files: ['0001_initial.sql', '0001_initial.down.sql', '0002_backfill.sql', '0002_backfill.down.sql', '0003_add_column_video_raw.sql', '0003_add_column_video_raw.down.sql'],
    lastNumber: 3,
  });
  const ups = ['system', 'features'].flatMap((s) => readdirSync(path.join(p, 'migrations', s)).filter((f) => /^\d{4}_.*(?<!\.down)\.sql$/.test(f)).sort().map((f) => readFileSync(path.join(p, 'migrations', s, f), 'utf8')));
  const want = await catalogAfter(engines.duckdb!, [createSql(await storeSchema(p, 'features-two', 'duck'))]);
  assert.deepEqual(await catalogAfter(engines.duckdb!, ups), want, 'the chain, hand-written step included, builds the features');
  assert.equal((await cli(p, 'check', 'features-two', '--store', 'duck', '--dir', 'migrations')).code, 0);
});

test('plain and flyway: a hand-written migration that would not run after the recorded ones is refused, naming the fix', async () => {
  const p = historyProject('hand-order');
  assert.equal((await migrate(p, 'one', 'pg')).code, 0);
  assert.equal((await migrate(p, 'two', 'pg')).code, 0);
  writeFileSync(path.join(p, 'migrations/features/0005_jump.sql'), BACKFILL);
  assert.equal((await hash(p)).code, 0, 'numbers may jump');
  for (const f of ['0001_early.sql', '0004_late.sql', '0006_a.sql', '0006_b.sql']) writeFileSync(path.join(p, 'migrations/features', f), BACKFILL);
  const r = await hash(p);
  assert.equal(r.code, 2);
  const at = (f: string, why: string) => `migrations/features/${f}:1:1: HISTORY_ORDER: cannot take this migration into the history: ${why}: renumber it after 6`;
  assert.deepEqual(r.stderr.trim().split('\n'), [
    at('0001_early.sql', 'number 1 is already taken by 0001_initial'),
    at('0004_late.sql', 'it is numbered 4, not after 5 (the last number the history used): tools that record the applied version would skip it on databases already migrated;').replace(';: ', '; '),
    at('0006_b.sql', 'number 6 is already taken by 0006_a'),
    '3 problems found; nothing written.',
  ]);

  const f = historyProject('hand-flyway');
  assert.equal((await migrate(f, 'one', 'pg', '--format', 'flyway')).code, 0);
  writeFileSync(path.join(f, 'migrations/features/V2__backfill.sql'), BACKFILL);
  writeFileSync(path.join(f, 'migrations/features/R__refresh_views.sql'), 'SELECT 1;\n');
  assert.equal((await hash(f)).code, 0);
  assert.match((await migrate(f, 'two', 'pg')).stdout, /^wrote migrations\/features\/V3__add_column_video_raw\.sql$/m);
  assert.deepEqual(state(f).files, ['V1__initial.sql', 'U1__initial.sql', 'V2__backfill.sql', 'R__refresh_views.sql', 'V3__add_column_video_raw.sql', 'U3__add_column_video_raw.sql']);
});

/** alembic runs Alembic's own command line on the features stream of a migrations folder, as its alembic.ini says. */
function alembic(dir: string, ...args: string[]): string {
  const r = spawnSync(pythonTool('alembic'), ['-c', path.join(dir, 'alembic.ini'), '-n', 'metaxy_features', ...args], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  assert.equal(r.status, 0, `alembic ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('alembic: a revision made by `alembic revision` stays in the chain; Alembic sees one head and its SQL runs on PostgreSQL', async () => {
  const p = historyProject('hand-alembic');
  assert.equal((await migrate(p, 'one', 'pg', '--format', 'alembic')).code, 0);
  const dir = path.join(p, 'migrations');
  const versions = path.join(dir, 'features/versions');
  // The folder as written: `alembic revision` uses its script.py.mako and chains to the generated head.
  alembic(dir, 'revision', '-m', 'backfill paths');
  const hand = readdirSync(versions).find((f) => f.endsWith('_backfill_paths.py'))!;
  const text = readFileSync(path.join(versions, hand), 'utf8').replace('def upgrade() -> None:\n    pass', `def upgrade() -> None:\n    op.execute(${JSON.stringify(BACKFILL.trim())})`);
  const id = /^revision = '(\w+)'$/m.exec(text)![1]!;
  assert.match(text, /^down_revision = 'metaxy_features_0001'$/m, 'Alembic chained it to the generated head');
  writeFileSync(path.join(versions, hand), text);
  assert.deepEqual(await hash(p), { code: 0, stdout: `migrations/features/versions/${hand}: taken into the history\n`, stderr: '' });

  assert.equal((await migrate(p, 'two', 'pg')).code, 0);
  const next = readFileSync(path.join(versions, '0002_add_column_video_raw.py'), 'utf8');
  assert.match(next, new RegExp(`^down_revision = "${id}"$`, 'm'), 'the generated migration follows the hand-written one');
  assert.match(alembic(dir, 'heads'), /^metaxy_features_0002 \(head\)$/m);
  const sql = alembic(dir, 'upgrade', 'head', '--sql');
  const order = ['CREATE TABLE video__raw', 'UPDATE video__raw SET path = lower(path)', 'ADD COLUMN fps'].map((s) => sql.indexOf(s));
  assert.ok(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!)), `Alembic runs them in chain order:\n${sql}`);
  const pg = engines.postgres!;
  const got = await catalogAfter(pg, [sql]);
  const want = await catalogAfter(pg, [createSql(await storeSchema(p, 'features-two', 'pg'))]);
  assert.deepEqual(got.tables.find((t) => t.name === 'video__raw'), want.tables.find((t) => t.name === 'video__raw'));

  // A revision that does not follow the head would fork the chain: refused, naming the head.
  writeFileSync(path.join(versions, 'f0e1d2c3b4a5_fork.py'), `revision = 'f0e1d2c3b4a5'\ndown_revision = 'metaxy_features_0001'\n`);
  const fork = await hash(p);
  assert.equal(fork.code, 2);
  assert.match(fork.stderr, /^migrations\/features\/versions\/f0e1d2c3b4a5_fork\.py:1:1: HISTORY_ORDER: cannot take this migration into the history: its down_revision is "metaxy_features_0001", not the head of the stream "metaxy_features_0002": set down_revision = "metaxy_features_0002" \(Alembic would see two heads\)$/m);
});
