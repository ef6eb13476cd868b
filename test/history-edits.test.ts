import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { builtCli } from './helpers/built-cli.js';
import { atlasSum } from './helpers/formats.js';
import { cli, folderContents, historyProject, spawnCli } from './helpers/history.js';

// What `check` says about a folder changed since it was recorded (exit 1, each problem at the
// file and line that shows it, naming the fix), what it cannot read (exit 2, the path and the
// cause), and what `hash` accepts.

const HASH = '`metaxy-compile hash --dir migrations`';
const check = (p: string, features = 'one') => cli(p, 'check', `features-${features}`, '--store', 'pg', '--dir', 'migrations');
const migrate = (p: string, features = 'one', ...extra: string[]) => cli(p, 'migrate', `features-${features}`, '--store', 'pg', '--dir', 'migrations', ...extra);
const hash = (p: string) => cli(p, 'hash', '--dir', 'migrations');
const lines = (text: string) => text.trim().split('\n');

async function project(prefix: string, ...extra: string[]): Promise<string> {
  const p = historyProject(prefix);
  assert.equal((await migrate(p, 'one', ...extra)).code, 0);
  return p;
}

/** crlf rewrites every file under a folder with CRLF line endings, as git's autocrlf checks files out. */
function crlf(dir: string): void {
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) crlf(p);
    else writeFileSync(p, readFileSync(p, 'utf8').replace(/\n/g, '\r\n'));
  }
}

test('CRLF line endings (git autocrlf) change no checksum; Atlas\'s own atlas.sum stays byte-exact and says it', async () => {
  const p = await project('edits-crlf');
  crlf(path.join(p, 'migrations'));
  assert.deepEqual(await check(p), { code: 0, stdout: 'up to date: the migrations hold every change of the features\n', stderr: '' });
  assert.equal((await migrate(p, 'two')).code, 0, 'a CRLF history is continued');
  assert.equal((await check(p, 'two')).code, 0);

  const a = await project('edits-crlf-atlas', '--format', 'atlas');
  crlf(path.join(a, 'migrations/features'));
  const r = await check(a);
  assert.equal(r.code, 1);
  assert.deepEqual(lines(r.stdout).slice(0, -1), [
    `migrations/features/atlas.sum:1:1: HISTORY_ATLAS_SUM: atlas.sum does not match the .sql files of the history (Atlas refuses to apply such a folder): run ${HASH} to write it again`,
  ]);
  assert.equal((await hash(a)).code, 0);
  assert.equal(readFileSync(path.join(a, 'migrations/features/atlas.sum'), 'utf8'), atlasSum(path.join(a, 'migrations/features')), 'what Atlas computes over the files as they are');
  assert.equal((await check(a)).code, 0);
});

test('an edited file, an edited checksum line and an edited total are told apart, each at its line of metaxy.sum', async () => {
  const p = await project('edits-sum');
  const sum = path.join(p, 'migrations/features/metaxy.sum');
  appendFileSync(path.join(p, 'migrations/features/0001_initial.sql'), '-- tuned\n');
  appendFileSync(path.join(p, 'migrations/features/0001_initial.down.sql'), '-- tuned\n');
  const both = await check(p);
  assert.equal(both.code, 1);
  assert.deepEqual(lines(both.stdout), [
    `migrations/features/metaxy.sum:2:1: HISTORY_EDITED: migrations/features/0001_initial.sql changed since it was recorded on this line (its checksum differs); to keep the edit run ${HASH}, otherwise restore the file`,
    `migrations/features/metaxy.sum:3:1: HISTORY_EDITED: migrations/features/0001_initial.down.sql changed since it was recorded on this line (its checksum differs); to keep the edit run ${HASH}, otherwise restore the file`,
    `drift: accept the edited, added or removed files with ${HASH}, or restore them`,
  ]);
  assert.equal((await migrate(p, 'two')).code, 2, 'migrate refuses an edited history');
  assert.deepEqual(await hash(p), { code: 0, stdout: 'migrations/features/0001_initial.sql: edit recorded\nmigrations/features/0001_initial.down.sql: edit recorded\n', stderr: '' });
  assert.equal((await check(p)).code, 0);
  assert.equal((await hash(p)).stdout, 'nothing to record: the checksums match the folder\n');

  const text = readFileSync(sum, 'utf8').split('\n');
  writeFileSync(sum, [text[0], text[1], `${text[2]!.startsWith('0') ? '1' : '0'}${text[2]!.slice(1)}`, ...text.slice(3)].join('\n'));
  const line = await check(p);
  assert.match(line.stdout, /^migrations\/features\/metaxy\.sum:3:1: HISTORY_SUM_EDITED: metaxy\.sum was edited: this line's checksum of 0001_initial\.down\.sql was changed; run `metaxy-compile hash --dir migrations` to re-record the checksums$/m);
  assert.doesNotMatch(line.stdout, /HISTORY_EDITED/, 'not blamed on the migration file');
  writeFileSync(sum, [`${text[0]!.slice(0, -1)}${text[0]!.endsWith('0') ? '1' : '0'}`, ...text.slice(1)].join('\n'));
  assert.match((await check(p)).stdout, /^migrations\/features\/metaxy\.sum:1:1: HISTORY_SUM_EDITED: metaxy\.sum was edited: the total on line 1 does not cover the lines below it;/m);
  assert.equal((await hash(p)).stdout, 'migrations/features: checksums re-recorded\n');
  assert.equal((await check(p)).code, 0);
});

test('files the layout does not know are reported (upper-case .SQL, a folder, a README); hidden files, and folders of only hidden files, are not', async () => {
  const p = await project('edits-unknown');
  const f = path.join(p, 'migrations/features');
  writeFileSync(path.join(f, '0002_Backfill.SQL'), 'SELECT 1;\n');
  writeFileSync(path.join(f, 'README.md'), 'notes\n');
  writeFileSync(path.join(f, '.gitkeep'), '');
  mkdirSync(path.join(f, 'old'));
  writeFileSync(path.join(f, 'old/0001_initial.sql'), 'SELECT 1;\n');
  mkdirSync(path.join(f, 'empty'));
  writeFileSync(path.join(f, 'empty/.gitkeep'), '');
  const r = await check(p);
  assert.equal(r.code, 1);
  const naming = '(NNNN_<slug>.sql and NNNN_<slug>.down.sql, beside metaxy.state.json and metaxy.sum): rename it, or move it out of the stream folder';
  assert.deepEqual(lines(r.stdout).slice(0, -1), [
    `migrations/features/0002_Backfill.SQL:1:1: HISTORY_UNKNOWN_FILE: this file (its extension must be lower case: 0002_Backfill.sql) is not part of a plain history ${naming}`,
    `migrations/features/README.md:1:1: HISTORY_UNKNOWN_FILE: this file is not part of a plain history ${naming}`,
    `migrations/features/old/:1:1: HISTORY_UNKNOWN_FILE: a folder is not part of a plain history ${naming}`,
  ]);
  assert.equal((await migrate(p, 'two')).code, 2);
  assert.equal((await hash(p)).code, 2, 'hash does not take in what it does not understand');
});

test('a deleted or emptied stream beside a recorded one is drift, not a fresh start; hash records it as empty on purpose', async () => {
  const p = await project('edits-stream');
  for (const remove of [() => rmSync(path.join(p, 'migrations/features'), { recursive: true }), () => readdirSync(path.join(p, 'migrations/features')).forEach((n) => rmSync(path.join(p, 'migrations/features', n)))]) {
    const kept = folderContents(path.join(p, 'migrations'));
    remove();
    const r = await check(p);
    assert.equal(r.code, 1);
    assert.equal(
      lines(r.stdout)[0],
      `migrations/features:1:1: HISTORY_STREAM_MISSING: the features stream is missing or empty while system/ holds a history: restore it (migrating now would re-create every table); if it never held migrations, run ${HASH} to record it as empty`,
    );
    const m = await migrate(p);
    assert.equal(m.code, 2, 'migrate does not restart the stream');
    assert.match(m.stderr, /HISTORY_STREAM_MISSING/);
    rmSync(path.join(p, 'migrations'), { recursive: true });
    for (const [f, text] of Object.entries(kept)) f.endsWith('/') ? mkdirSync(path.join(p, 'migrations', f), { recursive: true }) : writeFileSync(path.join(p, 'migrations', f), text);
  }
  rmSync(path.join(p, 'migrations/features'), { recursive: true });
  assert.deepEqual(await hash(p), { code: 0, stdout: 'migrations/features: recorded as an empty stream\n', stderr: '' });
  assert.equal((await check(p)).code, 1, 'the features are pending again');
});

test('a removed migration, a removed checksum, a removed state: each named with its fix', async () => {
  const p = await project('edits-removed');
  rmSync(path.join(p, 'migrations/features/0001_initial.down.sql'));
  assert.match((await check(p)).stdout, /^migrations\/features\/metaxy\.sum:3:1: HISTORY_REMOVED: migrations\/features\/0001_initial\.down\.sql is missing \(deleted or renamed\); restore it, or run `metaxy-compile hash --dir migrations` to drop it from the history$/m);
  assert.equal((await hash(p)).stdout, 'migrations/features/0001_initial.down.sql: dropped from the history (removed)\n');
  rmSync(path.join(p, 'migrations/system/metaxy.sum'));
  assert.match((await check(p)).stdout, /^migrations\/system\/metaxy\.sum:1:1: HISTORY_REMOVED: migrations\/system\/metaxy\.sum is missing \(deleted or renamed\); restore it, or run `metaxy-compile hash --dir migrations` to re-record the checksums$/m);
  assert.equal((await hash(p)).code, 0);
  rmSync(path.join(p, 'migrations/system/metaxy.state.json'));
  const r = await check(p);
  assert.match(r.stdout, /^migrations\/system\/metaxy\.state\.json:1:1: HISTORY_STATE_MISSING: migrations\/system\/metaxy\.state\.json is missing, but the folder holds migrations: restore it/m);
  assert.equal((await hash(p)).code, 2, 'a state cannot be rebuilt from migrations');
});

test('what cannot be read is exit 2 with the path, line and cause: a state that is no JSON, of a newer format, a damaged journal, no permission', async () => {
  const p = await project('edits-unreadable');
  const state = path.join(p, 'migrations/features/metaxy.state.json');
  const text = readFileSync(state, 'utf8');
  writeFileSync(state, text.replace('\n{"name":"', '\n{"name":'));
  const broken = await check(p);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^migrations\/features\/metaxy\.state\.json:2:\d+: HISTORY_INVALID: migration history is invalid: metaxy\.state\.json cannot be read: it is not JSON/m);
  writeFileSync(state, text.replace('"version":3', '"version":4'));
  const newer = await migrate(p);
  assert.equal(newer.code, 2);
  assert.match(newer.stderr, /^migrations\/features\/metaxy\.state\.json:1:2: HISTORY_INVALID: .*it has history format 4; this metaxy-compile reads formats 1 to 3/m);
  writeFileSync(state, text);
  writeFileSync(path.join(p, 'migrations/.metaxy-commit.json'), '{"version":1,"pid":1,"host":"h","moves":[["features/x","../../etc/passwd"]]}\n');
  for (const r of [await check(p), await migrate(p)]) {
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^migrations\/\.metaxy-commit\.json:1:1: HISTORY_INVALID: /m);
  }
  rmSync(path.join(p, 'migrations/.metaxy-commit.json'));

  // Permissions: root reads anything, so the executable runs as nobody then.
  const streams = path.join(p, 'migrations/features');
  chmodSync(streams, 0o000);
  try {
    const asRoot = process.getuid?.() === 0;
    const main = builtCli();
    // The temporary folders (mode 0700) of the project and of the build, open to that user.
    if (asRoot) for (const d of [p, path.resolve(main, '../../..')]) chmodSync(d, 0o755);
    const r = asRoot ? await spawnCli(main, p, ['check', 'features-one', '--store', 'pg', '--dir', 'migrations'], { uid: 65534 }) : await check(p);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /^migrations\/features:1:1: HISTORY_UNREADABLE: cannot read the stream folder: permission denied \(EACCES\)$/m);
  } finally {
    chmodSync(streams, 0o755);
  }
});
