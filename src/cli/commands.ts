import { FORMATS } from '../migrations/formats.js';

/** OptionSpec is one `--option`: its value, its line of help, and the option it excludes. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** The value's placeholder in help (`--store <name>`); string options only. */
  readonly value?: string;
  readonly short?: string;
  readonly description: string;
  /** The only values accepted, listed in help and checked by the parser. */
  readonly choices?: readonly string[];
  /** An option that cannot be given together with this one. */
  readonly excludes?: string;
}

/**
 * OPTIONS is every option of the command line, once: a command lists the ones it takes. The
 * parsed value of `--all-projects` is `allProjects` (see CliArgs).
 */
export const OPTIONS = {
  store: { type: 'string', value: 'name', description: "the store of the configuration to compile for; default: its `store` setting (Metaxy's default: dev)" },
  config: {
    type: 'string',
    value: 'file',
    description: 'the metaxy.toml (or pyproject.toml) to read; default: $METAXY_CONFIG, else the first found upward from the working directory, then upward from the features folder',
  },
  project: { type: 'string', value: 'name', description: "only the features of this project; default: the configuration's `project`", excludes: 'all-projects' },
  'all-projects': { type: 'boolean', description: 'the features of every project' },
  out: { type: 'string', value: 'file', description: 'write to this file (atomically: all or nothing) instead of standard output' },
  dir: { type: 'string', value: 'migrations-dir', description: 'the migrations folder: `system/` and `features/` histories (a missing or empty folder means from nothing)' },
  name: { type: 'string', value: 'slug', description: "the new migration's name; default: `initial`, else one made from its changes" },
  format: {
    type: 'string',
    value: 'format',
    choices: FORMATS,
    description: 'the migration tool the folder is written for; default: the format its history was written in, else plain',
  },
  'allow-destructive': { type: 'boolean', description: 'also write changes that lose data (drops, narrowing type changes); without it they are refused (exit 3)' },
  json: { type: 'boolean', description: 'print the planned changes, hazards and files as JSON' },
  features: { type: 'string', value: 'features-dir', description: "also offer this folder's feature keys wherever a dep names a feature" },
  debug: { type: 'boolean', description: 'on an internal error (exit 70), also print its stack' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  version: { type: 'boolean', description: "print metaxy-compile's version" },
} as const satisfies Record<string, OptionSpec>;

/** OptionName is the name of an option, without its dashes. */
export type OptionName = keyof typeof OPTIONS;

/** PositionalSpec is the one argument a command takes besides options. */
export interface PositionalSpec {
  /** The CliArgs field that receives it. */
  readonly key: 'featuresDir' | 'topic';
  readonly name: string;
  readonly description: string;
  readonly required: boolean;
}

/** CommandSpec is one command: what it does, its argument, its options and which of them it requires. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly positional: PositionalSpec | null;
  readonly options: readonly OptionName[];
  readonly required: readonly OptionName[];
  /** What an option's value is and does for this command, where that differs from OPTIONS. */
  readonly overrides?: { readonly [K in OptionName]?: Pick<OptionSpec, 'value' | 'description'> };
}

/** optionOf is an option as a command takes it: OPTIONS' entry with the command's overrides. */
export function optionOf(spec: CommandSpec, name: OptionName): OptionSpec {
  return { ...(OPTIONS[name] as OptionSpec), ...spec.overrides?.[name] };
}

const FEATURES_DIR: PositionalSpec = {
  key: 'featuresDir',
  name: 'features-dir',
  description: 'the folder of feature specs (*.yaml, *.yml, *.json, searched recursively)',
  required: true,
};

const SELECT: readonly OptionName[] = ['store', 'config', 'project', 'all-projects'];

/**
 * COMMANDS drives parsing, help and did-you-mean: adding a command is one entry here and its
 * case in run.ts. The first is the default, run when the first word names no command.
 */
export const COMMANDS = [
  {
    name: 'compile',
    summary: 'print the complete DDL of a store: system tables, then feature tables, deps first (the default command: the word may be left out)',
    positional: FEATURES_DIR,
    options: [...SELECT, 'out'],
    required: [],
  },
  {
    name: 'migrate',
    summary: 'write the next migration of the store into the migrations folder (nothing when nothing changed)',
    positional: FEATURES_DIR,
    options: [...SELECT, 'dir', 'name', 'format', 'allow-destructive', 'json'],
    required: ['dir'],
  },
  {
    name: 'check',
    summary: 'exit 1 when the features have changes no migration holds yet, or a migration was edited after it was written',
    positional: FEATURES_DIR,
    options: [...SELECT, 'dir'],
    required: ['dir'],
  },
  {
    name: 'hash',
    summary: 'accept intended edits and hand-written migrations: record the checksums of the migrations folder again (under its lock)',
    positional: null,
    options: ['dir'],
    required: ['dir'],
  },
  {
    name: 'sqlalchemy',
    summary: "print a Python module whose `metadata` (SQLAlchemy) holds the store's tables as its DDL creates them: Alembic's target_metadata (PostgreSQL stores)",
    positional: FEATURES_DIR,
    options: [...SELECT, 'out'],
    required: [],
  },
  {
    name: 'sqlmodel',
    summary: 'write a Python package of Metaxy feature classes (SQLModel), one per feature, whose specs give the versions `versions` prints',
    positional: FEATURES_DIR,
    options: ['config', 'project', 'all-projects', 'out'],
    required: ['out'],
    overrides: { out: { value: 'package-dir', description: 'the package folder to write its `__init__.py` into (atomically), created if missing' } },
  },
  {
    name: 'versions',
    summary: "print every feature's Metaxy versions (feature, code, spec, fields) as JSON",
    positional: FEATURES_DIR,
    options: ['config'],
    required: [],
  },
  {
    name: 'schema',
    summary: 'print the JSON Schema of feature specs, for editors',
    positional: null,
    options: ['features', 'out'],
    required: [],
  },
  {
    name: 'help',
    summary: 'show the help of a command, or this overview',
    positional: { key: 'topic', name: 'command', description: 'the command to explain', required: false },
    options: [],
    required: [],
  },
] as const satisfies readonly CommandSpec[];

/** CommandName is the name of every command. */
export type CommandName = (typeof COMMANDS)[number]['name'];

/** GLOBAL_OPTIONS are accepted by every command. */
export const GLOBAL_OPTIONS: readonly OptionName[] = ['help', 'version', 'debug'];

/** commandSpec finds a command by name. */
export function commandSpec(name: string): CommandSpec | undefined {
  return (COMMANDS as readonly CommandSpec[]).find((c) => c.name === name);
}
