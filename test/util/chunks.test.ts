import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chunks } from '../../src/util/chunks.js';

test('chunks give the text back in pieces that end after a line feed, never inside a surrogate pair', () => {
  assert.deepEqual(chunks('short\ntext'), ['short\ntext']);
  const lines = Array.from({ length: 2000 }, (_, i) => `${'x'.repeat(i % 97)}😀${i}é`);
  const text = `${lines.join('\n')}\n${'y'.repeat(300)}`;
  for (const size of [1, 50, 1000, 4096]) {
    const pieces = chunks(text, size);
    assert.equal(pieces.join(''), text);
    assert.ok(pieces.length > 1);
    for (const p of pieces.slice(0, -1)) assert.ok(p.endsWith('\n') && p.length >= size, JSON.stringify(p.slice(-5)));
    assert.equal(Buffer.concat(pieces.map((p) => Buffer.from(p))).toString(), text, 'each piece is whole UTF-8');
  }
  assert.deepEqual(chunks('z'.repeat(10), 3), ['z'.repeat(10)], 'no line feed: one piece');
});
