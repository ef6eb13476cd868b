import { existsSync } from 'node:fs';
import path from 'node:path';
import type { StoreSchema } from '../compile.js';
import { diag } from '../diagnostics/codes.js';
import { oneLine } from '../emit/comment.js';
import type { Change } from '../diff/changes.js';
import { metadataFile, planMigrations, splitStreams, type StreamPlan } from '../migrate.js';
import type { PythonSource } from '../python/sqlalchemy.js';
import { renderDiagnostic, sortDiagnostics, type Span } from '../diagnostics/diagnostic.js';
import { DRIFT_CODES, hashCommand, readFolder } from '../migrations/folder.js';
import type { Format, OutFile } from '../migrations/formats.js';
import { toolFiles, unsupportedTool } from '../migrations/tool-files.js';
import { JOURNAL_FILE } from '../migrations/journal.js';
import { readSnapshot } from '../migrations/snapshot.js';
import type { Hazard } from '../plan/hazards.js';
import { columnOf, tableOf } from '../plan/plan.js';
import type { CliArgs } from './args.js';
import { commitRun } from './commit.js';
import { folderProblem, targetOf, withFolder } from './folder-access.js';
import { EXIT, failed, type Io } from './io.js';

/** describeChange is a one-line summary of a change, for people and for `--json`. */
export function describeChange(c: Change): { kind: string; table: string; detail: string } {
  return { kind: c.kind, table: tableOf(c), detail: changeDetail(c) };
}

function changeDetail(c: Change): string {
  switch (c.kind) {
    case 'RenameColumn':
    case 'RenameTable':
    case 'RenameIndex':
    case 'RenamePrimaryKey':
      return `${c.from} -> ${c.to}`;
    case 'AddIndex':
    case 'DropIndex':
      return c.index.name;
    case 'AddPrimaryKey':
    case 'DropPrimaryKey':
      return c.key.name;
    case 'SetSortKey':
      return c.to.join(', ');
    default:
      return columnOf(c) ?? '';
  }
}

/**
 * StoreSource is where the store of a run is configured: the Metaxy configuration file (absolute;
 * null when none was read) and the store's position in it; and what the folder's generated Python
 * says it is made from.
 */
export interface StoreSource {
  readonly configFile: string | null;
  readonly span: Span;
  readonly python: PythonSource;
}

/**
 * runMigrate writes the next migration of each stream under the folder lock, with the tool's
 * own files that are missing, or refuses (exit 3) a destructive plan; a format whose tool
 * cannot apply the store is refused at the store (exit 2).
 */
export function runMigrate(args: CliArgs, s: StoreSchema, source: StoreSource, io: Io): number {
  const t = targetOf(args, io);
  if (!t) return EXIT.badInput;
  // The parser accepts only the values of FORMATS (src/cli/commands.ts); without it the history keeps its own.
  const format = args.format as Format | undefined;
  return withFolder(t, io, 'migrate', true, () => {
    const history = readFolder({ root: t.root, display: t.display, dialect: s.dialect.name, format, journal: null, desired: splitStreams(s.schema) });
    const unsupported = unsupportedTool(history.format, s.dialect);
    if (unsupported) return failed([diag('FORMAT_UNSUPPORTED', source.span, s.ctx.store.name, unsupported)], io), EXIT.badInput;
    const plans = planMigrations(s, { history, name: args.name });
    if (failed(plans.flatMap((p) => p.history.problems), io)) return EXIT.badInput;
    const hazards = plans.flatMap((p) => p.hazards);
    const refused = hazards.some((h) => h.blocking) || (hazards.length > 0 && !args.allowDestructive);
    const config = source.configFile === null ? null : path.relative(t.root, source.configFile).split(path.sep).join('/');
    const missing = (f: OutFile) => !existsSync(path.join(t.root, f.name));
    const module = metadataFile(s, history.format, source.python);
    // The metadata module follows the history's head: written with every migration, and when missing.
    const generated = module !== null && (plans.some((p) => p.files.length > 0) || missing(module)) ? [module] : [];
    const tools = [...toolFiles(history.format, { store: s.ctx.store, dialect: s.dialect, config }).filter(missing), ...generated];
    if (args.json) io.stdout(`${JSON.stringify(planJson(plans, tools, refused), null, 2)}\n`);
    if (refused) return refuse(hazards, s, io);
    const files = [...tools, ...plans.flatMap((p) => p.files)];
    const clobbered = files.filter((f) => !/(metaxy\.state\.json|metaxy\.sum|atlas\.sum)$/.test(f.name) && !generated.includes(f) && existsSync(path.join(t.root, f.name)));
    if (failed(clobbered.map((f) => diag('HISTORY_INVALID', { file: path.join(t.display, f.name), line: 1, col: 1 }, 'a migration file of that name already exists; it is never rewritten')), io)) {
      return EXIT.badInput;
    }
    const problem = files.length > 0 ? commitRun(t.root, t.display, files) : null;
    if (problem) return failed([problem], io), EXIT.badInput;
    if (!args.json) io.stdout(files.length === 0 ? 'no changes: nothing written\n' : files.map((f) => `wrote ${path.join(t.display, f.name)}\n`).join(''));
    return EXIT.ok;
  });
}

function refuse(hazards: readonly Hazard[], s: StoreSchema, io: Io): number {
  const lines = hazards.map((h) => oneLine(`${h.span.file}:${h.span.line}:${h.span.col}: ${h.kind}: ${h.message}${h.blocking ? ' (cannot be applied in place)' : ''}`));
  const blocking = hazards.filter((h) => h.blocking).length;
  const summary =
    blocking > 0
      ? `${blocking} change${blocking === 1 ? '' : 's'} ${s.dialect.label} cannot apply in place; nothing written.`
      : `${hazards.length} destructive change${hazards.length === 1 ? '' : 's'}; nothing written; rerun with --allow-destructive to write them.`;
  io.stderr(`${lines.join('\n')}\n${summary}\n`);
  return EXIT.refused;
}

/**
 * runCheck exits 1 when the features have changes no migration holds yet, or files were edited,
 * added or removed since they were recorded; 2 when the folder cannot be read. It takes no
 * lock and writes nothing: it reads a consistent snapshot (readSnapshot).
 */
export function runCheck(args: CliArgs, s: StoreSchema, io: Io): number {
  const t = targetOf(args, io);
  if (!t) return EXIT.badInput;
  const format = args.format as Format | undefined;
  const missing = folderProblem(t, 'run `metaxy-compile migrate` to start a history there');
  if (missing) return failed([missing], io), EXIT.badInput;
  const plans = readSnapshot(t.root, (journal) => {
    if (typeof journal === 'string') return diag('HISTORY_INVALID', { file: path.join(t.display, JOURNAL_FILE), line: 1, col: 1 }, `the journal of a run cannot be read: ${journal}`);
    return planMigrations(s, { history: readFolder({ root: t.root, display: t.display, dialect: s.dialect.name, format, journal, desired: splitStreams(s.schema) }), name: undefined });
  });
  if (!Array.isArray(plans)) return failed([plans], io), EXIT.badInput;
  const problems = plans.flatMap((p) => p.history.problems);
  if (failed(problems.filter((p) => !DRIFT_CODES.has(p.code)), io)) return EXIT.badInput;
  const lines = sortDiagnostics(problems).map(renderDiagnostic);
  for (const p of plans.filter((p) => p.history.problems.length === 0)) {
    for (const c of p.changes.map(describeChange)) lines.push(oneLine(`${path.join(t.display, p.stream)}: pending: ${c.kind} ${c.table}${c.detail ? ` ${c.detail}` : ''}`));
  }
  if (lines.length === 0) {
    io.stdout('up to date: the migrations hold every change of the features\n');
    return EXIT.ok;
  }
  const fixes = [
    ...(plans.some((p) => p.history.problems.length === 0 && p.changes.length > 0) ? ['run `metaxy-compile migrate` to write the pending changes'] : []),
    ...(problems.length > 0 ? [`accept the edited, added or removed files with \`${hashCommand(t.display)}\`, or restore them`] : []),
  ];
  io.stdout(`${lines.join('\n')}\ndrift: ${fixes.join('; ')}\n`);
  return EXIT.drift;
}

function planJson(plans: readonly StreamPlan[], tools: readonly OutFile[], refused: boolean): object {
  return {
    refused,
    tools: refused ? [] : tools.map((f) => f.name),
    streams: Object.fromEntries(
      plans.map((p) => [
        p.stream,
        {
          changes: p.changes.map(describeChange),
          hazards: p.hazards.map((h) => ({ kind: h.kind, message: h.message, at: `${h.span.file}:${h.span.line}:${h.span.col}`, blocking: h.blocking })),
          files: refused ? [] : p.files.map((f) => f.name),
        },
      ]),
    ),
  };
}
