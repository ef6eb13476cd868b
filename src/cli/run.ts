import { diag } from '../diagnostics/codes.js';
import { renderDiagnostic } from '../diagnostics/diagnostic.js';
import { EXIT, failed, type Io } from './io.js';
import { runCheck, runMigrate } from './migrate-command.js';
import { runHash } from './hash-command.js';
import path from 'node:path';
import { createScript, loadInputs, resolveStore, versionsReport, type Inputs } from '../compile.js';
import { writeAtomic } from './write-file.js';
import { readSchemaText } from '../spec/schema.js';
import { parseCli, USAGE, type CliArgs } from './args.js';

/** run executes one command line and returns its exit code; it never throws for bad input. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (e) {
    io.stderr(`${renderDiagnostic(diag('USAGE', { file: '<command line>', line: 1, col: 1 }, (e as Error).message))}\n${USAGE}\n`);
    return EXIT.badInput;
  }
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.command === 'schema') {
    io.stdout(readSchemaText());
    return EXIT.ok;
  }
  if (args.command === 'hash') return runHash(args, io);
  if (args.featuresDir === undefined) {
    io.stderr(`${renderDiagnostic(diag('USAGE', { file: '<command line>', line: 1, col: 1 }, 'missing <features-dir>'))}\n${USAGE}\n`);
    return EXIT.badInput;
  }
  const inputs = await loadInputs({ featuresDir: args.featuresDir, cwd: io.cwd, configFile: args.config, env: io.env });
  if (failed(inputs.diagnostics, io)) return EXIT.badInput;
  switch (args.command) {
    case 'versions':
      io.stdout(`${JSON.stringify(versionsReport(inputs), null, 2)}\n`);
      return EXIT.ok;
    default:
      return runStoreCommand(args, inputs, io);
  }
}

async function runStoreCommand(args: CliArgs, inputs: Inputs, io: Io): Promise<number> {
  const { result, diagnostics } = resolveStore(inputs, { store: args.store, project: args.project, allProjects: args.allProjects });
  if (failed(diagnostics, io) || !result) return EXIT.badInput;
  switch (args.command) {
    case 'compile': {
      const sql = createScript(result);
      if (args.out) writeAtomic(path.resolve(io.cwd, args.out), sql);
      else io.stdout(sql);
      return EXIT.ok;
    }
    case 'migrate':
      return runMigrate(args, result, io);
    case 'check':
      return runCheck(args, result, io);
    default:
      throw new Error(`unhandled command ${args.command}`);
  }
}

