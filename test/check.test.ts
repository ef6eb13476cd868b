import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { listFiles } from './helpers/engine-check.js';
import { tempDir } from './helpers/temp.js';

// `metaxy-compile check` exit codes (spec.md section 3): 0 in sync, 1 drift (pending changes
// or an edited history), 2 bad input; and it never writes.

const TOML = `project = "demo"
[stores.pg]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
`;
const SPEC = `key: video/raw
id_columns: [video_id]
columns:
  video_id: string
  path: string
`;

function project(spec = SPEC): string {
  const dir = tempDir('check');
  mkdirSync(path.join(dir, 'features'));
  writeFileSync(path.join(dir, 'metaxy.toml'), TOML);
  writeFileSync(path.join(dir, 'features', 'raw.yaml'), spec);
  return dir;
}

const check = (cwd: string, ...extra: string[]) => runCli(['check', 'features', '--store', 'pg', '--dir', 'migrations', ...extra], cwd);
const migrate = async (cwd: string) => assert.equal((await runCli(['migrate', 'features', '--store', 'pg', '--dir', 'migrations'], cwd)).code, 0);

test('check without --dir is bad input (exit 2)', async () => {
  const cwd = project();
  const r = await runCli(['check', 'features', '--store', 'pg'], cwd);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^<command line>:1:1: MISSING_OPTION: check needs --dir <migrations-dir>$/m);
  assert.equal(r.stdout, '');
});

test('check with an unknown store or a broken spec is bad input (exit 2)', async () => {
  const cwd = project();
  const store = await runCli(['check', 'features', '--store', 'nope', '--dir', 'migrations'], cwd);
  assert.equal(store.code, 2, store.stderr);
  const broken = project(`${SPEC}  size: int33\n`);
  const spec = await check(broken);
  assert.equal(spec.code, 2);
  assert.match(spec.stderr, /^features\/raw\.yaml:6:9: UNKNOWN_TYPE: /m);
});

test('an empty migrations folder with features is drift (exit 1), naming every pending table', async () => {
  const cwd = project();
  const missing = await check(cwd);
  assert.equal(missing.code, 1, missing.stderr);
  mkdirSync(path.join(cwd, 'migrations'));
  const empty = await check(cwd);
  assert.equal(empty.code, 1, empty.stderr);
  assert.equal(empty.stdout, missing.stdout, 'a missing folder and an empty one are both "from nothing"');
  for (const line of [
    'migrations/system: pending: AddTable metaxy_system__feature_versions',
    'migrations/system: pending: AddTable metaxy_system__events',
    'migrations/features: pending: AddTable video__raw',
  ]) {
    assert.ok(empty.stdout.split('\n').includes(line), `${line}\n---\n${empty.stdout}`);
  }
  assert.deepEqual(listFiles(path.join(cwd, 'migrations')), [], 'check writes nothing');
});

test('check after migrate is in sync (exit 0)', async () => {
  const cwd = project();
  await migrate(cwd);
  const before = listFiles(path.join(cwd, 'migrations'));
  const r = await check(cwd);
  assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'up to date: the migrations hold every change of the features\n', '']);
  // The other store has no history in this folder's dialect: its state was written for postgres.
  const other = await runCli(['check', 'features', '--store', 'duck', '--dir', 'migrations'], cwd);
  assert.equal(other.code, 1);
  assert.match(other.stdout, /history: system\/metaxy\.state\.json was written for postgres, not duckdb/);
  assert.deepEqual(listFiles(path.join(cwd, 'migrations')), before, 'check writes nothing');
});

test('an edited migration file is drift (exit 1), naming the file', async () => {
  const cwd = project();
  await migrate(cwd);
  appendFileSync(path.join(cwd, 'migrations/features/0001_initial.down.sql'), '-- looked at it\n');
  const r = await check(cwd);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^migrations\/features: history: features\/0001_initial\.down\.sql was edited after it was written$/m);
  assert.doesNotMatch(r.stdout, /migrations\/system: history/, 'the other stream is intact');
});

test('an edited state file is drift (exit 1), naming it', async () => {
  const cwd = project();
  await migrate(cwd);
  const state = path.join(cwd, 'migrations/system/metaxy.state.json');
  appendFileSync(state, '\n'); // still the same JSON, but not the same bytes
  const r = await check(cwd);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^migrations\/system: history: system\/metaxy\.state\.json was edited after it was written$/m);
});

test('changed features are drift (exit 1), naming each pending change', async () => {
  const cwd = project();
  await migrate(cwd);
  writeFileSync(
    path.join(cwd, 'features', 'raw.yaml'),
    SPEC.replace('  path: string\n', '  path: string?\n  fps: float32?\n') + '---\nkey: video/clip\nid_columns: [video_id]\ndeps: [video/raw]\ncolumns: {video_id: string}\n',
  );
  const r = await check(cwd);
  assert.equal(r.code, 1, r.stderr);
  const pending = r.stdout.split('\n').filter((l) => l.includes(': pending: '));
  assert.deepEqual(pending.sort(), [
    'migrations/features: pending: AddColumn video__raw fps',
    'migrations/features: pending: AddTable video__clip',
    'migrations/features: pending: AlterColumnNull video__raw path',
  ]);
  assert.match(r.stdout, /drift: run `metaxy-compile migrate`/);
  await migrate(cwd);
  assert.equal((await check(cwd)).code, 0, 'in sync once migrated');
});
