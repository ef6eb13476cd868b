import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';
import { findSpecFiles } from '../../src/spec/load.js';
import { tempDir } from '../helpers/temp.js';

// findSpecFiles walks the folder itself (fast-glob took a tenth of a small run to load): it must
// find exactly what fast-glob finds with the options the compiler used.
test('findSpecFiles finds what fast-glob finds', async () => {
  const root = tempDir('find');
  const files = ['x.yaml', 'X.YAML', '.dot.yaml', 'a/y.yml', 'a/b/z.json', 'a/b/w.txt', '.hid/h.yaml', 'node_modules/x/n.yaml', 'sub/node_modules/m.yaml', 'real/r.yaml', 'sp ace.yaml', 'c.yaml/inner.json', 'é/ü.yaml', 'yaml', 'a.yaml.bak'];
  for (const f of files) {
    mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
    writeFileSync(path.join(root, f), 'key: a\n');
  }
  symlinkSync('../real', path.join(root, 'a/link'));
  symlinkSync('real/r.yaml', path.join(root, 'lfile.yaml'));
  symlinkSync('nowhere', path.join(root, 'broken.yaml'));
  const expected = (await fg(['**/*.yaml', '**/*.yml', '**/*.json'], { cwd: root, onlyFiles: true, dot: false, ignore: ['**/node_modules/**'] })).sort();
  assert.deepEqual((await findSpecFiles(root)).files, expected);
  assert.deepEqual(await findSpecFiles(path.join(root, 'missing')), { files: [], problems: [] });
  // A link cycle (fast-glob loops until out of memory) ends.
  symlinkSync('..', path.join(root, 'real/up'));
  assert.ok((await findSpecFiles(root)).files.includes('x.yaml'));
});
