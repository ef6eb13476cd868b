import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { StoreSchema } from '../compile.js';
import { diag } from '../diagnostics/codes.js';
import { oneLine } from '../emit/comment.js';
import type { Change } from '../diff/changes.js';
import { planMigrations, type StreamPlan } from '../migrate.js';
import { FORMATS, type Format } from '../migrations/formats.js';
import { STATE_FILE } from '../migrations/state.js';
import { columnOf, tableOf } from '../plan/plan.js';
import type { CliArgs } from './args.js';
import { EXIT, failed, type Io } from './io.js';
import { writeAtomic } from './write-file.js';

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

function chooseFormat(args: CliArgs, dir: string): Format | string {
  // The parser accepts only the values of FORMATS (src/cli/commands.ts).
  if (args.format !== undefined) return args.format as Format;
  for (const stream of ['features', 'system']) {
    const state = path.join(dir, stream, STATE_FILE);
    if (!existsSync(state)) continue;
    const recorded = recordedFormat(state);
    if (FORMATS.includes(recorded as Format)) return recorded as Format;
  }
  return 'plain';
}

/**
 * recordedFormat reads the `format` of a state file from its head (the state prints it before
 * its tables), without parsing a state that can be megabytes long; the whole file only if needed.
 */
function recordedFormat(state: string): unknown {
  const fd = openSync(state, 'r');
  const head = Buffer.alloc(4096);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const m = /"format"\s*:\s*"([^"\\]*)"/.exec(head.subarray(0, n).toString('utf8'));
  return m ? m[1] : (JSON.parse(readFileSync(state, 'utf8')) as { format?: unknown }).format;
}

function plansFor(args: CliArgs, s: StoreSchema, io: Io): StreamPlan[] | null {
  // --dir is required by the command table (src/cli/commands.ts).
  const dir = path.resolve(io.cwd, args.dir!);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
    failed([diag('USAGE', { file: args.dir!, line: 1, col: 1 }, `--dir ${args.dir!} is not a folder`)], io);
    return null;
  }
  let format: Format | string;
  try {
    format = chooseFormat(args, dir);
  } catch (e) {
    format = `the recorded state cannot be read: ${(e as Error).message}`;
  }
  if (!(FORMATS as readonly string[]).includes(format)) {
    failed([diag('USAGE', { file: '<command line>', line: 1, col: 1 }, format)], io);
    return null;
  }
  return planMigrations(s, { dir, format: format as Format, name: args.name, allowDestructive: args.allowDestructive });
}

/** runMigrate writes the next migration of each stream, or refuses (exit 3) a destructive plan. */
export function runMigrate(args: CliArgs, s: StoreSchema, io: Io): number {
  const plans = plansFor(args, s, io);
  if (!plans) return EXIT.badInput;
  const dir = path.resolve(io.cwd, args.dir!);
  const problems = plans.flatMap((p) => p.history.problems.map((m) => diag('HISTORY_INVALID', { file: path.join(args.dir!, p.stream), line: 1, col: 1 }, m)));
  if (failed(problems, io)) return EXIT.badInput;
  const hazards = plans.flatMap((p) => p.hazards);
  const refused = hazards.some((h) => h.blocking) || (hazards.length > 0 && !args.allowDestructive);
  if (args.json) io.stdout(`${JSON.stringify(planJson(plans, refused), null, 2)}\n`);
  if (refused) {
    const lines = hazards.map((h) => oneLine(`${h.span.file}:${h.span.line}:${h.span.col}: ${h.kind}: ${h.message}${h.blocking ? ' (cannot be applied in place)' : ''}`));
    const blocking = hazards.filter((h) => h.blocking).length;
    const summary =
      blocking > 0
        ? `${blocking} change${blocking === 1 ? '' : 's'} ${s.dialect.label} cannot apply in place; nothing written.`
        : `${hazards.length} destructive change${hazards.length === 1 ? '' : 's'}; nothing written; rerun with --allow-destructive to write them.`;
    io.stderr(`${lines.join('\n')}\n${summary}\n`);
    return EXIT.refused;
  }
  const files = plans.flatMap((p) => p.files);
  const clobbered = files.filter((f) => !/(metaxy\.state\.json|metaxy\.sum|atlas\.sum)$/.test(f.name) && existsSync(path.join(dir, f.name)));
  if (failed(clobbered.map((f) => diag('HISTORY_INVALID', { file: path.join(args.dir!, f.name), line: 1, col: 1 }, 'a migration file of that name already exists; it is never rewritten')), io)) {
    return EXIT.badInput;
  }
  for (const f of files) writeAtomic(path.join(dir, f.name), f.text, path.join(args.dir!, f.name));
  if (!args.json) io.stdout(files.length === 0 ? 'no changes: nothing written\n' : files.map((f) => `wrote ${path.join(args.dir!, f.name)}\n`).join(''));
  return EXIT.ok;
}

/** runCheck exits 1 when the features are ahead of the history or the history was edited. */
export function runCheck(args: CliArgs, s: StoreSchema, io: Io): number {
  const plans = plansFor(args, s, io);
  if (!plans) return EXIT.badInput;
  const lines: string[] = [];
  for (const p of plans) {
    for (const m of p.history.problems) lines.push(`${path.join(args.dir!, p.stream)}: history: ${m}`);
    if (p.history.problems.length === 0) {
      for (const c of p.changes.map(describeChange)) lines.push(`${path.join(args.dir!, p.stream)}: pending: ${c.kind} ${c.table}${c.detail ? ` ${c.detail}` : ''}`);
    }
  }
  if (lines.length === 0) {
    io.stdout('up to date: the migrations hold every change of the features\n');
    return EXIT.ok;
  }
  io.stdout(`${lines.map(oneLine).join('\n')}\ndrift: run \`metaxy-compile migrate\` for pending changes; restore edited files from version control\n`);
  return EXIT.drift;
}

function planJson(plans: readonly StreamPlan[], refused: boolean): object {
  return {
    refused,
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
