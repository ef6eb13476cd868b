import type { DialectName } from '../config/stores.js';
import type { SchemaState, Table } from '../ir/schema.js';
import { scalar, type ColumnType } from '../ir/types.js';

/** STATE_FILE is the record of the state a stream's migrations reach. */
export const STATE_FILE = 'metaxy.state.json';
/** SUM_FILE is the stream's checksum file (Atlas's algorithm over the recorded files and the state). */
export const SUM_FILE = 'metaxy.sum';
/** Version 2: PostgreSQL `string` is VARCHAR (issue 10); version 1 states are read through upgradeState. */
const VERSION = 2;

/** StreamName is each of the two histories of a migrations folder. */
export type StreamName = 'system' | 'features';

/** StreamState is what a stream's migrations reach, and the files that hold them. */
export interface StreamState {
  readonly version: number;
  readonly dialect: DialectName;
  readonly format: string;
  /** Every migration file written, in order (up and down files). */
  readonly files: readonly string[];
  /** How many migrations the stream holds. */
  readonly migrations: number;
  readonly schema: SchemaState;
}

/** recordable strips what must not be recorded (source positions, rename hints). */
export function recordable(schema: SchemaState): SchemaState {
  return { kind: 'Schema', tables: schema.tables.map(recordableTable) };
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
 * made recordable one at a time as they are printed (no second copy of a large schema).
 */
export function stateText(state: StreamState): string {
  const head = JSON.stringify({ ...state, schema: { ...state.schema, tables: TABLES } });
  const at = head.lastIndexOf(`"${TABLES}"`);
  const tables = state.schema.tables.map((t) => JSON.stringify(recordableTable(t)));
  const list = tables.length === 0 ? '[]' : `[\n${tables.join(',\n')}\n]`;
  return `${head.slice(0, at)}${list}${head.slice(at + TABLES.length + 2)}\n`;
}

/** parseState validates a recorded state; returns the reason when it is not one. */
export function parseState(text: string): StreamState | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `${STATE_FILE} is not JSON (${(e as Error).message})`;
  }
  const s = raw as Partial<StreamState>;
  if (s === null || typeof s !== 'object') return `${STATE_FILE} is not an object`;
  if (s.version !== VERSION && s.version !== 1) return `${STATE_FILE} has version ${String(s.version)}; this metaxy-compile reads versions 1 and ${VERSION}`;
  if (typeof s.dialect !== 'string' || typeof s.format !== 'string' || typeof s.migrations !== 'number') return `${STATE_FILE} lacks dialect, format or migrations`;
  if (!Array.isArray(s.files) || s.files.some((f) => typeof f !== 'string')) return `${STATE_FILE} has no file list`;
  const tables = (s.schema as { tables?: unknown } | undefined)?.tables;
  if (!Array.isArray(tables)) return `${STATE_FILE} has no tables`;
  type Loose = { name?: unknown; columns?: { name?: unknown; type?: { kind?: unknown }; nullable?: unknown }[]; indexes?: unknown };
  for (const t of tables as Loose[]) {
    if (typeof t?.name !== 'string' || !Array.isArray(t.columns) || !Array.isArray(t.indexes)) return `${STATE_FILE} has a malformed table`;
    if (t.columns.some((c) => typeof c?.name !== 'string' || typeof c.type?.kind !== 'string' || typeof c.nullable !== 'boolean')) {
      return `${STATE_FILE} has a malformed column in "${t.name}"`;
    }
  }
  return upgradeState(s as StreamState);
}

/**
 * upgradeState reads a state recorded by an earlier metaxy-compile as what its migrations
 * created, in today's terms: before version 2, PostgreSQL `string` columns (and arrays of them)
 * were TEXT, recorded here as `text`, so the next migration turns them into VARCHAR.
 */
export function upgradeState(s: StreamState): StreamState {
  if (s.version === VERSION) return s;
  const text = (t: ColumnType): ColumnType => {
    if (t.kind === 'Scalar' && t.name === 'string') return scalar('text');
    if (t.kind === 'List' && t.of.kind === 'Scalar' && t.of.name === 'string') return { kind: 'List', of: scalar('text') };
    return t;
  };
  const tables = s.dialect !== 'postgres' ? s.schema.tables : s.schema.tables.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c, type: text(c.type) })) }));
  return { ...s, version: VERSION, schema: { ...s.schema, tables } };
}

/** emptyState is a stream with no history: "from nothing". */
export function emptyState(dialect: DialectName, format: string): StreamState {
  return { version: VERSION, dialect, format, files: [], migrations: 0, schema: { kind: 'Schema', tables: [] } };
}
