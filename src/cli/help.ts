import { readFileSync } from 'node:fs';
import { COMMANDS, GLOBAL_OPTIONS, OPTIONS, optionOf, type CommandSpec, type OptionName, type OptionSpec } from './commands.js';

const BIN = 'metaxy-compile';
const WIDTH = 80;

/** The lines of help that list the exit codes. */
const EXIT_CODES = wrap('exit codes: 0 ok, 1 `check` found drift, 2 bad input or usage, 3 refused (a destructive change without --allow-destructive, a change the dialect cannot make, SQLAlchemy metadata of a store SQLAlchemy alone cannot describe), 70 internal error (--debug prints its stack)', WIDTH);

/** packageVersion is the version in the package's package.json (beside src/ and dist/). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** usageLine is a command's synopsis: `metaxy-compile migrate <features-dir> --dir <migrations-dir> [options]`. */
export function usageLine(spec: CommandSpec): string {
  const name = spec === COMMANDS[0] ? `[${spec.name}]` : spec.name;
  const p = spec.positional;
  const positional = p ? (p.required ? [`<${p.name}>`] : [`[<${p.name}>]`]) : [];
  const required = spec.required.map((o) => `--${o} <${optionOf(spec, o).value}>`);
  const optional = spec.options.length > spec.required.length ? ['[options]'] : [];
  return [BIN, name, ...positional, ...required, ...optional].join(' ');
}

/** commandHelp is the text of `metaxy-compile help <command>` and `<command> --help`: every argument and option described. */
export function commandHelp(spec: CommandSpec): string {
  const rows: [string, string][] = [];
  if (spec.positional) rows.push([`<${spec.positional.name}>`, spec.positional.description]);
  const options: [string, string][] = [...spec.options, ...GLOBAL_OPTIONS].map((o) => [optionLabel(optionOf(spec, o), o), optionText(o, spec)]);
  return [
    ...wrap(`${BIN} ${spec.name}: ${spec.summary}`, WIDTH),
    '',
    `usage: ${usageLine(spec)}`,
    ...(rows.length > 0 ? ['', 'arguments:', ...table(rows, options)] : []),
    '',
    'options:',
    ...table(options, rows),
    '',
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** overview is the text of `metaxy-compile --help` and `metaxy-compile help`: every command with its summary. */
export function overview(): string {
  const commands: [string, string][] = COMMANDS.map((c) => [c.name, c.summary]);
  const globals: [string, string][] = GLOBAL_OPTIONS.map((o) => [optionLabel(OPTIONS[o] as OptionSpec, o), (OPTIONS[o] as OptionSpec).description]);
  return [
    `${BIN} ${packageVersion()}: compile Metaxy feature specs into SQL DDL and migrations`,
    '',
    `usage: ${usageLine(COMMANDS[0])}`,
    `       ${BIN} <command> [<features-dir>] [options]`,
    '',
    'commands:',
    ...table(commands, globals),
    '',
    'options:',
    ...table(globals, commands),
    '',
    ...wrap(`run "${BIN} help <command>" (or "${BIN} <command> --help") for a command's options.`, WIDTH),
    ...EXIT_CODES,
    '',
  ].join('\n');
}

/** usageHint follows a usage problem: the command's synopsis and where to read more. */
export function usageHint(spec: CommandSpec | null): string {
  if (!spec) return `usage: ${usageLine(COMMANDS[0])}\nrun "${BIN} help" for the commands.\n`;
  return `usage: ${usageLine(spec)}\nrun "${BIN} help ${spec.name}" for every option.\n`;
}

function optionLabel(o: OptionSpec, name: OptionName): string {
  const long = o.type === 'string' ? `--${name} <${o.value}>` : `--${name}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

function optionText(name: OptionName, spec: CommandSpec): string {
  const o = optionOf(spec, name);
  const parts = [spec.required.includes(name) ? `required: ${o.description}` : o.description];
  if (o.choices) parts.push(`one of: ${o.choices.join(', ')}`);
  if (o.excludes && spec.options.includes(o.excludes as OptionName)) parts.push(`not with --${o.excludes}`);
  return parts.join('; ');
}

/** table lays out label/text rows in two columns, the text wrapped; `others` share the column width. */
function table(rows: readonly [string, string][], others: readonly [string, string][]): string[] {
  const left = Math.min(34, Math.max(...[...rows, ...others].map(([l]) => l.length)) + 4);
  return rows.flatMap(([label, text]) => {
    const head = `  ${label}`;
    const body = wrap(text, WIDTH - left).map((line) => ' '.repeat(left) + line);
    // A label too long for the column gets a line of its own.
    if (head.length > left - 2) return [head, ...body];
    return [head.padEnd(left) + body[0]!.trimStart(), ...body.slice(1)];
  });
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  return [...lines, line];
}
