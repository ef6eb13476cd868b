import { diag } from '../diagnostics/codes.js';
import type { Diagnostic, Span } from '../diagnostics/diagnostic.js';
import { COMMANDS, GLOBAL_OPTIONS, OPTIONS, commandSpec, optionOf, type CommandName, type CommandSpec, type OptionName, type OptionSpec } from './commands.js';
import { didYouMean, suggest } from './suggest.js';

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type ValueOf<K extends OptionName> = (typeof OPTIONS)[K]['type'] extends 'boolean' ? boolean : string | undefined;

/**
 * CliArgs is a parsed command line: the command, its argument (`featuresDir`, or `topic` for
 * help) and every option of the table by its camel-case name (`--all-projects` ->
 * `allProjects`): false or undefined when not given.
 */
export type CliArgs = {
  readonly command: CommandName;
  readonly featuresDir: string | undefined;
  readonly topic: string | undefined;
} & { readonly [K in OptionName as Camel<K>]: ValueOf<K> };

/** ParsedCli is the parsed command line, whether its command was named, and every usage problem found. */
export interface ParsedCli {
  readonly args: CliArgs;
  readonly spec: CommandSpec;
  /** False when the first word named no command and the default command runs. */
  readonly named: boolean;
  readonly diagnostics: readonly Diagnostic[];
}

/** Where usage problems are reported. */
const COMMAND_LINE: Span = { file: '<command line>', line: 1, col: 1 };

type Token = { readonly kind: 'option'; readonly name: string; readonly shown: string; readonly value: string | undefined } | { readonly kind: 'word'; readonly text: string };

const ALL_OPTIONS = Object.keys(OPTIONS) as OptionName[];

function optionSpec(name: string): OptionSpec | undefined {
  return Object.hasOwn(OPTIONS, name) ? OPTIONS[name as OptionName] : undefined;
}

/** A string option takes the next word as its value; so does a misspelt one whose likely meaning does. */
function takesValue(name: string): boolean {
  const spec = optionSpec(name) ?? optionSpec(suggest(name, ALL_OPTIONS)[0] ?? '');
  return spec?.type === 'string';
}

function tokenize(argv: readonly string[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i + 1).map((text): Token => ({ kind: 'word', text })));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      let value = eq < 0 ? undefined : a.slice(eq + 1);
      if (value === undefined && takesValue(name) && i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i];
      out.push({ kind: 'option', name, shown: `--${name}`, value });
    } else if (a.startsWith('-') && a.length > 1) {
      const long = ALL_OPTIONS.find((n) => (OPTIONS[n] as OptionSpec).short === a.slice(1));
      out.push({ kind: 'option', name: long ?? a, shown: a, value: undefined });
    } else {
      out.push({ kind: 'word', text: a });
    }
  }
  return out;
}

/** commandTypo is the problem of a word that names no command but looks like one, or null. */
export function commandTypo(word: string): Diagnostic | null {
  const close = suggest(word, COMMANDS.map((c) => c.name));
  return close.length > 0 ? diag('UNKNOWN_COMMAND', COMMAND_LINE, word, didYouMean(close)) : null;
}

/**
 * parseCli reads argv (without node and script) against the command table: the command (the
 * first word, else the default), its argument, and its options, collecting every usage
 * problem: unknown commands and options (with did-you-mean), options of another command,
 * repeated options, missing or invalid values, missing arguments and required options.
 */
export function parseCli(argv: readonly string[]): ParsedCli {
  const tokens = tokenize(argv);
  const words = tokens.flatMap((t) => (t.kind === 'word' ? [t.text] : []));
  const named = words.length > 0 ? commandSpec(words[0]!) : undefined;
  const spec = named ?? COMMANDS[0];
  const rest = named ? words.slice(1) : words;
  const diagnostics: Diagnostic[] = [];
  const values = readOptions(tokens, spec, diagnostics);
  const asking = values.has('help') || values.has('version');
  // The default command with a word that looks like a command: a mistyped command, not a
  // folder; its options belong to a command not known, so that is the one problem.
  const typo = !named && rest.length > 0 && (rest.length > 1 || asking) ? commandTypo(rest[0]!) : null;
  if (typo) diagnostics.splice(0, diagnostics.length, typo);
  else diagnostics.push(...checkWords(rest, spec));
  if (!asking && !typo) diagnostics.push(...checkRequired(spec, values, rest));
  const args: Record<string, unknown> = { command: spec.name, featuresDir: undefined, topic: undefined };
  for (const name of ALL_OPTIONS) args[camel(name)] = values.get(name) ?? (OPTIONS[name].type === 'boolean' ? false : undefined);
  if (spec.positional) args[spec.positional.key] = rest[0];
  return { args: args as CliArgs, spec, named: named !== undefined, diagnostics };
}

function readOptions(tokens: readonly Token[], spec: CommandSpec, diagnostics: Diagnostic[]): Map<OptionName, string | boolean> {
  const allowed: readonly string[] = [...spec.options, ...GLOBAL_OPTIONS];
  const values = new Map<OptionName, string | boolean>();
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const problem = optionProblem(t, spec, allowed, values);
    if (problem) diagnostics.push(problem);
    else values.set(t.name as OptionName, optionSpec(t.name)!.type === 'boolean' ? true : t.value!);
  }
  return values;
}

function optionProblem(t: Token & { kind: 'option' }, spec: CommandSpec, allowed: readonly string[], values: ReadonlyMap<string, unknown>): Diagnostic | null {
  const o = optionSpec(t.name);
  if (!o) return diag('UNKNOWN_OPTION', COMMAND_LINE, t.shown, spec.name, didYouMean(suggest(t.name.replace(/^-+/, ''), allowed).map((n) => `--${n}`)));
  if (!allowed.includes(t.name)) return diag('OPTION_NOT_APPLICABLE', COMMAND_LINE, t.shown, spec.name, ownersOf(t.name));
  if (values.has(t.name)) return diag('REPEATED_OPTION', COMMAND_LINE, t.shown);
  return valueProblem(t.shown, optionOf(spec, t.name as OptionName), t.value);
}

function valueProblem(shown: string, o: OptionSpec, value: string | undefined): Diagnostic | null {
  if (o.type === 'boolean') return value === undefined ? null : diag('BAD_VALUE', COMMAND_LINE, shown, 'takes no value');
  if (value === undefined) return diag('MISSING_VALUE', COMMAND_LINE, shown, o.value ?? 'value');
  if (o.choices && !o.choices.includes(value)) {
    return diag('BAD_VALUE', COMMAND_LINE, shown, `must be one of ${o.choices.join(', ')}, not "${value}"${didYouMean(suggest(value, o.choices))}`);
  }
  return null;
}

function ownersOf(option: string): string {
  const owners = COMMANDS.filter((c) => (c.options as readonly string[]).includes(option)).map((c) => c.name);
  return owners.join(', ');
}

function checkWords(rest: readonly string[], spec: CommandSpec): Diagnostic[] {
  const takes = spec.positional ? 1 : 0;
  if (rest.length > takes) {
    const what = spec.positional ? `one <${spec.positional.name}>` : 'no argument';
    return [diag('UNEXPECTED_ARGUMENT', COMMAND_LINE, rest[takes]!, spec.name, what)];
  }
  if (spec.positional?.key === 'topic' && rest[0] !== undefined && !commandSpec(rest[0])) {
    return [commandTypo(rest[0]) ?? diag('UNKNOWN_COMMAND', COMMAND_LINE, rest[0], ` (commands: ${COMMANDS.map((c) => c.name).join(', ')})`)];
  }
  return [];
}

function checkRequired(spec: CommandSpec, values: ReadonlyMap<OptionName, unknown>, rest: readonly string[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (spec.positional?.required && rest.length === 0) out.push(diag('MISSING_ARGUMENT', COMMAND_LINE, spec.name, spec.positional.name));
  for (const name of spec.required) {
    if (!values.has(name)) out.push(diag('MISSING_OPTION', COMMAND_LINE, spec.name, `--${name}`, optionOf(spec, name).value ?? 'value'));
  }
  for (const name of spec.options) {
    const other = (OPTIONS[name] as OptionSpec).excludes;
    if (other && values.has(name) && values.has(other as OptionName)) out.push(diag('CONFLICTING_OPTIONS', COMMAND_LINE, `--${name}`, `--${other}`));
  }
  return out;
}

function camel(name: string): string {
  return name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
