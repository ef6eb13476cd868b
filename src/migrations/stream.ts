import path from 'node:path';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasControl } from '../emit/statement.js';
import { errorText } from '../util/error-text.js';
import type { Found, StreamFiles } from './folder.js';
import type { Layout } from './layouts.js';
import { STATE_FILE, SUM_FILE, type StreamName, type StreamState } from './state.js';
import { runningSum, sumText, type RecordedSum, type RunningSum } from './sum.js';
import { verifySum } from './verify.js';

/** StreamHistory is one stream of a migrations folder as found on disk. */
export interface StreamHistory {
  readonly stream: StreamName;
  /** The stream folder, absolute. */
  readonly dir: string;
  /** The stream folder as the user names it, for messages. */
  readonly display: string;
  /** The recorded state; null when the stream has none (from nothing, or its state is missing or unreadable). */
  readonly state: StreamState | null;
  /** Whether the folder holds a history (a state, a checksum or migration files): false is "from nothing". */
  readonly exists: boolean;
  /** Problems that make the history untrustworthy, each at the file and line that shows it. */
  readonly problems: readonly Diagnostic[];
  /** lfDigest of every recorded file and the state, as verified (the next checksum reuses them). */
  readonly digests: ReadonlyMap<string, string>;
  /** Atlas's running sum over the recorded .sql files, for a tool that keeps atlas.sum. */
  readonly atlas?: RunningSum;
  /** The revision the next migration follows (Alembic), read from the last recorded revision file. */
  readonly head: string | null;
  /** Migration files in the folder that the history does not record, in name order (`hash` takes them in). */
  readonly added: readonly string[];
  /** Recorded files missing from the folder. */
  readonly missing: readonly string[];
  /** Recorded files whose content changed since. */
  readonly edited: readonly string[];
  /** How to read a file of the folder. */
  readonly read?: (name: string) => Buffer;
}

interface Listing {
  added: string[];
  migrations: number;
  problems: Diagnostic[];
}

/** classify sorts a stream folder's entries: recorded, the tool's own, migrations not recorded, and what the layout does not know. */
function classify(f: Found & { files: StreamFiles }, layout: Layout, hash: string): Listing {
  const recorded = new Set(f.state?.files ?? []);
  const out: Listing = { added: [], migrations: 0, problems: [] };
  const unknown = (name: string, what: string) =>
    out.problems.push(diag('HISTORY_UNKNOWN_FILE', { file: path.join(f.display, name), line: 1, col: 1 }, what, layout.format, layout.naming));
  const legacy: string[] = [];
  for (const [name, isDir] of [...f.files.entries].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name === STATE_FILE || name === SUM_FILE || layout.own.includes(name)) continue;
    if (recorded.has(name) && layout.legacy?.(name)) legacy.push(name);
    else if (recorded.has(name)) out.migrations++;
    else if (isDir) unknown(`${name}/`, 'a folder');
    else if (hasControl(name)) unknown(JSON.stringify(name), 'a name with control characters');
    else if (layout.migration(name)) {
      out.migrations++;
      out.added.push(name);
      if (f.state) out.problems.push(diag('HISTORY_UNRECORDED', { file: path.join(f.display, name), line: 1, col: 1 }, hash));
    } else {
      const lower = name.replace(/\.[^.]+$/, (ext) => ext.toLowerCase());
      unknown(name, lower !== name && layout.migration(lower) ? `this file (its extension must be lower case: ${lower})` : 'this file');
    }
  }
  if (legacy.length > 0) out.problems.push(diag('HISTORY_OLD_LAYOUT', { file: path.join(f.display, legacy[0]!), line: 1, col: 1 }, f.display, legacy.length, hash));
  return out;
}

/**
 * verifyStream checks a stream folder whose state and checksum were read: every recorded file
 * against metaxy.sum, every other entry against the layout (migrations not recorded, files the
 * layout does not know), and the tool's own atlas.sum against the recorded .sql files.
 */
export function verifyStream(f: Found & { files: StreamFiles }, layout: Layout, hash: string): StreamHistory {
  const listing = classify(f, layout, hash);
  const missing = (f.state?.files ?? []).filter((n) => f.files.entries.get(n) !== false);
  const base = { stream: f.stream, dir: f.dir, display: f.display, head: null, added: listing.added, missing, edited: [], read: f.files.read };
  const exists = f.state !== null || f.sum !== null || f.files.entries.has(STATE_FILE) || listing.migrations > 0;
  const problems = [...f.problems, ...listing.problems];
  if (!f.state) {
    if (exists && !f.files.entries.has(STATE_FILE)) problems.push(diag('HISTORY_STATE_MISSING', { file: path.join(f.display, STATE_FILE), line: 1, col: 1 }, path.join(f.display, STATE_FILE)));
    return { ...base, state: null, exists, problems, digests: new Map() };
  }
  if (!f.sum) {
    if (!f.files.entries.has(SUM_FILE)) problems.push(diag('HISTORY_REMOVED', { file: path.join(f.display, SUM_FILE), line: 1, col: 1 }, path.join(f.display, SUM_FILE), `run \`${hash}\` to re-record the checksums`));
    return { ...base, state: f.state, exists, problems, digests: new Map() };
  }
  try {
    return { ...base, ...verifyFiles(f as Found & { files: StreamFiles; state: StreamState; sum: RecordedSum }, layout, hash, problems), exists };
  } catch (e) {
    // A file that cannot be read (permissions, a folder where a file should be): named with the cause.
    const file = path.join(f.display, path.basename((e as NodeJS.ErrnoException).path ?? ''));
    problems.push(diag('HISTORY_UNREADABLE', { file, line: 1, col: 1 }, path.basename(file), errorText(e)));
    return { ...base, state: f.state, exists, problems, digests: new Map() };
  }
}

/** verifyFiles checks the recorded files against the checksum, then atlas.sum, and reads the head revision; problems join `problems`. */
function verifyFiles(f: Found & { files: StreamFiles; state: StreamState; sum: RecordedSum }, layout: Layout, hash: string, problems: Diagnostic[]) {
  const sql: { name: string; bytes: Buffer }[] = [];
  const seen = layout.atlasSum ? (name: string, bytes: Buffer) => void (name.endsWith('.sql') && sql.push({ name, bytes })) : undefined;
  const v = verifySum(f.sum, { display: f.display, hash, files: f.state.files, exists: (n) => f.files.entries.get(n) === false, read: f.files.read, seen });
  problems.push(...v.problems);
  const atlas = layout.atlasSum ? runningSum(sql.sort((a, b) => (a.name < b.name ? -1 : 1))) : undefined;
  if (atlas && problems.length === 0) problems.push(...checkAtlasSum(f, atlas, hash));
  const head = layout.revision && problems.length === 0 ? headOf(f, layout, problems) : null;
  return { state: f.state, problems, digests: v.digests, edited: v.edited, head, ...(atlas ? { atlas } : {}) };
}

/** checkAtlasSum compares the tool's atlas.sum with the one Atlas computes for the recorded .sql files. */
function checkAtlasSum(f: Found & { files: StreamFiles }, atlas: RunningSum, hash: string): Diagnostic[] {
  const file = path.join(f.display, 'atlas.sum');
  if (!f.files.entries.has('atlas.sum')) return atlas.lines.length === 0 ? [] : [diag('HISTORY_REMOVED', { file, line: 1, col: 1 }, file, `run \`${hash}\` to write it again`)];
  if (f.files.read('atlas.sum').toString('utf8') === sumText(atlas)) return [];
  return [diag('HISTORY_ATLAS_SUM', { file, line: 1, col: 1 }, hash)];
}

/** headOf reads the revision id of the last recorded Alembic revision: the next migration follows it. */
function headOf(f: Found & { files: StreamFiles }, layout: Layout, problems: Diagnostic[]): string | null {
  const last = [...f.state!.files].reverse().find((n) => layout.migration(n));
  if (last === undefined) return null;
  const rev = layout.revision!(f.files.read(last).toString('utf8'));
  if (typeof rev !== 'string') return rev.id;
  problems.push(diag('HISTORY_INVALID', { file: path.join(f.display, last), line: 1, col: 1 }, `the last revision of the history cannot be read: ${rev}`));
  return null;
}
