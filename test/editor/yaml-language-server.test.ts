import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { findSpecFiles } from '../../src/spec/load.js';
import { checkFile } from '../../src/spec/read-features.js';
import { SCHEMA_PATH } from '../../src/spec/schema.js';
import { runCli } from '../helpers/cli.js';
import { YamlLanguageServer, type LspDiagnostic } from '../helpers/lsp.js';
import { TYPE_DEPTH } from '../helpers/schema-grammar.js';
import { tempDir } from '../helpers/temp.js';

// An editor's view of the schema: the real yaml-language-server (npm), driven over LSP as VS
// Code, Neovim or Zed drive it. It must flag the mistakes the compiler flags, stay silent on
// every spec the compiler accepts, and complete types and dep keys.

const root = new URL('../../', import.meta.url).pathname;
const schemaUri = pathToFileURL(SCHEMA_PATH).href;
const modeline = `# yaml-language-server: $schema=${schemaUri}\n`;
let server: YamlLanguageServer;

before(async () => {
  // Files without a modeline or `$schema` (golden specs, JSON arrays) get the schema by name, as a user's settings would.
  server = await YamlLanguageServer.start({ [schemaUri]: ['*.yaml', '*.yml', '*.json'] });
  sendMistakes();
});
after(async () => server.stop());

/** bracketDepth is the deepest nesting of `<` in a text. */
function bracketDepth(text: string): number {
  let depth = 0;
  let most = 0;
  for (const ch of text) {
    if (ch === '<') most = Math.max(most, ++depth);
    else if (ch === '>') depth = Math.max(0, depth - 1);
  }
  return most;
}

async function specFiles(): Promise<string[]> {
  const dirs = ['examples', 'golden'];
  const all = (await Promise.all(dirs.map(async (d) => (await findSpecFiles(path.join(root, d))).files.map((f) => path.join(root, d, f))))).flat();
  return all.filter((f) => /\/features\//.test(f));
}

test('no diagnostic on any spec of examples/ and golden/ that the compiler accepts', async () => {
  const valid = (await specFiles())
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter((f) => checkFile(f).diagnostics.length === 0) // not a golden error case, nor a migrations folder's state
    // Nor an engine-limit case: the type pattern follows brackets TYPE_DEPTH + 3 levels deep (the README says so).
    .filter((f) => bracketDepth(f.text) <= TYPE_DEPTH + 3);
  assert.ok(valid.length >= 30, `${valid.length} valid spec files`);
  // All at once: the server waits 200 ms after each document's last change before it validates.
  const published = await Promise.all(valid.map((f) => server.diagnostics(f.file, f.text)));
  valid.forEach((f, i) => assert.deepEqual(published[i], [], path.relative(root, f.file)));
  // They were checked: the same file with a mistake is flagged (by the settings' association when it has no modeline).
  const plain = valid.find((f) => f.file.endsWith('.yaml') && !f.text.includes('yaml-language-server'))!;
  const flagged = await server.diagnostics(plain.file, `${plain.text.trimEnd()}\ncolour: red\n`);
  assert.ok(flagged.some((d) => /Property colour is not allowed/.test(d.message)), JSON.stringify(flagged));
});

const base = 'key: video/raw\nid_columns: [id]\ncolumns:\n  id: string\n';

// Each mistake, the 1-based line it is on, and what the editor says there.
const MISTAKES: [string, string, number, RegExp][] = [
  ['a misspelled type', `${base}  a: strin\n`, 6, /not a column type/],
  ['a misspelled generic', `${base}  a: lst<string>\n`, 6, /not a column type/],
  ['a decimal without scale', `${base}  a: decimal(5)\n`, 6, /not a column type/],
  ['a decimal scale above its precision', `${base}  a: decimal(3, 5)?\n`, 6, /not a column type/],
  ['a misspelled type nested in a struct', `${base}  a: "struct<x: int32, y: list<strin>>?"\n`, 6, /not a column type/],
  ['a misspelled type in the option object', `${base}  a: {type: flaot64, nullable: true}\n`, 6, /not a column type/],
  ['an upper-case key', base.replace('video/raw', 'Video/Raw'), 2, /not a Metaxy key/],
  ['a key part with "__"', base.replace('video/raw', '[video, raw__x]'), 2, /not a part of a Metaxy key/],
  ['an upper-case dep', `${base}deps: [Video/Raw]\n`, 6, /not a Metaxy key/],
  ['an upper-case field dep', `${base}fields:\n  - key: f\n    deps: [{feature: Video/Raw}]\n`, 8, /not a Metaxy key/],
  ['a field key with "__"', `${base}fields: [a__b]\n`, 6, /not a Metaxy key/],
  ['an unknown key', `${base}colour: red\n`, 6, /Property colour is not allowed/],
  ['an unknown column option', `${base}  a: {type: string, nullabel: true}\n`, 6, /Property nullabel is not allowed/],
  ['a missing key', base.replace('id_columns: [id]\n', ''), 2, /Missing property "id_columns"/],
];

// Sent together (see above), awaited one per test.
const published = new Map<string, Promise<LspDiagnostic[]>>();
function sendMistakes(): void {
  for (const [name, body] of MISTAKES) published.set(name, server.diagnostics(path.join(root, `.tmp-editor/${name.replace(/\W+/g, '-')}.yaml`), modeline + body));
}

for (const [name, body, line, message] of MISTAKES) {
  test(`the editor and the compiler both flag ${name}`, async () => {
    const text = modeline + body;
    const got = await published.get(name)!;
    const here = got.filter((d: LspDiagnostic) => d.range.start.line + 1 === line);
    assert.ok(here.some((d) => message.test(d.message)), `line ${line}: ${JSON.stringify(got.map((d) => [d.range.start.line + 1, d.message]))}`);
    const compiler = checkFile({ file: 'spec.yaml', text }).diagnostics;
    assert.ok(compiler.some((d) => d.span.line === line), `the compiler flags line ${line}: ${JSON.stringify(compiler)}`);
  });
}

test('a JSON spec names the schema with "$schema"; an array of features is checked too', async () => {
  const rel = path.relative(path.join(root, 'examples/features/audio'), SCHEMA_PATH);
  const json = (key: string) => `{\n  "$schema": "${rel}",\n  "key": "${key}",\n  "id_columns": ["id"],\n  "columns": {"id": "strin"}\n}\n`;
  const single = await server.diagnostics(path.join(root, 'examples/features/audio/new.json'), json('Audio/New'));
  assert.deepEqual(single.map((d) => [d.range.start.line + 1, /not a (Metaxy key|column type)/.test(d.message)]), [[3, true], [5, true]]);
  const array = await server.diagnostics(path.join(root, 'examples/features/audio/several.json'), `[\n${json('a').trim()},\n{"key": "b"}\n]\n`);
  assert.ok(array.some((d) => d.range.start.line + 1 === 6 && /not a column type/.test(d.message)), JSON.stringify(array));
  assert.ok(array.some((d) => d.range.start.line + 1 === 8 && /Missing property "id_columns"/.test(d.message)), JSON.stringify(array));
});

test('completing a column type offers every scalar type, its nullable form and the column object', async () => {
  const text = `${modeline}key: a\nid_columns: [id]\ncolumns:\n  id: \n`;
  const labels = (await server.complete(path.join(root, '.tmp-editor/complete-type.yaml'), text, 4, 6)).map((c) => c.label);
  for (const t of ['bool', 'int32', 'int32?', 'float64', 'string', 'timestamp', 'timestamptz?', 'uuid', 'json', 'decimal(10, 2)', 'list<string>', 'column with options']) {
    assert.ok(labels.includes(t), `${t} in ${JSON.stringify(labels)}`);
  }
  assert.ok(!labels.includes('[object Object]'));
});

test('`schema --features` completes the keys of that folder wherever a dep names a feature', async () => {
  const dir = tempDir('editor-schema');
  const schemaFile = path.join(dir, 'features.schema.json');
  const r = await runCli(['schema', '--features', 'examples/features', '--out', schemaFile], root);
  assert.equal(r.code, 0, r.stderr);
  const keys = ['audio/embedding', 'audio/speaker-turns', 'audio/transcript', 'video/chunk', 'video/raw', 'video/scene'];
  const head = `# yaml-language-server: $schema=${pathToFileURL(schemaFile).href}\nkey: a\nid_columns: [id]\ncolumns: {id: string}\n`;
  // Completion at the end of the last line: a dep, a dep's feature, a field dep's feature.
  for (const tail of ['deps:\n  - ', 'deps:\n  - feature: ', 'fields:\n  - key: f\n    deps:\n      - feature: ']) {
    const lines = `${head}${tail}`.split('\n');
    const labels = (await server.complete(path.join(dir, 'spec.yaml'), `${lines.join('\n')}\n`, lines.length - 1, lines.at(-1)!.length)).map((c) => c.label);
    for (const k of keys) assert.ok(labels.includes(k), `${k} after ${JSON.stringify(tail)} in ${JSON.stringify(labels)}`);
  }
});
