import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

const root = new URL('../', import.meta.url).pathname;
const examples = path.join(root, 'examples');

test('--out writes the DDL to a file; bad input writes nothing and exits 2', async () => {
  const dir = tempDir('cli');
  cpSync(examples, dir, { recursive: true });
  const ok = await runCli(['features', '--store', 'prod', '--out', 'out/prod.sql'], dir);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, '');
  assert.match(readFileSync(path.join(dir, 'out/prod.sql'), 'utf8'), /CREATE TABLE prod_video__raw/);
  writeFileSync(path.join(dir, 'features/broken.yaml'), 'key: Bad\nid_columns: [id]\ncolumns: {id: strin}\n');
  const bad = await runCli(['features', '--store', 'prod', '--out', 'out/again.sql'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^features\/broken\.yaml:1:6: INVALID_KEY: /m);
  assert.match(bad.stderr, /^features\/broken\.yaml:3:15: UNKNOWN_TYPE: /m);
  assert.equal(existsSync(path.join(dir, 'out/again.sql')), false);
});

test('a non-SQL store, an unknown store and bad usage are exit 2 with a clear message', async () => {
  const lake = await runCli(['features', '--store', 'lake'], examples);
  assert.equal(lake.code, 2);
  assert.match(lake.stderr, /STORE_NOT_SQL: store "lake" \(metaxy\.ext\.delta\.DeltaMetadataStore\)/);
  const usage = await runCli(['features', '--bogus'], examples);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /UNKNOWN_OPTION: unknown option "--bogus" for compile/);
  const both = await runCli(['features', '--project', 'a', '--all-projects'], examples);
  assert.equal(both.code, 2);
});

test('project filtering: the config project by default, --project and --all-projects', async () => {
  const dir = path.join(root, 'golden/create/multi-project');
  const sql = async (args: string[]) => (await runCli(['features', '--store', 'duckdb', ...args], dir)).stdout;
  const tables = (s: string) => [...s.matchAll(/CREATE TABLE (\S+)/g)].map((m) => m[1]).filter((t) => !t!.startsWith('metaxy_system'));
  assert.deepEqual(tables(await sql([])), ['alpha__derived', 'shared__base']);
  assert.deepEqual(tables(await sql(['--project', 'beta'])), ['beta__derived']);
  assert.deepEqual(tables(await sql(['--all-projects'])), ['shared__base', 'beta__derived', 'alpha__derived']);
});
