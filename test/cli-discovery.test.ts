import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// Run from anywhere: the configuration is found upward from the working directory, then upward
// from the features folder; bad paths and projects get their own messages.

const root = new URL('../', import.meta.url).pathname;

/** project copies the example (features + metaxy.toml) into a fresh folder, beside an empty one to run from. */
function project(): { dir: string; elsewhere: string } {
  const base = tempDir('discovery');
  const dir = path.join(base, 'repo');
  cpSync(path.join(root, 'examples'), dir, { recursive: true });
  const elsewhere = path.join(base, 'elsewhere');
  mkdirSync(elsewhere);
  return { dir, elsewhere };
}

test('from another folder, the configuration is found upward from the features folder', async () => {
  const { dir, elsewhere } = project();
  const here = await runCli(['features', '--store', 'prod'], dir);
  const there = await runCli([path.join(dir, 'features'), '--store', 'prod'], elsewhere);
  assert.equal(there.code, 0, there.stderr);
  assert.equal(there.stdout, here.stdout);
  const relative = await runCli([path.relative(elsewhere, path.join(dir, 'features')), '--store', 'prod'], elsewhere);
  assert.equal(relative.stdout, here.stdout);
});

test('the working directory comes first; --config and METAXY_CONFIG name a file', async () => {
  const { dir, elsewhere } = project();
  writeFileSync(path.join(elsewhere, 'metaxy.toml'), 'project = "media"\n[stores.mine]\ntype = "metaxy.ext.duckdb.DuckDBMetadataStore"\n[stores.mine.config]\ntable_prefix = "mine_"\n');
  const features = path.join(dir, 'features');
  const mine = await runCli([features, '--store', 'mine'], elsewhere);
  assert.equal(mine.code, 0, mine.stderr);
  assert.match(mine.stdout, /CREATE TABLE mine_video__raw/);
  assert.match((await runCli([features, '--store', 'prod'], elsewhere)).stderr, /UNKNOWN_STORE: unknown store "prod" \(stores: mine\)/);
  const named = await runCli([features, '--store', 'prod', '--config', path.join(dir, 'metaxy.toml')], elsewhere);
  assert.equal(named.code, 0, named.stderr);
  const env = await runCli([features, '--store', 'prod'], elsewhere, { METAXY_CONFIG: path.join(dir, 'metaxy.toml') });
  assert.equal(env.stdout, named.stdout);
});

test('no configuration anywhere: the message says so and where it looked', async () => {
  const base = tempDir('no-config');
  cpSync(path.join(root, 'examples/features'), path.join(base, 'specs/features'), { recursive: true });
  mkdirSync(path.join(base, 'cwd'));
  const r = await runCli(['../specs/features', '--store', 'prod'], path.join(base, 'cwd'));
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.split('\n')[0],
    `<config>:1:1: CONFIG_NOT_FOUND: no metaxy.toml (or pyproject.toml with [tool.metaxy]) found in ${path.join(base, 'cwd')} or its parents, nor in ${path.join(base, 'specs/features')} or its parents, so store "prod" is not configured; pass --config <file> or set METAXY_CONFIG`,
  );
  // versions needs no store: Metaxy's defaults apply.
  assert.equal((await runCli(['versions', '../specs/features'], path.join(base, 'cwd'))).code, 0);
});

test('a missing path, a spec file and an empty folder each say what is wrong', async () => {
  const { dir } = project();
  mkdirSync(path.join(dir, 'empty'));
  const cases: [string, string][] = [
    ['nope', 'nope:1:1: FEATURES_NOT_FOUND: features folder nope does not exist'],
    [
      'features/video/raw.yaml',
      'features/video/raw.yaml:1:1: NOT_A_FOLDER: features/video/raw.yaml is a file, not a features folder: give the folder that holds the specs (such as features/video); its files are read together, deps across them included',
    ],
    ['empty', 'empty:1:1: NO_SPECS: no feature spec files (*.yaml, *.yml, *.json) found under empty'],
  ];
  for (const [arg, line] of cases) {
    const r = await runCli([arg], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, `${line}\n1 problem found; nothing written.\n`);
  }
});

test('--project that no feature belongs to is an error naming the projects', async () => {
  const dir = path.join(root, 'golden/create/multi-project');
  for (const command of [['compile'], ['migrate', '--dir', 'never-written'], ['check', '--dir', 'never-written']]) {
    const r = await runCli([...command, 'features', '--store', 'duckdb', '--project', 'nope'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.split('\n')[0], '<command line>:1:1: UNKNOWN_PROJECT: no feature belongs to project "nope" (projects: alpha, beta)');
  }
});
