import { STREAMS, type StreamName } from './state.js';

/**
 * JOURNAL_FILE commits a run: written complete under a temporary name, then renamed into place
 * (the commit point), it lists the moves that put the run's files (written beforehand under
 * temporary names) in place. Before it exists, the run's files are only temporaries a reader
 * ignores; once it exists, the run is committed and a reader reads each file where it waits
 * until the moves are done and the journal removed.
 */
export const JOURNAL_FILE = '.metaxy-commit.json';

/** Move is one file of a committed run: its temporary path, then its final path (both relative to the migrations folder). */
export type Move = readonly [from: string, to: string];

/** Journal is a committed run: who wrote it, and its moves in order. */
export interface Journal {
  readonly version: 1;
  readonly pid: number;
  readonly host: string;
  readonly moves: readonly Move[];
}

/** tempName is the temporary name a run writes `name` under before it commits: hidden, so no tool reads it. */
export function tempName(name: string, run: string): string {
  return `.${name}.${run}.tmp`;
}

/** isTemp tells a temporary file of a run (this version's, or `.NAME.PID.tmp` of earlier ones) from other hidden files. */
export function isTemp(name: string): boolean {
  return /^\..+\.\d+(?:-[0-9a-f]+)?\.tmp$/.test(name);
}

/** journalText prints a journal. */
export function journalText(j: Journal): string {
  return `${JSON.stringify(j)}\n`;
}

/** isFolderFile tells a path a run may write: a file of the folder, of a stream folder, or of a folder in a stream folder (Alembic's versions/). */
const isFolderFile = (p: unknown): p is string => {
  if (typeof p !== 'string') return false;
  const parts = p.split('/');
  const plain = (x: string) => x !== '' && x !== '.' && x !== '..';
  if (!parts.every(plain) || parts.length > 3) return false;
  return parts.length === 1 ? !p.startsWith('.') : STREAMS.includes(parts[0] as StreamName) && (parts.length === 2 || !parts[1]!.startsWith('.'));
};

/** dirOf and baseOf split a folder path at its last `/`. */
const dirOf = (p: string) => p.slice(0, p.lastIndexOf('/') + 1);
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);

/**
 * parseJournal validates a journal: every move goes from a run's temporary file to the file it
 * stands for, in the same folder of the migrations folder (nothing else may be touched);
 * returns the reason when it is not one.
 */
export function parseJournal(text: string): Journal | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `it is not JSON (${(e as Error).message.split('\n')[0]})`;
  }
  const j = raw as Partial<Journal>;
  if (j === null || typeof j !== 'object' || j.version !== 1 || typeof j.pid !== 'number' || typeof j.host !== 'string' || !Array.isArray(j.moves)) {
    return 'it is not a journal of this metaxy-compile';
  }
  for (const m of j.moves as unknown[]) {
    const ok = Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && isFolderFile(m[1]);
    const [from, to] = ok ? (m as [string, string]) : ['', ''];
    if (!ok || dirOf(from) !== dirOf(to) || !isTemp(baseOf(from)) || !baseOf(from).startsWith(`.${baseOf(to)}.`)) {
      return `it holds a move that is not one of a run's files into its place: ${JSON.stringify(m)}`;
    }
  }
  return j as Journal;
}

/** pendingOf is, for one stream, each final name of a committed journal and the temporary name it waits under. */
export function pendingOf(journal: Journal | null, stream: StreamName): Map<string, string> {
  const out = new Map<string, string>();
  for (const [from, to] of journal?.moves ?? []) {
    if (to.startsWith(`${stream}/`)) out.set(to.slice(stream.length + 1), from.slice(stream.length + 1));
  }
  return out;
}
