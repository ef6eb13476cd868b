import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { hashParts, pyJsonDumps } from '../../src/versions/hash.js';
import { checkFeatures } from '../../src/spec/read-features.js';
import { computeVersions } from '../../src/versions/versions.js';

function versionsOf(yaml: string) {
  const set = checkFeatures([{ file: 'f.yaml', text: yaml }]);
  assert.deepEqual(set.diagnostics, []);
  return computeVersions(set.features, 8);
}

test("metaxy.md check values: code versions and spec version", () => {
  const one = versionsOf('key: test/feature\nid_columns: [sample_uid]\nfields: [{key: default, code_version: "1"}]\ncolumns: {sample_uid: string}\n');
  const v = one.get('test/feature')!;
  assert.equal(v.codeVersion, '08d017a7');
  assert.equal(v.specVersion, 'a5eea973');
  const three = versionsOf(
    'key: x\nid_columns: [id]\nfields: [{key: frames, code_version: "1"}, {key: audio, code_version: "2"}, {key: metadata, code_version: "3"}]\ncolumns: {id: string}\n',
  );
  assert.equal(three.get('x')!.codeVersion, 'f73ebda5');
});

test("Metaxy's quickstart: video and audio versions", () => {
  const v = versionsOf('key: video\nid_columns: [id]\ncolumns: {id: string}\n---\nkey: audio\nid_columns: [id]\ndeps: [video]\ncolumns: {id: string}\n');
  assert.equal(v.get('video')!.featureVersion, '4c78e5e2');
  assert.deepEqual(v.get('video')!.fields, { default: 'c675833f' });
  assert.equal(v.get('audio')!.featureVersion, '9680125a');
  assert.deepEqual(v.get('audio')!.fields, { default: '91af2f82' });
});

test('field versions follow their parents: a changed upstream code_version changes only its dependents', () => {
  const base = 'key: up\nid_columns: [id]\nfields: [{key: a, code_version: "1"}, {key: b, code_version: "1"}]\ncolumns: {id: string}\n---\nkey: down\nid_columns: [id]\ndeps: [up]\nfields: [a, b]\ncolumns: {id: string}\n';
  const before = versionsOf(base);
  const after = versionsOf(base.replace('{key: b, code_version: "1"}', '{key: b, code_version: "2"}'));
  assert.equal(before.get('down')!.fields.a, after.get('down')!.fields.a);
  assert.notEqual(before.get('down')!.fields.b, after.get('down')!.fields.b);
  assert.equal(hashParts(['x'], 12).length, 12);
});

test("pyJsonDumps is Python's json.dumps(sort_keys=True) on random values", (t) => {
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const value = (depth: number): unknown => {
    const r = rnd();
    if (depth > 2 || r < 0.5) {
      return pick<unknown>([null, true, false, Math.floor(rnd() * 1e6) - 5e5, rnd() * 10 ** Math.floor(rnd() * 40 - 20), 0.5, 1e-7, 'plain', 'é ü "q" \\ \n\t', '日本', '😀', '\u007f\u0001']);
    }
    if (r < 0.75) return Array.from({ length: Math.floor(rnd() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(rnd() * 4) }, (_, i) => [pick(['b', 'a', 'Z', 'é', `k${i}`, '😀']), value(depth + 1)]));
  };
  const values = Array.from({ length: 200 }, () => value(0));
  const py = spawnSync('python3', ['-c', 'import json,sys\nfor line in sys.stdin:\n    print(json.dumps(json.loads(line), sort_keys=True))'], {
    input: values.map((v) => JSON.stringify(v)).join('\n') + '\n',
    encoding: 'utf8',
  });
  if (py.error) {
    t.skip('python3 is not installed');
    return;
  }
  const expected = py.stdout.trimEnd().split('\n');
  values.forEach((v, i) => assert.equal(pyJsonDumps(v), expected[i], JSON.stringify(v)));
});
