import path from 'node:path';
import type { StoreSchema } from './compile.js';
import { diff, hintedRenames, invertRenames } from './diff/diff.js';
import type { Change } from './diff/changes.js';
import type { Span } from './diagnostics/diagnostic.js';
import type { Statement } from './emit/statement.js';
import type { SchemaState } from './ir/schema.js';
import { alembicEnv, formatFiles, type Format, type OutFile } from './migrations/formats.js';
import { readStream, sumEntries, type StreamHistory } from './migrations/folder.js';
import { recordable, stateText, STATE_FILE, SUM_FILE, type StreamName, type StreamState } from './migrations/state.js';
import { hashFile } from './migrations/sum.js';
import { findHazards, type Hazard } from './plan/hazards.js';
import { plan, tableOf } from './plan/plan.js';

/** StreamPlan is the next migration of one stream: its changes, hazards and files (none when nothing changed). */
export interface StreamPlan {
  readonly stream: StreamName;
  readonly history: StreamHistory;
  /** The changes as planned for the dialect. */
  readonly changes: readonly Change[];
  readonly hazards: readonly Hazard[];
  /** Files to write, relative to the migrations folder, in writing order (the checksum last). */
  readonly files: readonly OutFile[];
}

/** MigrateRequest says where the history is and how to write the next migration. */
export interface MigrateRequest {
  readonly dir: string;
  readonly format: Format;
  readonly name: string | undefined;
  readonly allowDestructive: boolean;
}

const STREAMS: readonly StreamName[] = ['system', 'features'];

/** splitStreams puts Metaxy's system tables in the `system` stream and feature tables in `features`. */
export function splitStreams(schema: SchemaState): Record<StreamName, SchemaState> {
  return {
    system: { kind: 'Schema', tables: schema.tables.filter((t) => t.key === null) },
    features: { kind: 'Schema', tables: schema.tables.filter((t) => t.key !== null) },
  };
}

/**
 * planMigrations diffs the features against each stream's recorded state and lays out the
 * next migration of each: up and down SQL in the chosen format, the new state and checksum.
 */
export function planMigrations(s: StoreSchema, req: MigrateRequest): StreamPlan[] {
  const desired = splitStreams(s.schema);
  return STREAMS.map((stream) => planStream(s, req, readStream(req.dir, stream, s.dialect.name, req.format), desired[stream]));
}

function planStream(s: StoreSchema, req: MigrateRequest, history: StreamHistory, to: SchemaState): StreamPlan {
  const from = history.state.schema;
  const renames = hintedRenames(to);
  const raw = diff(from, to, renames);
  const changes = plan(from, to, raw, s.dialect.supports);
  const historySpan: Span = { file: path.join(req.dir, history.stream, STATE_FILE), line: 1, col: 1 };
  // Hazards are judged on the changes as diffed, before a dialect folds some into a table rebuild.
  const hazards = findHazards(raw, to, historySpan, (c) => s.dialect.unsupported(c));
  if (changes.length === 0 || history.problems.length > 0) return { stream: history.stream, history, changes, hazards, files: [] };
  const down = plan(to, from, diff(to, from, invertRenames(renames, from, to)), s.dialect.supports);
  const upSql = render(s, changes, (c) =>
    hazards
      .filter((h) => h.change === c || (c.kind === 'RebuildTable' && tableOf(h.change) === c.to.name))
      .map((h) => `DESTRUCTIVE (${h.kind}): ${h.message}`),
  );
  const downSql = render(s, down, (c) => (c.kind === 'AddColumn' || c.kind === 'AddTable' ? ['IRREVERSIBLE: restores the structure, not the data it held'] : []));
  const number = history.state.migrations + 1;
  const slug = slugOf(req.name, raw, number);
  const header = [
    `metaxy-compile migration ${String(number).padStart(4, '0')} "${slug}" of the ${history.stream} stream, store "${s.ctx.store.name}" (${s.dialect.label})`,
    ...(s.dialect.supports.transactionalDdl ? [] : [`${s.dialect.label} DDL is not transactional: if a statement fails, the ones before it stay applied.`]),
  ];
  const migration = formatFiles(req.format, { number, slug, stream: history.stream, header, up: upSql, down: downSql, transactional: s.dialect.supports.transactionalDdl });
  const extra: OutFile[] = req.format === 'alembic' && number === 1 ? [{ name: 'env.py', text: alembicEnv(history.stream) }] : [];
  const state: StreamState = {
    ...history.state,
    format: req.format,
    files: [...history.state.files, ...migration.map((f) => f.name)],
    migrations: number,
    schema: recordable(to),
  };
  const files = [...extra, ...migration, ...sums(history, migration, state, req.format)].map((f) => ({ ...f, name: path.join(history.stream, f.name) }));
  return { stream: history.stream, history, changes, hazards, files };
}

function sums(history: StreamHistory, added: readonly OutFile[], state: StreamState, format: Format): OutFile[] {
  const text = stateText(state);
  const old = sumEntries(history.dir, history.state.files, text).slice(0, -1);
  const entries = [...old, ...added.map((f) => ({ name: f.name, bytes: f.text })), { name: STATE_FILE, bytes: text }];
  const out: OutFile[] = [{ name: STATE_FILE, text }];
  if (format === 'atlas') {
    // Atlas's own atlas.sum covers the directory's .sql files in name order.
    const sql = entries.filter((e) => e.name.endsWith('.sql')).sort((a, b) => (a.name < b.name ? -1 : 1));
    out.push({ name: 'atlas.sum', text: hashFile(sql) });
  }
  out.push({ name: SUM_FILE, text: hashFile(entries) });
  return out;
}

/**
 * render emits the statements of planned changes, each comment prefixed by its marks, in
 * transaction blocks: DuckDB checks index dependencies against committed state, so where its
 * ALTERs are blocked by indexes, the index drops are committed in a block of their own first.
 */
function render(s: StoreSchema, changes: readonly Change[], marks: (c: Change) => string[]): string[][] {
  const emit = (list: readonly Change[]) =>
    list.flatMap((c) => {
      const prefix = marks(c).map((m) => `${m}\n-- `).join('');
      return s.dialect.change(c, s.ctx).map((st: Statement) => `-- ${prefix}${st.comment}\n${st.sql};`);
    });
  const drops = changes.filter((c) => c.kind === 'DropIndex');
  if (!s.dialect.supports.alterBlockedByIndex || drops.length === 0 || drops.length === changes.length) return [emit(changes)];
  return [emit(drops), emit(changes.filter((c) => c.kind !== 'DropIndex'))];
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
