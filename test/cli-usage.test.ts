import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { COMMANDS, GLOBAL_OPTIONS, OPTIONS, optionOf, type CommandSpec, type OptionSpec } from '../src/cli/commands.js';
import { editDistance, suggest } from '../src/cli/suggest.js';
import { runCli, type CliResult } from './helpers/cli.js';

const root = new URL('../', import.meta.url).pathname;
const examples = path.join(root, 'examples');
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
const flat = (s: string) => s.replace(/\s+/g, ' ');

/** usageFails runs a command line that must be a usage error: exit 2, nothing on stdout, balanced quotes. */
async function usageFails(argv: string[]): Promise<string> {
  const r: CliResult = await runCli(argv, examples);
  assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
  assert.equal(r.stdout, '');
  for (const line of r.stderr.split('\n')) assert.equal((line.match(/"/g) ?? []).length % 2, 0, `balanced quotes: ${line}`);
  return r.stderr;
}

test('--version prints the version of package.json', async () => {
  for (const argv of [['--version'], ['migrate', '--version']]) {
    const r = await runCli(argv, examples);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, `${version}\n`, '']);
  }
});

test('--help, -h and help print the overview: every command with its summary', async () => {
  const texts = await Promise.all([['--help'], ['-h'], ['help']].map((a) => runCli(a, examples)));
  for (const r of texts) {
    assert.equal(r.code, 0);
    assert.equal(r.stdout, texts[0]!.stdout);
    for (const c of COMMANDS) assert.ok(flat(r.stdout).includes(`${c.name} ${c.summary}`), c.name);
    assert.ok(r.stdout.includes('--version'));
  }
  const none = await runCli([], examples);
  assert.deepEqual([none.code, none.stderr], [2, texts[0]!.stdout]);
});

test('every command has help (--help, -h, help <command>) that describes each of its options', async () => {
  for (const c of COMMANDS as readonly CommandSpec[]) {
    const texts = await Promise.all([[c.name, '--help'], [c.name, '-h'], ['help', c.name]].map((a) => runCli(a, examples)));
    const text = texts[0]!.stdout;
    for (const r of texts) assert.deepEqual([r.code, r.stdout], [0, text], c.name);
    assert.ok(text.startsWith(`metaxy-compile ${c.name}: `));
    for (const name of [...c.options, ...GLOBAL_OPTIONS]) {
      const o = optionOf(c, name);
      const label = o.type === 'string' ? `--${name} <${o.value}>` : `--${name}`;
      assert.ok(flat(text).includes(`${label} ${c.required.includes(name) ? 'required: ' : ''}${o.description}`), `${c.name} ${label}`);
    }
    if (c.positional) assert.ok(flat(text).includes(`<${c.positional.name}> ${c.positional.description}`));
  }
  // The default command's help needs a folder (or the word): a bare --help is the overview.
  assert.ok((await runCli(['features', '--help'], examples)).stdout.startsWith('metaxy-compile compile: '));
});

test('the command table is whole: options exist, are used, and exclusions name real options', () => {
  const used = new Set<string>([...GLOBAL_OPTIONS, ...COMMANDS.flatMap((c) => [...c.options])]);
  assert.deepEqual(Object.keys(OPTIONS).filter((o) => !used.has(o)), [], 'no option is dead');
  for (const c of COMMANDS as readonly CommandSpec[]) for (const r of c.required) assert.ok(c.options.includes(r), `${c.name} requires ${r}`);
  for (const [name, o] of Object.entries(OPTIONS) as [string, OptionSpec][]) {
    if (o.excludes) assert.ok(o.excludes in OPTIONS, name);
    assert.equal(o.type === 'string', o.value !== undefined, `${name}: string options name their value`);
  }
});

test('did-you-mean for commands, options and values', async () => {
  assert.equal(
    await usageFails(['migrat', 'features', '--stor', 'dev']),
    '<command line>:1:1: UNKNOWN_COMMAND: unknown command "migrat" (did you mean "migrate"?)\nusage: metaxy-compile [compile] <features-dir> [options]\nrun "metaxy-compile help" for the commands.\n',
  );
  assert.match(await usageFails(['chekc', 'features', '--dir', 'm']), /UNKNOWN_COMMAND: unknown command "chekc" \(did you mean "check"\?\)/);
  assert.match(await usageFails(['schem']), /UNKNOWN_COMMAND: unknown command "schem" \(did you mean "schema"\?\)/);
  assert.match(await usageFails(['migrat', '--help']), /UNKNOWN_COMMAND: unknown command "migrat"/);
  assert.match(await usageFails(['help', 'hlep']), /UNKNOWN_COMMAND: unknown command "hlep" \(did you mean "help"\?\)/);
  assert.match(await usageFails(['help', 'zzz']), /UNKNOWN_COMMAND: unknown command "zzz" \(commands: compile, migrate, check, hash, sqlalchemy, sqlmodel, versions, schema, help\)/);
  const options = await usageFails(['migrate', 'features', '--dri', 'm', '--stor', 'dev', '--allow-destructiv', '--bogus']);
  assert.match(options, /UNKNOWN_OPTION: unknown option "--dri" for migrate \(did you mean "--dir"\?\)/);
  assert.match(options, /UNKNOWN_OPTION: unknown option "--stor" for migrate \(did you mean "--store"\?\)/);
  assert.match(options, /UNKNOWN_OPTION: unknown option "--allow-destructiv" for migrate \(did you mean "--allow-destructive"\?\)/);
  assert.match(options, /UNKNOWN_OPTION: unknown option "--bogus" for migrate$/m);
  // A misspelt option that takes a value takes it: "dev" is not read as an extra argument.
  assert.doesNotMatch(options, /UNEXPECTED_ARGUMENT/);
  assert.match(options, /^usage: metaxy-compile migrate <features-dir> --dir <migrations-dir> \[options\]$/m);
  assert.match(await usageFails(['migrate', 'features', '--dir', 'm', '--format', 'flywya']), /BAD_VALUE: option "--format" must be one of plain, flyway, golang-migrate, dbmate, alembic, atlas, not "flywya" \(did you mean "flyway"\?\)/);
  assert.match(await usageFails(['features', '-x']), /UNKNOWN_OPTION: unknown option "-x" for compile/);
});

test('every usage problem of a command line is reported at once, exit 2', async () => {
  const all = await usageFails(['migrate', '--store', 'a', '--store', 'b', '--json=yes', '--out', 'x', '--project', 'p', '--all-projects', '--name']);
  const codes = [...all.matchAll(/^<command line>:1:1: (\w+):/gm)].map((m) => m[1]);
  assert.deepEqual(codes, ['REPEATED_OPTION', 'BAD_VALUE', 'OPTION_NOT_APPLICABLE', 'MISSING_VALUE', 'MISSING_ARGUMENT', 'MISSING_OPTION', 'CONFLICTING_OPTIONS']);
  assert.match(all, /option "--store" is given more than once/);
  assert.match(all, /option "--json" takes no value/);
  assert.match(all, /option "--out" does not apply to migrate \(it is an option of compile, sqlalchemy, sqlmodel, schema\)/);
  assert.match(all, /option "--name" needs a value: --name <slug>/);
  assert.match(all, /migrate needs <features-dir>/);
  assert.match(all, /migrate needs --dir <migrations-dir>/);
  assert.match(all, /options "--project" and "--all-projects" exclude each other/);
  assert.match(await usageFails(['features', 'extra']), /UNEXPECTED_ARGUMENT: unexpected argument "extra": compile takes one <features-dir>/);
  assert.match(await usageFails(['schema', 'features']), /UNEXPECTED_ARGUMENT: unexpected argument "features": schema takes no argument/);
});

test('--store is optional; --opt=value and -- work as in other tools', async () => {
  const plain = await runCli(['features'], examples);
  assert.equal(plain.code, 0, plain.stderr);
  const eq = await runCli(['compile', 'features', '--store=dev'], examples);
  assert.deepEqual([eq.code, eq.stdout], [0, plain.stdout]);
  const dashed = await runCli(['--store', 'dev', '--', 'features'], examples);
  assert.deepEqual([dashed.code, dashed.stdout], [0, plain.stdout]);
});

test('suggestions: edit distance with swaps, case ignored, prefixes', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('hlep', 'help'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.deepEqual(suggest('Store', ['store', 'config']), ['store']);
  assert.deepEqual(suggest('all', ['all-projects', 'allow-destructive', 'dir']), ['all-projects', 'allow-destructive']);
  assert.deepEqual(suggest('zzz', ['store']), []);
});
