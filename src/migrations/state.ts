import type { DialectName } from '../config/stores.js';
import type { SchemaState, Table } from '../ir/schema.js';
import { scalar, type ColumnType } from '../ir/types.js';
import { readColumns, readTable, tableLines } from './state-tables.js';

/** STATE_FILE is the record of the state a stream's migrations reach. */
export const STATE_FILE = 'metaxy.state.json';
/** SUM_FILE is the stream's checksum file: a digest of every recorded file and of the state. */
export const SUM_FILE = 'metaxy.sum';
/** STATE_VERSION is the history format written: 3 (1 and 2, written before, are read and upgraded on the next write). */
export const STATE_VERSION = 3;

/** StreamName is each of the two histories of a migrations folder. */
export type StreamName = 'system' | 'features';

/** STREAMS are the streams of a migrations folder, in the order they are applied. */
export const STREAMS: readonly StreamName[] = ['system', 'features'];

/** StreamState is what a stream's migrations reach, and the files that hold them. */
export interface StreamState {
  readonly version: number;
  readonly dialect: DialectName;
  readonly format: string;
  /** Every migration file of the history (up and down files, generated or taken in by `hash`), in the stream's order. */
  readonly files: readonly string[];
  /** The highest migration number the stream used: the next generated migration is numbered after it. */
  readonly lastNumber: number;
  readonly schema: SchemaState;
}

/**
 * stateText prints a state in history format 3 (state-tables.ts): stable JSON, the stream's
 * fields on the first line, then one table per line (a change to a table is a one-line diff
 * in review), then `]}`.
 */
export function stateText(state: StreamState): string {
  const { version, dialect, format, files, lastNumber, schema } = state;
  const { lastColumns, lines } = tableLines(schema.tables);
  const head = JSON.stringify({ version, dialect, format, files, lastNumber });
  const body = lines.length === 0 ? '' : `${lines.join(',\n')}\n`;
  return `${head.slice(0, -1)},"lastColumns":${lastColumns},"tables":[\n${body}]}\n`;
}

/** StateError is why a text is no state, and where (1-based line and column). */
export interface StateError {
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

type Head = Omit<StreamState, 'schema'>;

/**
 * parseState validates a recorded state of history format 1, 2 or 3 (format 1 counted its
 * migrations in `migrations`, which is the last number); returns the reason when it is not one.
 * `desired` are the tables the run is about to record: a format 3 table whose line is the line
 * of one of them is that table (its line is not parsed); any other line is parsed and checked.
 */
export function parseState(text: string, desired: readonly Table[] = []): StreamState | StateError {
  const laidOut = parseLines(text, desired);
  if (laidOut !== null) return laidOut;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { message: `it is not JSON (${jsonError(e)})`, ...syntaxPosition(text, e) };
  }
  const head = readHead(raw, text);
  if ('message' in head) return head;
  const s = raw as { tables?: unknown; lastColumns?: unknown; schema?: { tables?: unknown } };
  if (head.version === STATE_VERSION) {
    const last = readColumns(s.lastColumns);
    if (last === null) return { message: 'its "lastColumns" are malformed', ...keyPosition(text, 'lastColumns') };
    if (!Array.isArray(s.tables)) return { message: 'it has no "tables"', ...keyPosition(text, 'tables') };
    const tables: Table[] = [];
    for (const [i, t] of s.tables.entries()) {
      const table = readTable(t, last);
      if (table === null) return { message: `table ${i + 1} is malformed`, line: i + 2, col: 1 };
      tables.push(table);
    }
    return { ...head, schema: { kind: 'Schema', tables } };
  }
  return readSnapshot(head, s.schema?.tables, text);
}

/**
 * parseLines reads a format 3 state in the layout stateText prints, matching its lines against
 * the desired tables' lines; null when the text is not in that layout (it is then read whole).
 */
function parseLines(text: string, desired: readonly Table[]): StreamState | StateError | null {
  if (!text.startsWith(`{"version":${STATE_VERSION},`)) return null;
  const lines = text.split('\n');
  const n = lines.length;
  if (n < 3 || lines[n - 1] !== '' || lines[n - 2] !== ']}' || !lines[0]!.endsWith('"tables":[')) return null;
  let raw: { lastColumns?: unknown; tables?: unknown };
  try {
    raw = JSON.parse(`${lines[0]}]}`) as typeof raw;
  } catch {
    return null;
  }
  const head = readHead(raw, text);
  if ('message' in head) return head;
  const last = readColumns(raw.lastColumns);
  if (last === null) return { message: 'its "lastColumns" are malformed', ...keyPosition(text, 'lastColumns') };
  const same = matcher(desired, JSON.stringify(raw.lastColumns));
  const tables: Table[] = [];
  for (let i = 1; i < n - 2; i++) {
    const line = i < n - 3 ? lines[i]!.slice(0, -1) : lines[i]!;
    if (i < n - 3 && !lines[i]!.endsWith(',')) return null;
    const known = same(line, i - 1);
    if (known !== undefined) {
      tables.push(known);
      continue;
    }
    let t: unknown;
    try {
      t = JSON.parse(line);
    } catch {
      return null; // located by the whole read
    }
    const table = readTable(t, last);
    if (table === null) return { message: `table ${i} is malformed`, line: i + 1, col: 1 };
    tables.push(table);
  }
  return { ...head, schema: { kind: 'Schema', tables } };
}

/**
 * matcher finds the desired table a recorded line prints (undefined: none), when the recorded
 * last columns are the desired ones: first at the same position (tables keep their order, and
 * comparing two strings is cheaper than hashing them), else by its text.
 */
function matcher(desired: readonly Table[], lastColumns: string): (line: string, at: number) => Table | undefined {
  const mine = tableLines(desired);
  if (lastColumns !== mine.lastColumns) return () => undefined;
  let byText: Map<string, Table> | undefined;
  return (line, at) => {
    if (mine.lines[at] === line) return desired[at];
    byText ??= new Map(mine.lines.map((l, i) => [l, desired[i]!]));
    return byText.get(line);
  };
}

/** readHead checks the stream's own fields, every format alike. */
function readHead(raw: unknown, text: string): Head | StateError {
  const s = raw as Partial<StreamState> & { migrations?: unknown };
  const at = (key: string) => keyPosition(text, key);
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return { message: 'it is not a JSON object', line: 1, col: 1 };
  if (s.version !== 1 && s.version !== 2 && s.version !== STATE_VERSION) {
    return { message: `it has history format ${JSON.stringify(s.version)}; this metaxy-compile reads formats 1 to ${STATE_VERSION} (a newer metaxy-compile wrote it?)`, ...at('version') };
  }
  const last = s.version === 1 ? s.migrations : s.lastNumber;
  if (typeof s.dialect !== 'string') return { message: 'it has no "dialect"', ...at('dialect') };
  if (typeof s.format !== 'string') return { message: 'it has no "format"', ...at('format') };
  if (typeof last !== 'number' || !Number.isSafeInteger(last) || last < 0) return { message: 'it has no migration count ("lastNumber")', ...at(s.version === 1 ? 'migrations' : 'lastNumber') };
  if (!Array.isArray(s.files) || s.files.some((f) => typeof f !== 'string')) return { message: 'it has no list of "files"', ...at('files') };
  // Recorded files are plain names inside the stream folder, or inside one folder of it (Alembic's
  // versions/), none hidden: nothing else is ever read through them.
  const odd = s.files.find((f) => !/^(?:[^./\\\u0000-\u001f][^/\\\u0000-\u001f]*\/)?[^./\\\u0000-\u001f][^/\\\u0000-\u001f]*$/.test(f));
  if (odd !== undefined) return { message: `"files" lists ${JSON.stringify(odd)}, which is no file name of the stream folder`, ...at('files') };
  return { version: s.version, dialect: s.dialect as DialectName, format: s.format, files: s.files, lastNumber: last };
}

/** readSnapshot reads the tables of formats 1 and 2: the resolved tables as they were, checked lightly. */
function readSnapshot(head: Head, tables: unknown, text: string): StreamState | StateError {
  if (!Array.isArray(tables)) return { message: 'it has no "tables"', ...keyPosition(text, 'schema') };
  type Loose = { name?: unknown; columns?: { name?: unknown; type?: { kind?: unknown }; nullable?: unknown }[]; indexes?: unknown };
  for (const [i, t] of (tables as Loose[]).entries()) {
    // Formats 1 and 2 printed table i on line i + 2.
    const line = { line: i + 2, col: 1 };
    if (typeof t?.name !== 'string' || !Array.isArray(t.columns) || !Array.isArray(t.indexes)) return { message: `table ${i + 1} is malformed`, ...line };
    if (t.columns.some((c) => typeof c?.name !== 'string' || typeof c.type?.kind !== 'string' || typeof c.nullable !== 'boolean')) {
      return { message: `table "${t.name}" has a malformed column`, ...line };
    }
  }
  return upgradeState({ ...head, schema: { kind: 'Schema', tables: tables as Table[] } });
}

/**
 * upgradeState reads a state recorded by an earlier metaxy-compile as what its migrations
 * created, in today's terms: in format 1, PostgreSQL `string` columns (and arrays of them)
 * were TEXT, recorded here as `text`, so the next migration turns them into VARCHAR. The
 * version stays as read (it tells how the folder's checksums were written).
 */
function upgradeState(s: StreamState): StreamState {
  if (s.version !== 1 || s.dialect !== 'postgres') return s;
  const text = (t: ColumnType): ColumnType => {
    if (t.kind === 'Scalar' && t.name === 'string') return scalar('text');
    if (t.kind === 'List' && t.of.kind === 'Scalar' && t.of.name === 'string') return { kind: 'List', of: scalar('text') };
    return t;
  };
  const tables = s.schema.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: text(c.type) })) }));
  return { ...s, schema: { ...s.schema, tables } };
}

/** keyPosition is where a top-level key of the state's first line is (1:1 when absent). */
export function keyPosition(text: string, key: string): { line: number; col: number } {
  const end = text.indexOf('\n');
  const at = text.slice(0, end < 0 ? undefined : end).indexOf(`"${key}":`);
  return { line: 1, col: at < 0 ? 1 : at + 1 };
}

/** jsonError is JSON.parse's complaint without the excerpt of the text V8 appends. */
function jsonError(e: unknown): string {
  return (e as Error).message.split(/, (?:\.\.\.)?"|\n/)[0]!.replace(/ in JSON at position \d+.*/, '');
}

/** positionIn is where a JSON.parse error says it stopped, when it says (`at position N`). */
function positionIn(e: unknown): number | null {
  const m = / at position (\d+)/.exec((e as Error).message);
  return m ? Number(m[1]) : null;
}

/**
 * syntaxPosition locates a JSON syntax error (only on this error path): where JSON.parse says,
 * else on the first table line that does not parse (stateText prints a table per line).
 */
function syntaxPosition(text: string, e: unknown): { line: number; col: number } {
  const at = positionIn(e);
  if (at !== null) {
    const before = text.slice(0, at).split('\n');
    return { line: before.length, col: before.at(-1)!.length + 1 };
  }
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/,\s*$/, '');
    if (!line.startsWith('{')) continue;
    try {
      JSON.parse(line);
    } catch (err) {
      return { line: i + 1, col: (positionIn(err) ?? 0) + 1 };
    }
  }
  return { line: 1, col: 1 };
}

/** emptyState is a stream with no history: "from nothing". */
export function emptyState(dialect: DialectName, format: string): StreamState {
  return { version: STATE_VERSION, dialect, format, files: [], lastNumber: 0, schema: { kind: 'Schema', tables: [] } };
}
