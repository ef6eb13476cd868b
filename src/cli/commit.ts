import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, type Dirent } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { errorText } from '../util/error-text.js';
import type { OutFile } from '../migrations/formats.js';
import { isTemp, JOURNAL_FILE, journalText, parseJournal, tempName, type Journal, type Move } from '../migrations/journal.js';
import { STREAMS } from '../migrations/state.js';
import { writeText } from './write-file.js';

/**
 * sync forces a file, or a folder's entries (renames, removals), to disk where the file system
 * allows it. Files are synced after all of them are written: the first sync flushes most of
 * the others' data with it, so the rest cost little.
 */
function sync(file: string): void {
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } catch (e) {
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * commitRun writes a run's files (paths relative to the migrations folder) so that whenever the
 * process dies, the folder holds the old history or the complete new one: every file is
 * written under a temporary name, then the journal listing their moves is renamed into place
 * (the commit point), then each file is moved into place and the journal removed. Must be
 * called with the folder lock held. Returns the problem when a write fails.
 */
export function commitRun(root: string, display: string, files: readonly OutFile[]): Diagnostic | null {
  const run = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const moves: Move[] = files.map((f) => [path.join(path.dirname(f.name), tempName(path.basename(f.name), run)), f.name]);
  const journal: Journal = { version: 1, pid: process.pid, host: hostname(), moves };
  let step = '';
  let committed = false;
  try {
    for (const dir of new Set(files.map((f) => path.dirname(f.name)))) mkdirSync((step = path.join(root, dir)), { recursive: true });
    for (const [i, f] of files.entries()) writeText((step = path.join(root, moves[i]![0])), f.text, 'wx');
    const temp = path.join(root, tempName(JOURNAL_FILE, run));
    writeText((step = temp), journalText(journal), 'wx');
    for (const [from] of moves) sync((step = path.join(root, from)));
    sync((step = temp));
    renameSync(temp, (step = path.join(root, JOURNAL_FILE)));
    committed = true;
    sync(root);
    completeRun(root, journal, (s) => (step = s));
    return null;
  } catch (e) {
    const after = committed
      ? 'the run is committed: the next `metaxy-compile migrate` or `hash` completes it'
      : 'nothing was committed: the history is as it was (the next run removes the temporary files)';
    return diag('HISTORY_WRITE_FAILED', { file: path.join(display, path.relative(root, step)), line: 1, col: 1 }, path.relative(root, step), errorText(e), after);
  }
}

/** completeRun moves a committed run's files into place (those not moved yet), then removes the journal. */
function completeRun(root: string, journal: Journal, at: (file: string) => void = () => {}): number {
  let moved = 0;
  for (const [from, to] of journal.moves) {
    at(path.join(root, to));
    try {
      renameSync(path.join(root, from), path.join(root, to));
      moved++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // moved before the process died
    }
  }
  // The moves reach the disk before the journal goes (a journal that comes back after a power
  // cut is completed again: moves already done are skipped).
  for (const dir of new Set(journal.moves.map(([, to]) => path.dirname(to)))) sync(path.join(root, dir));
  at(path.join(root, JOURNAL_FILE));
  unlinkSync(path.join(root, JOURNAL_FILE));
  return moved;
}

/** Recovery is what finishing an interrupted run did. */
export interface Recovery {
  /** The run completed: it had committed. */
  readonly completed: { pid: number; host: string; files: number } | null;
  /** Temporary files removed: of a run that never committed. */
  readonly discarded: number;
  readonly problem: Diagnostic | null;
}

/**
 * recoverRun finishes what an interrupted run left (called with the folder lock held, so no
 * run is in progress): a committed run is completed; the temporary files of a run that never
 * committed are removed. A journal that is not one is reported, and nothing is touched.
 */
export function recoverRun(root: string, display: string): Recovery {
  let completed: Recovery['completed'] = null;
  let text: string | null = null;
  try {
    text = readFileSync(path.join(root, JOURNAL_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== null) {
    const journal = parseJournal(text);
    if (typeof journal === 'string') {
      const fix = `remove it if no metaxy-compile run was interrupted in this folder`;
      return { completed, discarded: 0, problem: diag('HISTORY_INVALID', { file: path.join(display, JOURNAL_FILE), line: 1, col: 1 }, `${JOURNAL_FILE} (the journal of a run) cannot be read: ${journal}; ${fix}`) };
    }
    completed = { pid: journal.pid, host: journal.host, files: completeRun(root, journal) };
  }
  let discarded = 0;
  for (const dir of runFolders(root)) {
    const names = entriesOf(dir).filter((d) => isTemp(d.name));
    for (const n of names) unlinkSync(path.join(dir, n.name));
    discarded += names.length;
  }
  return { completed, discarded, problem: null };
}

/** entriesOf lists a folder; nothing when it does not exist. */
function entriesOf(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    return [];
  }
}

/** runFolders are the folders a run writes into: the migrations folder, each stream folder and the folders inside it (Alembic's versions/). */
function runFolders(root: string): string[] {
  const streams = STREAMS.map((s) => path.join(root, s));
  const inner = streams.flatMap((s) => entriesOf(s).filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => path.join(s, d.name)));
  return [root, ...streams, ...inner];
}
