import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { jsonError } from '../../src/spec/json-syntax.js';
import { Rng } from '../helpers/prng.js';

// The strict JSON check agrees with JSON.parse on what is JSON, on the example's JSON spec and
// on thousands of mutations of it (JSON.parse says no position for most errors: jsonError does).

const seed = readFileSync(new URL('../../examples/features/audio/embeddings.json', import.meta.url), 'utf8');
const TOKENS = ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u12', '\\x', '// c', '/* c */', 'true', 'nul', '-0', '01', '1.', '.5', '1e', '\n', '\t', '\u0000', ' ', 'x'];

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

test('jsonError is null exactly when JSON.parse accepts the text, and points inside the text otherwise', () => {
  const rng = new Rng(3);
  const texts = [seed, '[]', '{}', ' 1 ', '"a"', '{"a": [1, {"b": null}]}', '[1,]', '{"a":1,}', '', '{"a" 1}', '[' .repeat(10_000) + ']'.repeat(10_000)];
  for (let i = 0; i < 3000; i++) {
    let t = seed;
    for (let k = rng.int(1, 3); k > 0; k--) {
      const at = rng.int(0, t.length);
      t = rng.chance(0.5) ? t.slice(0, at) + rng.pick(TOKENS) + t.slice(at) : t.slice(0, at) + t.slice(at + rng.int(1, 3));
    }
    texts.push(t);
  }
  for (const t of texts) {
    const e = jsonError(t);
    assert.equal(e === null, parses(t), JSON.stringify(t.slice(0, 200)));
    if (e) assert.ok(e.offset >= 0 && e.offset <= t.length);
  }
});
