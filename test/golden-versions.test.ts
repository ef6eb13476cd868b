import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectGolden } from './helpers/golden.js';
import { runCli } from './helpers/cli.js';

test('versions of the bundled example', async () => {
  const examples = new URL('../examples/', import.meta.url).pathname;
  const r = await runCli(['versions', 'features'], examples);
  assert.equal(r.code, 0, r.stderr);
  expectGolden(new URL('../golden/versions/examples.json', import.meta.url).pathname, r.stdout);
});
