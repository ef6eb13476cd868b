import assert from 'node:assert/strict';
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { builtCli } from './helpers/built-cli.js';
import { cli, copyProject, folderContents, historyProject, spawnCli } from './helpers/history.js';
import { tempDir } from './helpers/temp.js';

// Crash safety, proven by killing the real executable. A preload (helpers/fs-kill-hook.mjs)
// counts the file-system calls that change the disk and SIGKILLs the process at the chosen one
// (before it, or halfway through a write). After each kill, `check` must report either the
// history before the run or the one after it (drift, never a damaged history), and running the
// command again must finish the job: the folder is then byte for byte the folder of a run that
// was never interrupted (no lock, journal or temporary file left). By default every call
// except fsync and close is a kill point, each write also torn (over 100 points); with
// MXC_KILL_SWEEP=full, every call, both ways, on more scenarios.

const FULL = process.env.MXC_KILL_SWEEP === 'full';
// The folders live in memory where the machine has a tmpfs: each run syncs its files to disk,
// which would cost the sweep seconds of waiting and prove nothing more (a killed process
// loses nothing the kernel holds).
if (existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
const HOOK = new URL('./helpers/fs-kill-hook.mjs', import.meta.url).pathname;
const main = builtCli();

interface Scenario {
  readonly name: string;
  /** The store and format of the run. */
  readonly argv: readonly string[];
  /** Makes the folder the run starts from. */
  readonly setup: (project: string) => Promise<void>;
  /** The features `check` compares with. */
  readonly features: string;
  readonly full?: boolean;
  /** The calls killed at in the default sweep (all of them with MXC_KILL_SWEEP=full). */
  readonly only?: readonly string[];
}

const migrate = (features: string, ...extra: string[]) => ['migrate', `features-${features}`, '--store', 'pg', '--dir', 'migrations', ...extra];
const ok = async (project: string, ...argv: string[]) => assert.equal((await cli(project, ...argv)).code, 0, argv.join(' '));

const SCENARIOS: readonly Scenario[] = [
  { name: 'migrate: the first run (plain)', argv: migrate('one'), features: 'one', setup: async (p) => mkdirSync(path.join(p, 'migrations')) },
  { name: 'migrate: a second migration (plain)', argv: migrate('two'), features: 'two', setup: (p) => ok(p, ...migrate('one')) },
  {
    name: 'hash: a hand-written migration and an edit (plain)',
    argv: ['hash', '--dir', 'migrations'],
    features: 'one',
    setup: async (p) => {
      await ok(p, ...migrate('one'));
      writeFileSync(path.join(p, 'migrations/features/0002_backfill.sql'), 'UPDATE video__raw SET path = lower(path);\n');
      appendFileSync(path.join(p, 'migrations/features/0001_initial.down.sql'), '-- reviewed\n');
    },
  },
  // Alembic writes into versions/ and the folder itself (alembic.ini): the folders made before
  // the commit, the commit, each move and the journal's removal, by default.
  {
    name: 'migrate: the first run (alembic)',
    argv: migrate('one', '--format', 'alembic'),
    features: 'one',
    only: ['mkdirSync', 'renameSync', 'unlinkSync'],
    setup: async (p) => mkdirSync(path.join(p, 'migrations')),
  },
  { name: 'migrate: a second migration (atlas)', argv: migrate('three', '--format', 'atlas'), features: 'three', full: true, setup: (p) => ok(p, ...migrate('one', '--format', 'atlas')) },
  {
    name: 'migrate: a history of format 1 (f7a5a9c) continued',
    argv: ['migrate', 'features-3', '--store', 'pg', '--dir', 'migrations-plain'],
    features: '3',
    setup: async (p) => {
      cpSync(new URL('./fixtures/history-v1/', import.meta.url).pathname, p, { recursive: true });
      mkdirSync(path.join(p, 'features-3'));
      writeFileSync(path.join(p, 'features-3/video.yaml'), readFileSync(path.join(p, 'features-2/video.yaml'), 'utf8').replace('  start: int64\n', '  start: int64\n  stop: int64?\n'));
    },
  },
];

interface Call {
  readonly n: number;
  readonly call: string;
}

/** killPoints are the calls to die at: [call number, torn]. */
function killPoints(calls: readonly Call[], only?: readonly string[]): [number, boolean][] {
  const picked = FULL ? calls : calls.filter((c) => c.call !== 'fsyncSync' && c.call !== 'closeSync' && (only?.includes(c.call) ?? true));
  return picked.flatMap((c) => [[c.n, false], ...(['writeSync', 'writeFileSync'].includes(c.call) ? [[c.n, true] as [number, boolean]] : [])] as [number, boolean][]);
}

const checkArgv = (s: Scenario) => ['check', `features-${s.features}`, '--store', 'pg', '--dir', s.argv[s.argv.indexOf('--dir') + 1]!];

let total = 0;
for (const s of SCENARIOS.filter((x) => FULL || !x.full)) {
  test(`kill -9 at every write and rename: ${s.name}`, async () => {
    const template = historyProject('kill');
    await s.setup(template);
    const before = await cli(template, ...checkArgv(s));
    const reference = copyProject(template, 'kill-ref');
    const done = await cli(reference, ...s.argv);
    assert.equal(done.code, 0, done.stderr);
    const after = await cli(reference, ...checkArgv(s));
    assert.equal(after.code, 0, after.stdout);
    const dirOf = (p: string) => path.join(p, s.argv[s.argv.indexOf('--dir') + 1]!);
    const expected = folderContents(dirOf(reference));

    const log = path.join(tempDir('kill-log'), 'calls.jsonl');
    const counted = await spawnCli(main, copyProject(template, 'kill-count'), s.argv, { node: ['--import', HOOK], env: { MXC_FS_LOG: log } });
    assert.equal(counted.code, 0, counted.stderr);
    const points = killPoints(readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Call), s.only);
    for (const [n, torn] of points) {
      const at = `killed at call ${n}${torn ? ' (torn write)' : ''}`;
      const p = copyProject(template, 'kill-point');
      const killed = await spawnCli(main, p, s.argv, { node: ['--import', HOOK], env: { MXC_KILL_AT: String(n), ...(torn ? { MXC_KILL_MODE: 'torn' } : {}) } });
      assert.equal(killed.signal, 'SIGKILL', `${at}: the run was killed (${killed.stderr})`);
      const seen = await cli(p, ...checkArgv(s));
      assert.equal(seen.stderr, '', `${at}: check reports no damage`);
      assert.ok(
        [before, after].some((x) => x.code === seen.code && x.stdout === seen.stdout),
        `${at}: check sees the history before or after the run, nothing else:\n${seen.stdout}`,
      );
      const finished = await cli(p, ...s.argv);
      assert.equal(finished.code, 0, `${at}: running again finishes the job: ${finished.stderr}`);
      for (const line of finished.stderr.split('\n').filter(Boolean)) assert.match(line, /: (LOCK_TAKEN_OVER|RUN_COMPLETED|RUN_DISCARDED): warning: /, at);
      assert.deepEqual(folderContents(dirOf(p)), expected, `${at}: the folder is the one an uninterrupted run writes`);
      assert.deepEqual(await cli(p, ...checkArgv(s)), after, at);
      rmSync(p, { recursive: true, force: true });
    }
    total += points.length;
  });
}

test('kill points: at least 100 in all', (t) => {
  t.diagnostic(`${total} kill points`);
  assert.ok(total >= 100, `${total} kill points`);
});
