import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { FolderHistory } from './folder.js';
import type { OutFile } from './formats.js';
import { layoutOf, type Layout } from './layouts.js';
import { recordFiles } from './record.js';
import { emptyState, STATE_VERSION, type StreamState } from './state.js';
import type { StreamHistory } from './stream.js';

/** RehashPlan is what `hash` records for one stream: the files to write (none when all is recorded), what it accepts, or why it cannot. */
export interface RehashPlan {
  readonly stream: string;
  readonly files: readonly OutFile[];
  readonly report: readonly string[];
  readonly problems: readonly Diagnostic[];
}

/** ACCEPTED are the problems `hash` accepts as intended: edits, removals, migrations added, checksums edited, a stream emptied. */
const ACCEPTED: ReadonlySet<string> = new Set(['HISTORY_EDITED', 'HISTORY_REMOVED', 'HISTORY_SUM_EDITED', 'HISTORY_ATLAS_SUM', 'HISTORY_UNRECORDED', 'HISTORY_STREAM_MISSING']);

/**
 * planRehash re-records a folder's history as it now is: the checksums of edited files, the
 * migrations written by hand taken in after the recorded ones (in the stream's order), the
 * removed files dropped, a stream emptied on purpose recorded as empty. The recorded tables
 * stay as they are: a hand-written migration is not read for the tables it changes.
 */
export function planRehash(folder: FolderHistory): RehashPlan[] {
  return folder.streams.map((h) => {
    const blocking = h.problems.filter((p) => !ACCEPTED.has(p.code));
    if (blocking.length > 0) return { stream: h.stream, files: [], report: [], problems: blocking };
    const layout = layoutOf(folder.format);
    if (!h.state) {
      if (!h.problems.some((p) => p.code === 'HISTORY_STREAM_MISSING')) return { stream: h.stream, files: [], report: [], problems: [] };
      const state = emptyState(folder.dialect!, folder.format);
      return { stream: h.stream, files: recordFiles(h, layout, [], state), report: [`${h.display}: recorded as an empty stream`], problems: [] };
    }
    return rehashStream(h, h.state, layout);
  });
}

function rehashStream(h: StreamHistory, recorded: StreamState, layout: Layout): RehashPlan {
  const moved = movesOf(h);
  const present = recorded.files.flatMap((f) => (moved.has(f) ? [moved.get(f)!] : h.missing.includes(f) ? [] : [f]));
  const added = h.added.filter((f) => ![...moved.values()].includes(f));
  const taken = layout.revision ? chainIn(h, layout, present, added) : numberedIn(h, layout, recorded, present, added);
  if ('problems' in taken) return { stream: h.stream, files: [], report: [], problems: taken.problems };
  const state: StreamState = { ...recorded, version: STATE_VERSION, files: taken.files, lastNumber: taken.lastNumber };
  // Every file is digested again: accepting an edit is the point.
  const files = recordFiles({ ...h, digests: new Map() }, layout, [], state).filter((f) => !same(h, f));
  const report = [
    ...h.missing.map((f) => `${path.join(h.display, f)}: ${moved.has(f) ? `moved to ${path.join(h.display, moved.get(f)!)}` : 'dropped from the history (removed)'}`),
    ...h.edited.map((f) => `${path.join(h.display, f)}: edit recorded`),
    ...added.map((f) => `${path.join(h.display, f)}: taken into the history`),
    ...(recorded.version !== STATE_VERSION ? [`${h.display}: history written in format ${STATE_VERSION}`] : []),
  ];
  if (report.length === 0 && files.length > 0) report.push(`${h.display}: checksums re-recorded`);
  return { stream: h.stream, files, report, problems: [] };
}

/**
 * movesOf pairs each recorded file that is missing with the file of the same name that
 * appeared in another folder of the stream (an Alembic history moved into versions/): it keeps
 * its place in the history.
 */
function movesOf(h: StreamHistory): Map<string, string> {
  const base = (f: string) => f.slice(f.lastIndexOf('/') + 1);
  const out = new Map<string, string>();
  for (const m of h.missing) {
    const to = h.added.find((a) => a !== m && base(a) === base(m) && ![...out.values()].includes(a));
    if (to !== undefined) out.set(m, to);
  }
  return out;
}

/** same tells a file to write that the folder already holds as is. */
function same(h: StreamHistory, f: OutFile): boolean {
  try {
    return h.read!(f.name).toString('utf8') === f.text;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

const lastOf = (list: readonly string[], ok: (f: string) => boolean) => list.reduce((at, f, i) => (ok(f) ? i : at), -1);

type Taken = { files: string[]; lastNumber: number } | { problems: Diagnostic[] };

const problem = (h: StreamHistory, name: string, detail: string) => diag('HISTORY_ORDER', { file: path.join(h.display, name), line: 1, col: 1 }, detail);

/**
 * numberedIn takes migrations named by number in after the recorded ones, in number order: a
 * new number must come after every number the history used (tools that record the applied
 * version skip an older one on databases already migrated), unless the file is the other half
 * of a recorded migration (its down file), which goes right after it.
 */
function numberedIn(h: StreamHistory, layout: Layout, recorded: StreamState, present: readonly string[], added: readonly string[]): Taken {
  const stems = new Map<string, number | null>();
  for (const f of present) {
    const m = layout.migration(f);
    if (m) stems.set(m.stem, m.number);
  }
  const numbers = new Map([...stems].flatMap(([stem, n]) => (n === null ? [] : [[n, stem] as const])));
  const problems: Diagnostic[] = [];
  const files = [...present];
  const news: { name: string; number: number | null; down: boolean }[] = [];
  const highest = Math.max(recorded.lastNumber, ...added.map((n) => layout.migration(n)!.number ?? 0));
  for (const name of added) {
    const m = layout.migration(name)!;
    if (stems.has(m.stem)) files.splice(lastOf(files, (f) => layout.migration(f)?.stem === m.stem) + 1, 0, name);
    else if (m.number === null) news.push({ name, number: null, down: m.down });
    else if (numbers.has(m.number) && numbers.get(m.number) !== m.stem) problems.push(problem(h, name, `number ${m.number} is already taken by ${numbers.get(m.number)}: renumber it after ${highest}`));
    else if (m.number <= recorded.lastNumber) {
      problems.push(problem(h, name, `it is numbered ${m.number}, not after ${recorded.lastNumber} (the last number the history used): tools that record the applied version would skip it on databases already migrated; renumber it after ${highest}`));
    } else {
      numbers.set(m.number, m.stem);
      news.push({ name, number: m.number, down: m.down });
    }
  }
  news.sort((a, b) => (a.number ?? Infinity) - (b.number ?? Infinity) || Number(a.down) - Number(b.down) || (a.name < b.name ? -1 : 1));
  if (problems.length > 0) return { problems };
  const lastNumber = Math.max(recorded.lastNumber, ...news.map((n) => n.number ?? 0));
  return { files: [...files, ...news.map((n) => n.name)], lastNumber };
}

/**
 * chainIn takes Alembic revisions in by their links: each must follow the stream's head (the
 * last recorded revision), then each other, one after another; a revision that does not would
 * give Alembic two heads.
 */
function chainIn(h: StreamHistory, layout: Layout, present: readonly string[], added: readonly string[]): Taken {
  const problems: Diagnostic[] = [];
  const last = [...present].reverse().find((f) => layout.migration(f));
  const head = last === undefined ? null : layout.revision!(h.read!(last).toString('utf8'));
  if (typeof head === 'string') return { problems: [problem(h, last!, `the last revision of the history cannot be read: ${head}`)] };
  const revs = added.flatMap((name) => {
    const rev = layout.revision!(h.read!(name).toString('utf8'));
    if (typeof rev === 'string') return problems.push(problem(h, name, `it is no Alembic revision this reader understands: ${rev}`)), [];
    if (/^metaxy_(system|features)_\d+$/.test(rev.id)) return problems.push(problem(h, name, `revision ids metaxy_<stream>_NNNN are the generated ones': give it another id`)), [];
    return [{ name, ...rev }];
  });
  const files = [...present];
  let current = head?.id ?? null;
  for (let next = revs.filter((r) => r.follows === current); next.length > 0; next = revs.filter((r) => r.follows === current)) {
    if (next.length > 1) return { problems: [...problems, ...next.map((r) => problem(h, r.name, `${next.length} revisions follow ${current ?? 'the start'}: Alembic would see two heads`))] };
    files.push(next[0]!.name);
    current = next[0]!.id;
  }
  for (const r of revs.filter((r) => !files.includes(r.name))) {
    problems.push(problem(h, r.name, `its down_revision is ${r.follows === null ? 'None' : `"${r.follows}"`}, not the head of the stream "${current}": set down_revision = "${current}" (Alembic would see two heads)`));
  }
  if (problems.length > 0) return { problems };
  const numbers = added.map((n) => layout.migration(n)!.number ?? 0);
  return { files, lastNumber: Math.max(h.state!.lastNumber, ...numbers) };
}
