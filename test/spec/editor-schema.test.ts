import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { readSchemaText } from '../../src/spec/schema.js';
import { runCli } from '../helpers/cli.js';

const root = new URL('../../', import.meta.url).pathname;

test('schema --features offers the folder\'s keys at every dep position and changes nothing else', async () => {
  const r = await runCli(['schema', '--features', 'examples/features'], root);
  assert.equal(r.code, 0, r.stderr);
  const keys = ['audio/embedding', 'audio/speaker-turns', 'audio/transcript', 'video/chunk', 'video/raw', 'video/scene'];
  const marked: unknown[] = [];
  const strip = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(strip);
    const o = { ...(node as Record<string, unknown>) };
    if (o['x-completes'] === 'feature-keys') {
      marked.push(o.examples);
      delete o.examples;
    }
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, strip(v)]));
  };
  const emitted = strip(JSON.parse(r.stdout));
  assert.deepEqual(marked, [keys, keys], 'the short form of deps and the depKey definition');
  marked.length = 0;
  assert.deepEqual(emitted, strip(JSON.parse(readSchemaText())));
  assert.equal((await runCli(['schema', '--features', path.join(root, 'examples/features')], root)).stdout, r.stdout, 'deterministic');
  const bad = await runCli(['schema', '--features', 'nope'], root);
  assert.deepEqual([bad.code, bad.stdout], [2, '']);
  assert.match(bad.stderr, /FEATURES_NOT_FOUND/);
});
