import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tableBaseName } from '../../src/ir/feature.js';
import { parseKey } from '../../src/spec/keys.js';

test('accepts Metaxy keys and names their tables', () => {
  const r = parseKey('video/processing-v2');
  assert.ok(r.ok);
  if (r.ok) assert.equal(tableBaseName(r.parts), 'video__processing_v2');
  assert.ok(parseKey(['_a', '0b']).ok);
});

test('rejects keys Metaxy rejects', () => {
  for (const bad of ['Video/x', 'a//b', 'a/b__c', '0a/b', 'a/B', 'a/-b', '', 'a b']) {
    assert.equal(parseKey(bad).ok, false, bad);
  }
  assert.equal(parseKey(['a', 'b/c']).ok, false);
});
