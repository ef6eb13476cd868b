import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import { renderDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { errorText } from '../util/error-text.js';
import { JOURNAL_FILE } from '../migrations/journal.js';
import type { CliArgs } from './args.js';
import { recoverRun } from './commit.js';
import { acquireLock, holderText, LOCK_DIR, staleLockParts } from './folder-lock.js';
import { EXIT, failed, type Io } from './io.js';

/** Target is the migrations folder of a command: absolute, and as the user named it. */
export interface Target {
  readonly root: string;
  readonly display: string;
}

const at = (file: string) => ({ file, line: 1, col: 1 });

/** errorAt is where an I/O error inside the folder happened, as the user names the folder (the folder itself when the error names no path in it). */
function errorAt(t: Target, e: unknown) {
  const failed = (e as NodeJS.ErrnoException).path;
  const rel = failed === undefined ? '' : path.relative(t.root, path.resolve(failed));
  return at(rel === '' || rel.startsWith('..') ? t.display : path.join(t.display, rel));
}

/** targetOf is `--dir`, or the usage problem when it is missing. */
export function targetOf(args: CliArgs, io: Io): Target | null {
  if (args.dir !== undefined) return { root: path.resolve(io.cwd, args.dir), display: args.dir };
  failed([diag('USAGE', at('<command line>'), `${args.command} needs --dir <migrations-dir>`)], io);
  return null;
}

/** folderProblem is why a migrations folder cannot be read (missing, a file, no permission); null when it is a folder. */
export function folderProblem(t: Target, fix: string): Diagnostic | null {
  try {
    if (statSync(t.root).isDirectory()) return null;
    return diag('HISTORY_UNREADABLE', at(t.display), 'the migrations folder', 'it is a file, not a folder');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT' ? `; ${fix}` : '';
    return diag('HISTORY_UNREADABLE', at(t.display), 'the migrations folder', `${errorText(e)}${missing}`);
  }
}

/** warn prints a warning in the diagnostics' one-line form. */
function warn(io: Io, d: Diagnostic): void {
  io.stderr(`${renderDiagnostic(d)}\n`);
}

/** lockWait is how long a command waits for the folder lock: METAXYC_LOCK_WAIT milliseconds, 10 s by default. */
function lockWait(io: Io): number {
  const v = Number(io.env.METAXYC_LOCK_WAIT);
  return io.env.METAXYC_LOCK_WAIT !== undefined && Number.isFinite(v) && v >= 0 ? v : 10_000;
}

/**
 * withFolder runs a command that writes a migrations folder: the folder made when `create`,
 * its lock held (waiting a short time for another run, taking over the lock of a dead one),
 * what an interrupted run left finished first; the lock is released whatever happens.
 * Problems with the folder itself are exit 2, with the path and the cause.
 */
export function withFolder(t: Target, io: Io, command: string, create: boolean, body: () => number): number {
  const problem = create ? makeFolder(t) : folderProblem(t, 'run `metaxy-compile migrate` to start a history there');
  if (problem) return failed([problem], io), EXIT.badInput;
  let lock;
  try {
    lock = acquireLock(t.root, lockWait(io), command);
  } catch (e) {
    return failed([diag('HISTORY_UNREADABLE', at(path.join(t.display, LOCK_DIR)), 'the folder lock', errorText(e))], io), EXIT.badInput;
  }
  if ('busy' in lock) return failed([diag('HISTORY_LOCKED', at(path.join(t.display, LOCK_DIR)), holderText(lock.busy), path.join(t.display, LOCK_DIR))], io), EXIT.badInput;
  try {
    for (const h of lock.tookOver) warn(io, diag('LOCK_TAKEN_OVER', at(path.join(t.display, LOCK_DIR)), holderText(h)));
    let r;
    try {
      staleLockParts(t.root);
      r = recoverRun(t.root, t.display);
    } catch (e) {
      return failed([diag('HISTORY_UNREADABLE', errorAt(t, e), 'the migrations folder', errorText(e))], io), EXIT.badInput;
    }
    if (r.problem) return failed([r.problem], io), EXIT.badInput;
    if (r.completed) warn(io, diag('RUN_COMPLETED', at(path.join(t.display, JOURNAL_FILE)), r.completed.pid, r.completed.host, r.completed.files));
    if (r.discarded > 0) warn(io, diag('RUN_DISCARDED', at(t.display), r.discarded));
    return body();
  } finally {
    lock.release();
  }
}

function makeFolder(t: Target): Diagnostic | null {
  try {
    mkdirSync(t.root, { recursive: true });
    return folderProblem(t, '');
  } catch (e) {
    // A file where the folder should be says so; otherwise the cause of the failure.
    return folderProblem(t, '') ?? diag('HISTORY_UNREADABLE', at(t.display), 'the migrations folder', errorText(e));
  }
}
