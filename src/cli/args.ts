import { parseArgs } from 'node:util';

/** Command is every sub-command of the CLI; `compile` is the default (no sub-command word). */
export type Command = 'compile' | 'migrate' | 'check' | 'hash' | 'versions' | 'schema';

/** CliArgs is the parsed command line. */
export interface CliArgs {
  readonly command: Command;
  readonly featuresDir: string | undefined;
  readonly store: string | undefined;
  readonly config: string | undefined;
  readonly project: string | undefined;
  readonly allProjects: boolean;
  readonly out: string | undefined;
  readonly dir: string | undefined;
  readonly name: string | undefined;
  readonly format: string | undefined;
  readonly allowDestructive: boolean;
  readonly json: boolean;
  readonly help: boolean;
}

const COMMANDS: readonly Command[] = ['migrate', 'check', 'hash', 'versions', 'schema'];

/** USAGE is the CLI's help text. */
export const USAGE = `usage:
  metaxy-compile <features-dir> --store <name> [--config <file>] [--project <p> | --all-projects] [--out <file>]
  metaxy-compile migrate <features-dir> --store <name> --dir <migrations-dir> [--name <slug>]
                 [--format plain|flyway|golang-migrate|dbmate|alembic|atlas] [--allow-destructive] [--json]
  metaxy-compile check <features-dir> --store <name> --dir <migrations-dir>
  metaxy-compile hash --dir <migrations-dir>      (accept edited files and hand-written migrations)
  metaxy-compile versions <features-dir> [--config <file>]
  metaxy-compile schema

exit codes: 0 ok, 1 check found drift, 2 bad input or an unreadable history, 3 refused (destructive change)`;

/** parseCli reads argv (without node and script); throws an Error with a message on bad usage. */
export function parseCli(argv: readonly string[]): CliArgs {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      store: { type: 'string' },
      config: { type: 'string' },
      project: { type: 'string' },
      'all-projects': { type: 'boolean', default: false },
      out: { type: 'string' },
      dir: { type: 'string' },
      name: { type: 'string' },
      format: { type: 'string' },
      'allow-destructive': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const first = positionals[0];
  const command: Command = COMMANDS.includes(first as Command) ? (first as Command) : 'compile';
  const rest = command === 'compile' ? positionals : positionals.slice(1);
  if (rest.length > (command === 'hash' ? 0 : 1)) throw new Error(`unexpected argument "${rest[command === 'hash' ? 0 : 1]}"`);
  if (values.project !== undefined && values['all-projects']) throw new Error('--project and --all-projects exclude each other');
  return {
    command,
    featuresDir: rest[0],
    store: values.store,
    config: values.config,
    project: values.project,
    allProjects: values['all-projects'] ?? false,
    out: values.out,
    dir: values.dir,
    name: values.name,
    format: values.format,
    allowDestructive: values['allow-destructive'] ?? false,
    json: values.json ?? false,
    help: values.help ?? false,
  };
}
