import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { DialectName } from '../config/stores.js';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SchemaState } from '../ir/schema.js';
import { FORMATS, type Format } from './formats.js';
import { pendingOf, type Journal } from './journal.js';
import { layoutOf } from './layouts.js';
import { keyPosition, parseState, STATE_FILE, STREAMS, SUM_FILE, type StreamName, type StreamState } from './state.js';
import { errorText } from '../util/error-text.js';
import { verifyStream, type StreamHistory } from './stream.js';
import { parseSum, type RecordedSum } from './sum.js';

export type { StreamHistory } from './stream.js';

/** FolderRequest says which migrations folder to read and what the command expects of it. */
export interface FolderRequest {
  /** The folder, absolute. */
  readonly root: string;
  /** The folder as the user named it (`--dir`), for messages. */
  readonly display: string;
  /** The store's dialect (migrate, check); `hash` takes the recorded one. */
  readonly dialect?: DialectName;
  /** `--format`; else the recorded one, else plain. */
  readonly format?: Format;
  /** A committed run whose files still wait under temporary names: they are read there (check reads without the lock). */
  readonly journal: Journal | null;
  /** The tables each stream is about to record (migrate, check): recorded tables printed the same are taken as them, unparsed. */
  readonly desired?: Readonly<Record<StreamName, SchemaState>>;
}

/** FolderHistory is a migrations folder as read: its format and both streams. */
export interface FolderHistory {
  readonly format: Format;
  /** The dialect expected, else the recorded one; null when nothing is recorded. */
  readonly dialect: DialectName | null;
  readonly streams: readonly StreamHistory[];
}

/**
 * DRIFT_CODES are the problems that are changes made to a folder since it was recorded
 * (`check` exits 1 for them; `hash` accepts most); any other problem makes it unreadable.
 */
export const DRIFT_CODES: ReadonlySet<string> = new Set([
  'HISTORY_EDITED',
  'HISTORY_REMOVED',
  'HISTORY_STATE_MISSING',
  'HISTORY_SUM_EDITED',
  'HISTORY_ATLAS_SUM',
  'HISTORY_UNRECORDED',
  'HISTORY_UNKNOWN_FILE',
  'HISTORY_STREAM_MISSING',
]);

/** StreamFiles is a stream folder's entries (name -> is a folder) and how to read each. */
export interface StreamFiles {
  readonly entries: ReadonlyMap<string, boolean>;
  readonly read: (name: string) => Buffer;
}

/**
 * listStream lists a stream folder, and the folders of it that hold migrations (`folders`,
 * whose files are named `<folder>/<file>`); null when it does not exist. Hidden files are not
 * part of it (temporary files of a run, `.gitkeep`, dbmate's `.env`), nor folders holding only
 * hidden files; a committed run's files waiting under temporary names are, and are read there
 * (or in place once moved).
 */
export function listStream(dir: string, pending: ReadonlyMap<string, string>, folders: readonly string[] = []): StreamFiles | null {
  let list;
  try {
    list = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const entries = new Map<string, boolean>();
  const hidden = new Set<string>();
  const add = (prefix: string, found: readonly Dirent[]) => {
    for (const d of found) {
      if (d.name.startsWith('.')) hidden.add(prefix + d.name);
      else entries.set(prefix + d.name, d.isDirectory());
    }
  };
  add('', list);
  for (const [name, isDir] of [...entries]) {
    if (!isDir) continue;
    const inside = readdirSync(path.join(dir, name), { withFileTypes: true });
    if (folders.includes(name)) {
      entries.delete(name);
      add(`${name}/`, inside);
    }
    // A folder holding nothing but hidden files is no part of the stream: a run that never
    // committed may leave one it made for its files (Alembic's versions/) with its temporary files.
    else if (!inside.some((d) => !d.name.startsWith('.'))) entries.delete(name);
  }
  for (const [name, temp] of pending) if (hidden.has(temp)) entries.set(name, false);
  const read = (name: string): Buffer => {
    const temp = pending.get(name);
    if (temp !== undefined) {
      try {
        return readFileSync(path.join(dir, temp));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e; // moved into place meanwhile
      }
    }
    return readFileSync(path.join(dir, name));
  };
  return { entries, read };
}

/** Found is one stream folder as first read: its files, its state and its checksum. */
export interface Found {
  readonly stream: StreamName;
  readonly dir: string;
  readonly display: string;
  readonly files: StreamFiles | null;
  readonly stateText: string | null;
  readonly state: StreamState | null;
  readonly sum: RecordedSum | null;
  readonly problems: Diagnostic[];
}

function unreadable(display: string, what: string, e: unknown): Diagnostic {
  return diag('HISTORY_UNREADABLE', { file: display, line: 1, col: 1 }, what, errorText(e));
}

/** findStream reads a stream folder's listing, state and checksum; problems reading them are reported, not thrown. */
function findStream(req: FolderRequest, stream: StreamName): Found {
  const display = path.join(req.display, stream);
  const dir = path.join(req.root, stream);
  const base = { stream, dir, display, files: null, stateText: null, state: null, sum: null };
  let files: StreamFiles | null;
  try {
    files = listStream(dir, pendingOf(req.journal, stream));
  } catch (e) {
    return { ...base, problems: [unreadable(display, 'the stream folder', e)] };
  }
  const problems: Diagnostic[] = [];
  const text = (name: string): string | null => {
    if (!files?.entries.has(name)) return null;
    try {
      return files.read(name).toString('utf8');
    } catch (e) {
      problems.push(unreadable(path.join(display, name), name, e));
      return null;
    }
  };
  const stateText = text(STATE_FILE);
  const sumText = text(SUM_FILE);
  const sum = sumText === null ? null : parseSum(sumText);
  if (sumText !== null && sum === null) problems.push(diag('HISTORY_SUM_EDITED', { file: path.join(display, SUM_FILE), line: 1, col: 1 }, 'it is no checksum file', hashCommand(req.display)));
  const parsed = stateText === null ? null : parseState(stateText, req.desired?.[stream].tables);
  const state = parsed && 'schema' in parsed ? parsed : null;
  if (parsed && !('schema' in parsed)) problems.push(diag('HISTORY_INVALID', { file: path.join(display, STATE_FILE), line: parsed.line, col: parsed.col }, `${STATE_FILE} cannot be read: ${parsed.message}`));
  return { stream, dir, display, files, stateText, state, sum, problems };
}

/** hashCommand is the command that accepts edits to a folder, as the user would type it. */
export function hashCommand(display: string): string {
  return `metaxy-compile hash --dir ${/^[\w./-]+$/.test(display) ? display : `'${display.replaceAll("'", `'\\''`)}'`}`;
}

/**
 * readFolder reads both streams of a migrations folder: a missing or empty folder is "from
 * nothing"; otherwise each state must parse, be of the dialect and format expected, and every
 * file must match the checksum. Every problem is reported at the file, and line, that shows
 * it, with the fix; none is thrown.
 */
export function readFolder(req: FolderRequest): FolderHistory {
  const found = STREAMS.map((s) => findStream(req, s));
  const recorded = found.find((f) => f.state)?.state;
  const format = req.format ?? (FORMATS.includes(recorded?.format as Format) ? (recorded!.format as Format) : 'plain');
  const dialect = req.dialect ?? recorded?.dialect ?? null;
  const hash = hashCommand(req.display);
  const layout = layoutOf(format);
  const streams = found.map((f) => {
    const mismatch = expectations(f, dialect, format);
    if (mismatch.length > 0 || !f.files) return unverified(f, mismatch);
    const listed = withFolders(req, f, layout.folders);
    return listed.files ? verifyStream({ ...listed, files: listed.files }, layout, hash) : unverified(listed, []);
  });
  return { format, dialect, streams: streams.map((s, i) => withSibling(s, streams[1 - i]!, hash)) };
}

/** withFolders lists the folders of a stream that hold migrations (Alembic's versions/) beside its own files. */
function withFolders(req: FolderRequest, f: Found, folders: readonly string[]): Found {
  if (folders.length === 0) return f;
  try {
    return { ...f, files: listStream(f.dir, pendingOf(req.journal, f.stream), folders) };
  } catch (e) {
    return { ...f, files: null, problems: [...f.problems, unreadable(f.display, 'the stream folder', e)] };
  }
}

/** expectations reports a state of another dialect or format than the command's (or than the other stream's). */
function expectations(f: Found, dialect: DialectName | null, format: Format): Diagnostic[] {
  if (!f.state || !f.stateText) return [];
  const at = (key: string) => ({ file: path.join(f.display, STATE_FILE), ...keyPosition(f.stateText!, key) });
  const out: Diagnostic[] = [];
  if (dialect !== null && f.state.dialect !== dialect) out.push(diag('HISTORY_INVALID', at('dialect'), `this history was written for ${f.state.dialect}, not ${dialect}: use the store it was written for, or another --dir`));
  if (!FORMATS.includes(f.state.format as Format)) out.push(diag('HISTORY_INVALID', at('format'), `unknown format "${f.state.format}" (formats: ${FORMATS.join(', ')})`));
  else if (f.state.format !== format) out.push(diag('HISTORY_INVALID', at('format'), `this history holds ${f.state.format} migrations, not ${format}: pass --format ${f.state.format} (a history keeps its format)`));
  return out;
}

/** unverified is a stream that is absent, unreadable or not of the expected dialect or format: nothing in it is checked further. */
function unverified(f: Found, mismatch: readonly Diagnostic[]): StreamHistory {
  const exists = f.files !== null && f.files.entries.size > 0;
  return { stream: f.stream, dir: f.dir, display: f.display, state: f.state, exists, problems: [...f.problems, ...mismatch], digests: new Map(), head: null, added: [], missing: [], edited: [] };
}

/** withSibling reports a stream with no history (and no other problem) beside one that has one: deleted or emptied, not new. */
function withSibling(s: StreamHistory, other: StreamHistory, hash: string): StreamHistory {
  if (s.exists || s.problems.length > 0 || !other.exists) return s;
  const p = diag('HISTORY_STREAM_MISSING', { file: s.display, line: 1, col: 1 }, s.stream, other.stream, hash);
  return { ...s, problems: [...s.problems, p] };
}
