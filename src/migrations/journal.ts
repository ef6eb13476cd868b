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

const isStreamFile = (p: unknown): p is string => {
  if (typeof p !== 'string') return false;
  const [stream, name, ...rest] = p.split('/');
  return rest.length === 0 && STREAMS.includes(stream as StreamName) && !!name && name !== '.' && name !== '..';
};

/**
 * parseJournal validates a journal: every move goes from a run's temporary file to a file of
 * the same stream folder (nothing else may be touched); returns the reason when it is not one.
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
    const ok = Array.isArray(m) && m.length === 2 && isStreamFile(m[0]) && isStreamFile(m[1]);
    const [from, to] = ok ? (m as [string, string]) : ['', ''];
    if (!ok || from.split('/')[0] !== to.split('/')[0] || !isTemp(from.split('/')[1]!) || !from.split('/')[1]!.startsWith(`.${to.split('/')[1]}.`)) {
      return `it holds a move that is not one of a run's files into its stream folder: ${JSON.stringify(m)}`;
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
