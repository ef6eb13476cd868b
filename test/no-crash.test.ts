import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli, type CliResult } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// Every case the issue found by fuzzing (hostile files, folders and paths) ends in a positioned
// diagnostic and exit 2, never a stack trace; a bug exits 70 with one line.

const TOML = `project = "p"
[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
`;
const FEATURE = 'key: a/b\nid_columns: [i]\ncolumns: {i: string}\n';
const DIAGNOSTIC = /^[^\n]+:\d+:\d+: [A-Z_]+: [^\n]+$/;

/** project makes a folder with metaxy.toml and the given feature files. */
function project(files: Record<string, string> = { 'a.yaml': FEATURE }): string {
  const dir = tempDir('nocrash');
  writeFileSync(path.join(dir, 'metaxy.toml'), TOML);
  mkdirSync(path.join(dir, 'features'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, 'features', name), text);
  return dir;
}

/** badInput asserts exit 2 with only positioned one-line diagnostics (and the closing count), one of them matching `want`. */
function badInput(r: CliResult, want: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trimEnd().split('\n');
  assert.match(lines.at(-1)!, /^\d+ problems? found; nothing written\.$/);
  for (const l of lines.slice(0, -1)) assert.match(l, DIAGNOSTIC);
  assert.ok(lines.some((l) => want.test(l)), r.stderr);
}

test('a symbolic link loop in the features folder is a problem at the link', async () => {
  const dir = project();
  symlinkSync('self.yaml', path.join(dir, 'features/self.yaml'));
  symlinkSync('loop2', path.join(dir, 'features/loop1'));
  symlinkSync('loop1', path.join(dir, 'features/loop2'));
  const r = await runCli(['versions', 'features'], dir);
  badInput(r, /^features\/self\.yaml:1:1: READ_FAILED: .*ELOOP/m);
  badInput(r, /^features\/loop1:1:1: READ_FAILED: .*ELOOP/m);
});

test('a file name that is not UTF-8 is named as a problem, not read as missing', async () => {
  const dir = project();
  writeFileSync(Buffer.concat([Buffer.from(path.join(dir, 'features/bad')), Buffer.from([0xff, 0xfe]), Buffer.from('.yaml')]), FEATURE);
  badInput(await runCli(['versions', 'features'], dir), /features\/bad\uFFFD\uFFFD\.yaml:1:1: READ_FAILED: .*not valid UTF-8 \(6261 64fffe2e79616d6c\)|not valid UTF-8/);
});

test('deep flow nesting, block nesting and type nesting are diagnostics at their position', async () => {
  const flow = `${FEATURE}metadata: {x: ${'['.repeat(5000)}${']'.repeat(5000)}}\n`;
  badInput(await runCli(['versions', 'features'], project({ 'a.yaml': flow })), /^features\/a\.yaml:4:\d+: NESTING_TOO_DEEP: /m);
  const json = `{"key": "a/b", "id_columns": ["i"], "columns": {"i": "string"}, "metadata": ${'['.repeat(5000)}${']'.repeat(5000)}}`;
  badInput(await runCli(['versions', 'features'], project({ 'a.json': json })), /^features\/a\.json:1:\d+: NESTING_TOO_DEEP: /m);
  const block = `${FEATURE}metadata:\n${Array.from({ length: 600 }, (_, i) => `${' '.repeat(i + 1)}k${i}:`).join('\n')} 1\n`;
  badInput(await runCli(['versions', 'features'], project({ 'a.yaml': block })), /NESTING_TOO_DEEP: values nest more than \d+ levels deep/);
  const type = `${FEATURE.replace('{i: string}', `{i: string, t: "${'list<'.repeat(5000)}int32${'>'.repeat(5000)}"}`)}`;
  badInput(await runCli(['versions', 'features'], project({ 'a.yaml': type })), /^features\/a\.yaml:3:\d+: UNKNOWN_TYPE: .*types nest at most 500 levels deep/m);
});

test('an unresolved or excessive YAML alias is a YAML_SYNTAX problem at the alias', async () => {
  badInput(await runCli(['versions', 'features'], project({ 'a.yaml': `${FEATURE}metadata: {x: *nope}\n` })), /^features\/a\.yaml:4:15: YAML_SYNTAX: .*Unresolved alias/m);
  const bomb = `${FEATURE}metadata:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n`;
  badInput(await runCli(['versions', 'features'], project({ 'a.yaml': bomb })), /^features\/a\.yaml:\d+:\d+: YAML_SYNTAX: .*[Ee]xcessive alias/m);
});

test('a .json spec is strict JSON: a trailing comma, a comment or a bare word is a JSON_SYNTAX problem at its position', async () => {
  const cases: [string, RegExp][] = [
    ['{"key": "a/b", "id_columns": ["i"], "columns": {"i": "string"},}', /^features\/a\.json:1:63: JSON_SYNTAX: invalid JSON: a trailing comma$/m],
    ['{"key": "a/b", "id_columns": ["i"],\n // ids\n "columns": {"i": "string"}}', /^features\/a\.json:2:2: JSON_SYNTAX: invalid JSON: comments are not JSON$/m],
    ['{"key": "a/b", "id_columns": ["i"], "columns": {"i": string}}', /^features\/a\.json:1:54: JSON_SYNTAX: invalid JSON: expected a value$/m],
  ];
  for (const [json, want] of cases) badInput(await runCli(['versions', 'features'], project({ 'a.json': json })), want);
});

test('a dependency chain 12,000 features deep: versions, DDL and migrations without exhausting the stack', async () => {
  const docs = Array.from({ length: 12_000 }, (_, i) => `key: c/f${i}\nid_columns: [i]\ncolumns: {i: string}\n${i > 0 ? `deps: [c/f${i - 1}]\n` : ''}`);
  const dir = project({ 'chain.yaml': docs.join('---\n') });
  const versions = await runCli(['versions', 'features'], dir);
  assert.equal(versions.code, 0, versions.stderr);
  assert.equal(Object.keys((JSON.parse(versions.stdout) as { features: object }).features).length, 12_000);
  const migrate = await runCli(['migrate', 'features', '--store', 'duck', '--dir', 'migrations'], dir);
  assert.equal(migrate.code, 0, migrate.stderr);
});

test('an --out that is a folder or under a file, a --dir that is a file, an unwritable migrations folder: exit 2 at the path, nothing written', async () => {
  const dir = project();
  mkdirSync(path.join(dir, 'out'));
  badInput(await runCli(['features', '--store', 'duck', '--out', 'out'], dir), /^out:1:1: WRITE_FAILED: cannot write: EISDIR/m);
  badInput(await runCli(['features', '--store', 'duck', '--out', 'metaxy.toml/x.sql'], dir), /^metaxy\.toml\/x\.sql:1:1: WRITE_FAILED: /m);
  badInput(await runCli(['migrate', 'features', '--store', 'duck', '--dir', 'metaxy.toml'], dir), /^metaxy\.toml:1:1: HISTORY_UNREADABLE: cannot read the migrations folder: it is a file, not a folder$/m);
  badInput(await runCli(['check', 'features', '--store', 'duck', '--dir', 'metaxy.toml'], dir), /^metaxy\.toml:1:1: HISTORY_UNREADABLE: cannot read the migrations folder: it is a file/m);
  // A migrations folder whose stream folder is a file cannot be written (root writes anywhere, so no chmod).
  mkdirSync(path.join(dir, 'migrations'));
  writeFileSync(path.join(dir, 'migrations/system'), '');
  badInput(await runCli(['migrate', 'features', '--store', 'duck', '--dir', 'migrations'], dir), /^migrations\/system:1:1: HISTORY_UNREADABLE: .*ENOTDIR/m);
  assert.deepEqual(readdirSync(path.join(dir, 'out')), []);
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temporary file is left');
});

test('an internal error exits 70 with one line asking for a report; --debug adds the stack', () => {
  const dir = project();
  const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
  // A preload that breaks os.homedir (read by main only) stands in for a bug anywhere in the compiler.
  const broken = `data:text/javascript,${encodeURIComponent('import os from "node:os"; import { syncBuiltinESMExports } from "node:module"; os.homedir = () => { throw new TypeError("simulated bug"); }; syncBuiltinESMExports();')}`;
  const run = (extra: string[]) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--import', broken, main, 'versions', 'features', ...extra], { cwd: dir, encoding: 'utf8' });
  const plain = run([]);
  assert.equal(plain.status, 70);
  assert.equal(plain.stdout, '');
  assert.match(plain.stderr, /^metaxy-compile: internal error \(TypeError: simulated bug\); this is a bug: please report it .*--debug.*\n$/);
  const debug = run(['--debug']);
  assert.equal(debug.status, 70);
  assert.match(debug.stderr, /internal error \(TypeError: simulated bug\)[^\n]*\nTypeError: simulated bug\n\s+at /);
});
