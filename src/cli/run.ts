import { existsSync } from 'node:fs';
import path from 'node:path';
import { createScript, loadInputs, resolveStore, versionsReport } from '../compile.js';
import { assertNever, renderDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { editorSchema } from '../spec/editor-schema.js';
import { readFeatures } from '../spec/read-features.js';
import { readSchemaText } from '../spec/schema.js';
import { commandTypo, parseCli, type CliArgs } from './args.js';
import { commandSpec, type CommandSpec } from './commands.js';
import { commandHelp, overview, packageVersion, usageHint } from './help.js';
import { EXIT, failed, type Io } from './io.js';
import { runCheck, runMigrate } from './migrate-command.js';
import { writeAtomic } from './write-file.js';

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
  switch (args.command) {
    case 'help':
      return print(args.topic === undefined ? overview() : commandHelp(commandSpec(args.topic)!), io);
    case 'schema':
      return runSchema(args, io);
    case 'versions':
    case 'compile':
    case 'migrate':
    case 'check':
      return runFeatureCommand(args.command, args, io);
    default:
      return assertNever(args.command);
  }
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
  if (args.out) writeAtomic(path.resolve(io.cwd, args.out), text);
  else io.stdout(text);
  return EXIT.ok;
}

async function runSchema(args: CliArgs, io: Io): Promise<number> {
  if (args.features === undefined) return output(args, readSchemaText(), io);
  const set = await readFeatures(args.features, io.cwd);
  if (failed(set.diagnostics, io)) return EXIT.badInput;
  return output(args, editorSchema(set.features), io);
}

type FeatureCommand = 'versions' | 'compile' | 'migrate' | 'check';

async function runFeatureCommand(command: FeatureCommand, args: CliArgs, io: Io): Promise<number> {
  const inputs = await loadInputs({ featuresDir: args.featuresDir!, cwd: io.cwd, configFile: args.config, env: io.env });
  if (failed(inputs.diagnostics, io)) return EXIT.badInput;
  if (command === 'versions') return print(`${JSON.stringify(versionsReport(inputs), null, 2)}\n`, io);
  const { result, diagnostics } = resolveStore(inputs, { store: args.store, project: args.project, allProjects: args.allProjects });
  if (failed(diagnostics, io) || !result) return EXIT.badInput;
  switch (command) {
    case 'compile':
      return output(args, createScript(result), io);
    case 'migrate':
      return runMigrate(args, result, io);
    case 'check':
      return runCheck(args, result, io);
    default:
      return assertNever(command);
  }
}
