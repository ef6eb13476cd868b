import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { builtCli } from './helpers/built-cli.js';
import { cli, historyProject, spawnCli, type SpawnResult } from './helpers/history.js';
import { catalogAfter, createSql, storeSchema } from './helpers/migrate-harness.js';

// 60 `migrate` runs of the built executable, started at once as separate processes on one
// folder, each with features of its own (a column c<i> of its own, the previous run's dropped),
// while `check` processes read the folder. The folder lock serialises them: every run writes
// exactly one migration, diffed against the history the run before it left (no lost update,
// no two migrations with one number), and the history they leave is accepted by check and
// migrate, and applies on DuckDB to exactly the tables of the last run's features.

const RUNS = 60;
const main = builtCli();
let duck: Engine;
before(async () => {
  duck = await openDuckDB();
});
after(async () => {
  await duck.close();
});

const spec = (i: number) => `key: video/raw\nid_columns: [video_id]\ncolumns:\n  video_id: string\n  path: string\n  c${i}: int32?\n`;

test(`${RUNS} concurrent migrate runs leave a history that check and migrate accept`, async () => {
  const project = historyProject('concurrent');
  assert.equal((await cli(project, 'migrate', 'features-one', '--store', 'duck', '--dir', 'migrations')).code, 0);
  for (let i = 1; i <= RUNS; i++) {
    mkdirSync(path.join(project, `features-c${i}`));
    writeFileSync(path.join(project, `features-c${i}`, 'video.yaml'), spec(i));
  }
  // Long enough a wait that every run gets its turn: the point is what they leave together.
  const env = { METAXYC_LOCK_WAIT: '300000' };
  const runs = Array.from({ length: RUNS }, (_, k) =>
    spawnCli(main, project, ['migrate', `features-c${k + 1}`, '--store', 'duck', '--dir', 'migrations', '--name', `run ${k + 1}`, '--allow-destructive'], { env }),
  );
  let running = true;
  const all = Promise.all(runs).finally(() => (running = false));
  // check after check while the runs go on: each reads the folder without the lock.
  const checks: SpawnResult[] = [];
  while (running) checks.push(await spawnCli(main, project, ['check', 'features-one', '--store', 'duck', '--dir', 'migrations']));
  const results = await all;
  for (const [k, r] of results.entries()) assert.deepEqual([r.code, r.stderr], [0, ''], `run ${k + 1}: ${r.stdout}`);
  assert.ok(checks.length >= 5, `${checks.length} checks ran meanwhile`);
  for (const r of checks) {
    // Read while runs commit: always a consistent history, so only pending changes.
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1, r.stdout);
    for (const line of r.stdout.trim().split('\n').slice(0, -1)) assert.match(line, /^migrations\/features: pending: /);
  }

  const files = readdirSync(path.join(project, 'migrations/features'))
    .filter((f) => /^\d{4}_.*(?<!\.down)\.sql$/.test(f))
    .sort();
  assert.equal(files.length, RUNS + 1, 'every run wrote one migration');
  assert.deepEqual(
    files.map((f) => Number(f.slice(0, 4))),
    Array.from({ length: RUNS + 1 }, (_, i) => i + 1),
    'numbered 1 to 61, none twice',
  );
  const slugs = files.slice(1).map((f) => /^\d{4}_run_(\d+)\.sql$/.exec(f)![1]!);
  assert.deepEqual([...slugs].sort(), Array.from({ length: RUNS }, (_, i) => String(i + 1)).sort(), 'each run wrote its own');

  const last = `features-c${slugs.at(-1)}`;
  const check = (features: string) => cli(project, 'check', features, '--store', 'duck', '--dir', 'migrations');
  assert.deepEqual(await check(last), { code: 0, stdout: 'up to date: the migrations hold every change of the features\n', stderr: '' });
  const ups = ['system', 'features'].flatMap((s) =>
    readdirSync(path.join(project, 'migrations', s))
      .filter((f) => /^\d{4}_.*(?<!\.down)\.sql$/.test(f))
      .sort()
      .map((f) => readFileSync(path.join(project, 'migrations', s, f), 'utf8')),
  );
  const to = await storeSchema(project, last, 'duck');
  assert.deepEqual(await catalogAfter(duck, ups), await catalogAfter(duck, [createSql(to)]), 'the migrations in order build the last run\'s tables');
  assert.equal((await cli(project, 'migrate', 'features-one', '--store', 'duck', '--dir', 'migrations', '--allow-destructive')).code, 0);
  assert.equal((await check('features-one')).code, 0, 'migrate continues the history');
});
