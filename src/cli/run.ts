import { existsSync } from 'node:fs';
import path from 'node:path';
import { createScript, loadInputs, pythonSource, resolveStore, sqlalchemyScript, sqlmodelScript, versionsReport, type Inputs, type StoreSchema } from '../compile.js';
import { diag } from '../diagnostics/codes.js';
import { assertNever, CompileError, renderDiagnostic, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { PythonSource } from '../python/sqlalchemy.js';
import { editorSchema } from '../spec/editor-schema.js';
import { readFeatures } from '../spec/read-features.js';
import { readSchemaText } from '../spec/schema.js';
import { commandTypo, parseCli, type CliArgs } from './args.js';
import { commandSpec, type CommandSpec } from './commands.js';
import { commandHelp, overview, packageVersion, usageHint } from './help.js';
import { EXIT, failed, type Io } from './io.js';
import { runCheck, runMigrate } from './migrate-command.js';
import { fsDetail, writeAtomic } from './write-file.js';
import { runHash } from './hash-command.js';

/** run executes one command line and returns its exit code; it never throws for bad input. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    io.stderr(overview());
    return EXIT.badInput;
  }
  const parsed = parseCli(argv);
  const { args } = parsed;
  if (parsed.diagnostics.length > 0) {
    const unknownCommand = parsed.diagnostics.some((d) => d.code === 'UNKNOWN_COMMAND');
    return usageError(parsed.diagnostics, unknownCommand ? null : parsed.spec, io);
  }
  if (args.version) return print(`${packageVersion()}\n`, io);
  if (args.help) return print(parsed.named || args.featuresDir !== undefined ? commandHelp(parsed.spec) : overview(), io);
  if (!parsed.named && args.featuresDir !== undefined && !existsSync(path.resolve(io.cwd, args.featuresDir))) {
    const typo = commandTypo(args.featuresDir);
    if (typo) return usageError([typo], null, io);
  }
  try {
    return await runCommand(args, io);
  } catch (e) {
    return fileProblem(e, io);
  }
}

async function runCommand(args: CliArgs, io: Io): Promise<number> {
  switch (args.command) {
    case 'help':
      return print(args.topic === undefined ? overview() : commandHelp(commandSpec(args.topic)!), io);
    case 'schema':
      return runSchema(args, io);
    case 'hash':
      return runHash(args, io);
    case 'versions':
    case 'compile':
    case 'migrate':
    case 'check':
    case 'sqlalchemy':
    case 'sqlmodel':
      return runFeatureCommand(args.command, args, io);
    default:
      return assertNever(args.command);
  }
}

/**
 * fileProblem reports what the outside world refused (a file that cannot be written, a folder
 * that is a file, a path without permission) as a diagnostic at that path, exit 2; anything
 * else is a bug and goes on to main's internal-error handler.
 */
function fileProblem(e: unknown, io: Io): number {
  if (e instanceof CompileError) {
    failed(e.diagnostics, io);
    return EXIT.badInput;
  }
  const fs = e as NodeJS.ErrnoException;
  if (typeof fs?.code !== 'string' || typeof fs.path !== 'string' || typeof fs.syscall !== 'string') throw e;
  const file = path.relative(io.cwd, fs.path) || fs.path;
  const code = /^(open|read|scandir|stat|lstat|opendir|readlink)$/.test(fs.syscall) ? 'READ_FAILED' : 'WRITE_FAILED';
  failed([diag(code, { file, line: 1, col: 1 }, fsDetail(e))], io);
  return EXIT.badInput;
}

function print(text: string, io: Io): number {
  io.stdout(text);
  return EXIT.ok;
}

function usageError(diagnostics: readonly Diagnostic[], spec: CommandSpec | null, io: Io): number {
  io.stderr(`${diagnostics.map(renderDiagnostic).join('\n')}\n${usageHint(spec)}`);
  return EXIT.badInput;
}

/** output prints a command's text, or writes it to `--out` (atomically). */
function output(args: CliArgs, text: string, io: Io): number {
  if (args.out) writeAtomic(path.resolve(io.cwd, args.out), text, args.out);
  else io.stdout(text);
  return EXIT.ok;
}

async function runSchema(args: CliArgs, io: Io): Promise<number> {
  if (args.features === undefined) return output(args, readSchemaText(), io);
  const set = await readFeatures(args.features, io.cwd);
  if (failed(set.diagnostics, io)) return EXIT.badInput;
  return output(args, editorSchema(set.features), io);
}

type FeatureCommand = 'versions' | 'compile' | 'migrate' | 'check' | 'sqlalchemy' | 'sqlmodel';

async function runFeatureCommand(command: FeatureCommand, args: CliArgs, io: Io): Promise<number> {
  if (command === 'versions' || command === 'sqlmodel') {
    const inputs = await readInputs(args, io);
    if (!inputs) return EXIT.badInput;
    if (command === 'versions') return print(`${JSON.stringify(versionsReport(inputs), null, 2)}\n`, io);
    const select = { project: args.project, allProjects: args.allProjects };
    const source = pythonSource(inputs, path.resolve(io.cwd, args.featuresDir!), io.cwd, select, 'sqlmodel');
    return runSqlModel(args, sqlmodelScript(inputs, select, source), io);
  }
  const run = await storeRun(command, args, io);
  if (!run) return EXIT.badInput;
  switch (command) {
    case 'compile':
      return output(args, createScript(run.schema), io);
    case 'migrate':
      return runMigrate(args, run.schema, { configFile: run.configFile, span: run.span, python: run.python }, io);
    case 'check':
      return runCheck(args, run.schema, io);
    case 'sqlalchemy': {
      const module = sqlalchemyScript(run.schema, run.span, run.python);
      if ('text' in module) return output(args, module.text, io);
      io.stderr(`${renderDiagnostic(module.refused)}\nrefused; nothing written.\n`);
      return EXIT.refused;
    }
    default:
      return assertNever(command);
  }
}

async function readInputs(args: CliArgs, io: Io): Promise<Inputs | null> {
  const inputs = await loadInputs({ featuresDir: args.featuresDir!, cwd: io.cwd, configFile: args.config, env: io.env });
  return failed(inputs.diagnostics, io) ? null : inputs;
}

/** StoreRun is what a store command needs once the features are resolved into the store's tables. */
interface StoreRun {
  readonly schema: StoreSchema;
  /** The configuration file (absolute), for the tool files that read it when they run. */
  readonly configFile: string | null;
  /** Where the store is configured. */
  readonly span: Span;
  /** What generated Python says of its source (the features folder relative to where it is written). */
  readonly python: PythonSource;
}

/**
 * storeRun reads the features and resolves the store's tables. The features are garbage once
 * it returns: at 10,000 features they are 50 MB of heap the later stages do not need.
 */
async function storeRun(command: 'compile' | 'migrate' | 'check' | 'sqlalchemy', args: CliArgs, io: Io): Promise<StoreRun | null> {
  const inputs = await readInputs(args, io);
  if (!inputs) return null;
  const select = { project: args.project, allProjects: args.allProjects };
  const { result, diagnostics } = resolveStore(inputs, { store: args.store, ...select });
  if (failed(diagnostics, io) || !result) return null;
  // The metadata module of an Alembic folder names the features folder relative to that folder.
  const base = command === 'migrate' ? path.resolve(io.cwd, args.dir!) : io.cwd;
  return {
    schema: result,
    configFile: inputs.config.file === null ? null : path.resolve(io.cwd, inputs.config.file),
    span: inputs.config.stores[result.ctx.store.name]!.span,
    python: pythonSource(inputs, path.resolve(io.cwd, args.featuresDir!), base, select, command === 'migrate' ? 'migrate' : 'sqlalchemy'),
  };
}

/** runSqlModel writes the package's `__init__.py` into the `--out` folder (atomically). */
function runSqlModel(args: CliArgs, pkg: { text: string | null; diagnostics: Diagnostic[] }, io: Io): number {
  if (failed(pkg.diagnostics, io) || pkg.text === null) return EXIT.badInput;
  writeAtomic(path.join(path.resolve(io.cwd, args.out!), '__init__.py'), pkg.text, path.join(args.out!, '__init__.py'));
  return EXIT.ok;
}
