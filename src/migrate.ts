import path from 'node:path';
import type { StoreSchema } from './compile.js';
import { diff, hintedRenames, invertRenames } from './diff/diff.js';
import type { Change } from './diff/changes.js';
import type { Span } from './diagnostics/diagnostic.js';
import { sqlComments } from './emit/comment.js';
import type { Statement } from './emit/statement.js';
import type { SchemaState, Table } from './ir/schema.js';
import { formatFiles, type Format, type OutFile } from './migrations/formats.js';
import { ALEMBIC_METADATA } from './migrations/alembic.js';
import { sqlalchemyModule, type PythonSource } from './python/sqlalchemy.js';
import type { FolderHistory, StreamHistory } from './migrations/folder.js';
import { layoutOf } from './migrations/layouts.js';
import { recordFiles } from './migrations/record.js';
import { STATE_FILE, STATE_VERSION, type StreamName, type StreamState } from './migrations/state.js';
import { changeStatements } from './dialects/rebuild.js';
import { findHazards, type Hazard } from './plan/hazards.js';
import { plan, tableOf } from './plan/plan.js';

/** StreamPlan is the next migration of one stream: its changes, hazards and files (none when nothing changed). */
export interface StreamPlan {
  readonly stream: StreamName;
  readonly history: StreamHistory;
  /** The changes as diffed (what the user changed; the dialect may apply some by rebuilding a table). */
  readonly changes: readonly Change[];
  readonly hazards: readonly Hazard[];
  /** Files to write, relative to the migrations folder, in writing order (the checksum last). */
  readonly files: readonly OutFile[];
}

/**
 * metadataFile is the module the env.py of an Alembic folder loads (`metaxy_metadata.py` beside
 * alembic.ini): the store's tables as SQLAlchemy metadata, as the history's head creates them,
 * for `alembic check` and autogenerate; null for other formats, and for a dialect SQLAlchemy
 * describes only through another package.
 */
export function metadataFile(s: StoreSchema, format: Format, source: PythonSource): OutFile | null {
  const types = s.dialect.tools.sqlalchemy.types;
  return format === 'alembic' && types !== null ? { name: ALEMBIC_METADATA, text: sqlalchemyModule(s, types, source) } : null;
}

/** MigrateRequest is the history read from the migrations folder and how to name the next migration. */
export interface MigrateRequest {
  readonly history: FolderHistory;
  readonly name: string | undefined;
}

/** splitStreams puts Metaxy's system tables in the `system` stream and feature tables in `features`. */
export function splitStreams(schema: SchemaState): Record<StreamName, SchemaState> {
  return {
    system: { kind: 'Schema', tables: schema.tables.filter((t) => t.key === null) },
    features: { kind: 'Schema', tables: schema.tables.filter((t) => t.key !== null) },
  };
}

/**
 * planMigrations diffs the features against each stream's recorded state and lays out the
 * next migration of each: up and down SQL in the history's format, the new state and checksums.
 */
export function planMigrations(s: StoreSchema, req: MigrateRequest): StreamPlan[] {
  const desired = splitStreams(s.schema);
  return req.history.streams.map((history) => planStream(s, req, history, desired[history.stream]));
}

const EMPTY: SchemaState = { kind: 'Schema', tables: [] };

function planStream(s: StoreSchema, req: MigrateRequest, history: StreamHistory, to: SchemaState): StreamPlan {
  const from = history.state?.schema ?? EMPTY;
  const renames = hintedRenames(to);
  const raw = diff(from, to, renames);
  const changes = plan(from, to, raw, s.dialect.supports);
  const historySpan: Span = { file: path.join(history.display, STATE_FILE), line: 1, col: 1 };
  // Hazards are judged on the changes as diffed, before a dialect folds some into a table rebuild.
  const before = beforeTables(from, raw);
  const hazards = findHazards(raw, to, historySpan, (c) => s.dialect.unsupported(c, before));
  const none = { stream: history.stream, history, changes: raw, hazards, files: [] };
  if (history.problems.length > 0) return none;
  // A stream without a state records one with the folder's first run, even an empty one: a
  // stream missing later is then known to be deleted, not new.
  const migration = raw.length === 0 ? [] : migrationFiles(s, req, history, { from, to, raw, changes, hazards, renames });
  if (migration.length === 0 && history.state) return none;
  const format = req.history.format;
  const number = (history.state?.lastNumber ?? 0) + 1;
  const state: StreamState = {
    version: STATE_VERSION,
    dialect: s.dialect.name,
    format,
    files: [...(history.state?.files ?? []), ...migration.map((f) => f.name)],
    lastNumber: migration.length > 0 ? number : (history.state?.lastNumber ?? 0),
    schema: to, // made recordable as it is printed (stateText)
  };
  const files = [...migration, ...recordFiles(history, layoutOf(format), migration, state)].map((f) => ({ ...f, name: path.join(history.stream, f.name) }));
  return { ...none, files };
}

interface Diffed {
  readonly from: SchemaState;
  readonly to: SchemaState;
  readonly raw: readonly Change[];
  readonly changes: readonly Change[];
  readonly hazards: readonly Hazard[];
  readonly renames: ReturnType<typeof hintedRenames>;
}

/** migrationFiles renders the next migration of a stream (up, and down by the differ run backwards) in the history's format. */
function migrationFiles(s: StoreSchema, req: MigrateRequest, history: StreamHistory, d: Diffed): OutFile[] {
  const down = plan(d.to, d.from, diff(d.to, d.from, invertRenames(d.renames, d.from, d.to)), s.dialect.supports);
  const marked = hazardMarks(d.hazards);
  const upSql = render(s, d.changes, (c) => (c.kind === 'RebuildTable' ? marked.byTable.get(c.to.name) : marked.byChange.get(c)) ?? []);
  const downSql = render(s, down, (c) => (c.kind === 'AddColumn' || c.kind === 'AddTable' ? ['IRREVERSIBLE: restores the structure, not the data it held'] : []));
  const number = (history.state?.lastNumber ?? 0) + 1;
  const slug = slugOf(req.name, d.raw, number);
  const header = [
    `metaxy-compile migration ${String(number).padStart(4, '0')} "${slug}" of the ${history.stream} stream, store "${s.ctx.store.name}" (${s.dialect.label})`,
    ...(s.dialect.supports.transactionalDdl ? [] : [`${s.dialect.label} DDL is not transactional: if a statement fails, the ones before it stay applied.`]),
  ];
  const text = { number, slug, stream: history.stream, header, up: upSql, down: downSql, transactional: s.dialect.supports.transactionalDdl, follows: history.head };
  return formatFiles(req.history.format, text);
}

/**
 * hazardMarks indexes the hazards' marks by the change they come from, and by table for the
 * table rebuilds a dialect folds changes into (a lookup per change, not a scan of every hazard).
 */
function hazardMarks(hazards: readonly Hazard[]): { byChange: Map<Change, string[]>; byTable: Map<string, string[]> } {
  const byChange = new Map<Change, string[]>();
  const byTable = new Map<string, string[]>();
  const add = <K>(m: Map<K, string[]>, k: K, mark: string) => {
    const list = m.get(k);
    if (list) list.push(mark);
    else m.set(k, [mark]);
  };
  for (const h of hazards) {
    const mark = `DESTRUCTIVE (${h.kind}): ${h.message}`;
    add(byChange, h.change, mark);
    add(byTable, tableOf(h.change), mark);
  }
  return { byChange, byTable };
}

/**
 * render emits the statements of planned changes, each comment prefixed by its marks, in
 * transaction blocks: DuckDB checks index dependencies against committed state, so where its
 * ALTERs are blocked by indexes, the index drops are committed in a block of their own first.
 */
function render(s: StoreSchema, changes: readonly Change[], marks: (c: Change) => string[]): string[][] {
  const emit = (list: readonly Change[]) =>
    list.flatMap((c) => {
      // The marks head the change's first statement only.
      return changeStatements(s.dialect, c, s.ctx).map((st: Statement, i) => `${sqlComments([...(i === 0 ? marks(c) : []), st.comment])}\n${st.sql};`);
    });
  const drops = changes.filter((c) => c.kind === 'DropIndex');
  if (!s.dialect.supports.alterBlockedByIndex || drops.length === 0 || drops.length === changes.length) return [emit(changes)];
  return [emit(drops), emit(changes.filter((c) => c.kind !== 'DropIndex'))];
}

/** beforeTables looks a table up in the recorded state by its new name (following a rename). */
function beforeTables(from: SchemaState, changes: readonly Change[]): (table: string) => Table | undefined {
  const byName = new Map(from.tables.map((t) => [t.name, t]));
  const renamed = new Map(changes.flatMap((c) => (c.kind === 'RenameTable' ? [[c.to, c.from] as const] : [])));
  return (table) => byName.get(renamed.get(table) ?? table);
}

function slugOf(name: string | undefined, changes: readonly Change[], number: number): string {
  const clean = (x: string) => x.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '').slice(0, 48) || 'migration';
  if (name !== undefined) return clean(name);
  if (number === 1) return 'initial';
  const kinds = [...new Set(changes.map((c) => c.kind))];
  const first = changes[0]!;
  const table = tableOf(first);
  return clean(kinds.length === 1 ? `${kinds[0]!.replace(/([a-z])([A-Z])/g, '$1_$2')}_${table}` : `update_${table}`);
}
