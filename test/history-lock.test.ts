import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { acquireLock } from '../src/cli/folder-lock.js';
import { cli, folderContents, historyProject } from './helpers/history.js';

// The folder lock: a second writer waits a short time, then exits 2 naming the holder; a lock
// left by a dead process of this host is taken over with a warning; the lock goes with the run
// whatever its outcome; check reads without it.

const migrate = (project: string, features = 'one', env: Record<string, string> = {}) =>
  runCli(['migrate', `features-${features}`, '--store', 'pg', '--dir', 'migrations'], project, env);

/** writeLock leaves a lock as a process would have: the folder and its owner file. */
function writeLock(project: string, holder: { pid: number; host: string }): void {
  const lock = path.join(project, 'migrations/.metaxy.lock');
  mkdirSync(lock, { recursive: true });
  writeFileSync(path.join(lock, `owner-${holder.pid}-0badf00d.json`), JSON.stringify({ ...holder, started: '2026-01-01T00:00:00.000Z', command: 'migrate' }));
}

/** deadPid is the pid of a process that ran and is gone (reaped). */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

test('a run waits for the lock a live process holds, then exits 2 naming it; nothing is written; check still reads', async () => {
  const project = historyProject('lock-busy');
  assert.equal((await migrate(project)).code, 0);
  const before = folderContents(path.join(project, 'migrations'));
  const lock = acquireLock(path.join(project, 'migrations'), 0, 'test');
  assert.ok(!('busy' in lock));
  try {
    for (const argv of [
      ['migrate', 'features-two', '--store', 'pg', '--dir', 'migrations'],
      ['hash', '--dir', 'migrations'],
    ]) {
      const r = await runCli(argv, project, { METAXYC_LOCK_WAIT: '150' });
      assert.equal(r.code, 2, argv[0]);
      assert.match(
        r.stderr,
        new RegExp(`^migrations/\\.metaxy\\.lock:1:1: HISTORY_LOCKED: the migrations folder is locked by metaxy-compile test \\(process ${process.pid} on ${hostname()}, since [^)]+\\); wait for it to finish and run again \\(if no such process runs, remove migrations/\\.metaxy\\.lock\\)$`, 'm'),
      );
    }
    const check = await cli(project, 'check', 'features-two', '--store', 'pg', '--dir', 'migrations');
    assert.equal(check.code, 1, 'check takes no lock: it reads the committed history');
    assert.match(check.stdout, /^migrations\/features: pending: AddColumn video__raw fps$/m);
  } finally {
    lock.release();
  }
  const { ['.metaxy.lock/']: held, ...rest } = folderContents(path.join(project, 'migrations'));
  assert.deepEqual(rest, before, 'the waiting runs wrote nothing');
  assert.equal(held, undefined, 'released');
  assert.equal((await migrate(project, 'two')).code, 0, 'once released, the next run proceeds');
});

test('a lock left by a dead process of this host is taken over with a warning; one of another host is not', async () => {
  const project = historyProject('lock-stale');
  const pid = deadPid();
  writeLock(project, { pid, host: hostname() });
  const r = await migrate(project);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(
    r.stderr,
    `migrations/.metaxy.lock:1:1: LOCK_TAKEN_OVER: warning: took over the lock of metaxy-compile migrate (process ${pid} on ${hostname()}, since 2026-01-01T00:00:00.000Z), which no longer runs\n`,
  );
  assert.equal(existsSync(path.join(project, 'migrations/.metaxy.lock')), false, 'released after the run');

  writeLock(project, { pid, host: 'build-box-7' });
  const other = await migrate(project, 'two', { METAXYC_LOCK_WAIT: '50' });
  assert.equal(other.code, 2, 'a process of another host cannot be seen: its lock is respected');
  assert.match(other.stderr, new RegExp(`HISTORY_LOCKED: .*process ${pid} on build-box-7`));
});

test('temporary files an interrupted run left (this version\'s, and .NAME.PID.tmp of earlier ones) are ignored by check and removed by the next run', async () => {
  const project = historyProject('lock-leftovers');
  assert.equal((await migrate(project)).code, 0);
  writeFileSync(path.join(project, 'migrations/features/.0002_add_column_video_raw.sql.4242.tmp'), 'BEGIN;\n-- half');
  writeFileSync(path.join(project, 'migrations/system/.metaxy.state.json.4242-0a1b2c3d.tmp'), '{"vers');
  writeFileSync(path.join(project, 'migrations/features/.gitkeep'), '');
  const check = await cli(project, 'check', 'features-one', '--store', 'pg', '--dir', 'migrations');
  assert.deepEqual([check.code, check.stderr], [0, '']);
  const r = await migrate(project, 'two');
  assert.equal(r.code, 0);
  assert.equal(r.stderr, 'migrations:1:1: RUN_DISCARDED: warning: removed 2 temporary files of an interrupted run that never committed (the history is as it was before that run)\n');
  assert.deepEqual(Object.keys(folderContents(path.join(project, 'migrations'))).filter((f) => path.basename(f).startsWith('.')), ['features/.gitkeep']);
});

test('the lock goes with the run whatever its outcome (refused, bad history, bad input)', async () => {
  const project = historyProject('lock-outcome');
  assert.equal((await migrate(project, 'two')).code, 0);
  assert.equal((await migrate(project, 'one')).code, 3, 'dropping fps is refused');
  writeFileSync(path.join(project, 'migrations/features/notes.txt'), 'x\n');
  assert.equal((await migrate(project, 'two')).code, 2, 'a file the history does not know');
  assert.equal((await runCli(['migrate', 'features-two', '--store', 'pg', '--dir', 'migrations', '--format', 'yaml'], project)).code, 2);
  assert.equal(existsSync(path.join(project, 'migrations/.metaxy.lock')), false);
});

test('a lock that cannot be made (the folder is a file) is exit 2 with the path and the cause', async () => {
  const project = historyProject('lock-file');
  writeFileSync(path.join(project, 'migrations'), 'not a folder\n');
  const r = await migrate(project);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^migrations:1:1: HISTORY_UNREADABLE: cannot read the migrations folder: it is a file, not a folder$/m);
  const check = await cli(project, 'check', 'features-one', '--store', 'pg', '--dir', 'migrations');
  assert.equal(check.code, 2);
  assert.match(check.stderr, /^migrations:1:1: HISTORY_UNREADABLE: cannot read the migrations folder: it is a file, not a folder$/m);
});
