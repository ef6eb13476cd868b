import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';
import { expectGolden } from './helpers/golden.js';
import { runCli } from './helpers/cli.js';

// Each golden/errors/<case>/ holds spec files (and a metaxy.toml); `args.txt` gives the command
// line (default: `versions features`); `diagnostics.txt` is the expected stderr. Every case must
// exit 2 and write nothing.
const root = new URL('../golden/errors/', import.meta.url).pathname;

for (const name of readdirSync(root).sort()) {
  const dir = path.join(root, name);
  test(`errors/${name}`, async () => {
    const argsFile = path.join(dir, 'args.txt');
    const args = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split(/\s+/) : ['versions', 'features'];
    const before = await fg('**', { cwd: dir, dot: true, ignore: ['diagnostics.txt'] });
    const r = await runCli(args, dir);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    expectGolden(path.join(dir, 'diagnostics.txt'), r.stderr);
    assert.deepEqual((await fg('**', { cwd: dir, dot: true, ignore: ['diagnostics.txt'] })).sort(), before.sort(), 'nothing is written');
  });
}
