import type { DialectName } from '../config/stores.js';
import type { SchemaState, Table } from '../ir/schema.js';
import { scalar, type ColumnType } from '../ir/types.js';

/** STATE_FILE is the record of the state a stream's migrations reach. */
export const STATE_FILE = 'metaxy.state.json';
/** SUM_FILE is the stream's checksum file: a digest of every recorded file and of the state. */
export const SUM_FILE = 'metaxy.sum';
/** STATE_VERSION is the history format written: 2 (1, written before, is read and upgraded on the next write). */
export const STATE_VERSION = 2;

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

function recordableTable(t: Table): Table {
  return {
    ...t,
    span: null,
    renamedFrom: null,
    columns: t.columns.map((c) => ({ ...c, span: null, renamedFrom: null })),
  };
}

const TABLES = '__metaxy_state_tables__';

/**
 * stateText prints a state as stable JSON (keys in a fixed order by construction), one table
 * per line: a change to a table is a one-line diff in review, and the file stays compact
 * (indenting every value made it 3x larger, and slower to write, hash and parse). Tables are
 * made recordable (no source positions, no rename hints) one at a time as they are printed.
 */
export function stateText(state: StreamState): string {
  const { version, dialect, format, files, lastNumber, schema } = state;
  const head = JSON.stringify({ version, dialect, format, files, lastNumber, schema: { ...schema, tables: TABLES } });
  const at = head.lastIndexOf(`"${TABLES}"`);
  const tables = schema.tables.map((t) => JSON.stringify(recordableTable(t)));
  const list = tables.length === 0 ? '[]' : `[\n${tables.join(',\n')}\n]`;
  return `${head.slice(0, at)}${list}${head.slice(at + TABLES.length + 2)}\n`;
}

/** StateError is why a text is no state, and where (1-based line and column). */
export interface StateError {
  readonly message: string;
  readonly line: number;
  readonly col: number;
}

/**
 * parseState validates a recorded state of history format 1 or 2 (format 1 counted its
 * migrations in `migrations`, which is the last number); returns the reason when it is not one.
 */
export function parseState(text: string): StreamState | StateError {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { message: `it is not JSON (${jsonError(e)})`, ...syntaxPosition(text, e) };
  }
  const s = raw as Partial<StreamState> & { migrations?: unknown };
  const at = (key: string) => keyPosition(text, key);
  if (s === null || typeof s !== 'object' || Array.isArray(s)) return { message: 'it is not a JSON object', line: 1, col: 1 };
  if (s.version !== 1 && s.version !== STATE_VERSION) {
    return { message: `it has history format ${JSON.stringify(s.version)}; this metaxy-compile reads formats 1 and ${STATE_VERSION} (a newer metaxy-compile wrote it?)`, ...at('version') };
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
  const tables = (s.schema as { tables?: unknown } | undefined)?.tables;
  if (!Array.isArray(tables)) return { message: 'it has no "tables"', ...at('schema') };
  type Loose = { name?: unknown; columns?: { name?: unknown; type?: { kind?: unknown }; nullable?: unknown }[]; indexes?: unknown };
  for (const [i, t] of (tables as Loose[]).entries()) {
    // stateText prints table i on line i + 2.
    const line = { line: i + 2, col: 1 };
    if (typeof t?.name !== 'string' || !Array.isArray(t.columns) || !Array.isArray(t.indexes)) return { message: `table ${i + 1} is malformed`, ...line };
    if (t.columns.some((c) => typeof c?.name !== 'string' || typeof c.type?.kind !== 'string' || typeof c.nullable !== 'boolean')) {
      return { message: `table "${t.name}" has a malformed column`, ...line };
    }
  }
  const { version, dialect, format, files, schema } = s as StreamState;
  return upgradeState({ version, dialect, format, files, lastNumber: last, schema });
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
