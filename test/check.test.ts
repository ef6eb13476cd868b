import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { listFiles } from './helpers/engine-check.js';
import { tempDir } from './helpers/temp.js';

// `metaxy-compile check` exit codes (spec.md section 3): 0 in sync, 1 drift (pending changes
// or an edited history), 2 bad input or a folder that cannot be read; and it never writes.

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

test('an empty migrations folder with features is drift (exit 1), naming every pending table; a missing one is exit 2', async () => {
  const cwd = project();
  const missing = await check(cwd);
  assert.deepEqual([missing.code, missing.stdout], [2, '']);
  assert.match(missing.stderr, /^migrations:1:1: HISTORY_UNREADABLE: cannot read the migrations folder: it does not exist \(ENOENT\); run `metaxy-compile migrate` to start a history there$/m);
  mkdirSync(path.join(cwd, 'migrations'));
  const empty = await check(cwd);
  assert.equal(empty.code, 1, empty.stderr);
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
  assert.equal(other.code, 2, 'another store\'s folder is not drift: it cannot be read as this store\'s history');
  assert.match(other.stderr, /^migrations\/system\/metaxy\.state\.json:1:\d+: HISTORY_INVALID: .*this history was written for postgres, not duckdb/m);
  assert.deepEqual(listFiles(path.join(cwd, 'migrations')), before, 'check writes nothing');
});

test('an edited migration file is drift (exit 1), naming the file', async () => {
  const cwd = project();
  await migrate(cwd);
  appendFileSync(path.join(cwd, 'migrations/features/0001_initial.down.sql'), '-- looked at it\n');
  const r = await check(cwd);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^migrations\/features\/metaxy\.sum:3:1: HISTORY_EDITED: migrations\/features\/0001_initial\.down\.sql changed since it was recorded on this line .*`metaxy-compile hash --dir migrations`/m);
  assert.doesNotMatch(r.stdout, /migrations\/system/, 'the other stream is intact');
  assert.match(r.stdout, /^drift: accept the edited, added or removed files with `metaxy-compile hash --dir migrations`, or restore them$/m);
});

test('an edited state file is drift (exit 1), naming it', async () => {
  const cwd = project();
  await migrate(cwd);
  const state = path.join(cwd, 'migrations/system/metaxy.state.json');
  appendFileSync(state, '\n'); // still the same JSON, but not the same bytes
  const r = await check(cwd);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^migrations\/system\/metaxy\.sum:4:1: HISTORY_EDITED: migrations\/system\/metaxy\.state\.json changed since/m);
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
