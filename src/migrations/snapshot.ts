import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sleep } from '../util/sleep.js';
import { JOURNAL_FILE, parseJournal, type Journal } from './journal.js';
import { STREAMS, SUM_FILE } from './state.js';

/** marks are the files every committing run changes: the journal, then each stream's checksum. */
function marks(root: string): string {
  return [JOURNAL_FILE, ...STREAMS.map((s) => path.join(s, SUM_FILE))]
    .map((f) => {
      try {
        return readFileSync(path.join(root, f), 'utf8');
      } catch {
        return '';
      }
    })
    .join('\0');
}

const TRIES = 40;

/**
 * readSnapshot reads a migrations folder without its lock, as one consistent history: a run
 * that commits meanwhile changes the journal or a checksum, and then the folder is read again
 * (a committed run's files still under temporary names are read there). `read` gets the
 * journal of a committed run (null: none), or why the journal cannot be read.
 */
export function readSnapshot<T>(root: string, read: (journal: Journal | string | null) => T): T {
  let result!: T;
  for (let i = 0; i < TRIES; i++) {
    const before = marks(root);
    const text = before.slice(0, before.indexOf('\0'));
    result = read(text === '' ? null : parseJournal(text));
    if (marks(root) === before) return result;
    sleep(5 + i * 5);
  }
  return result; // still changing after ~4 s: the last reading, problems included
}
