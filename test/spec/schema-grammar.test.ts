import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseKey } from '../../src/spec/keys.js';
import { SCHEMA_PATH } from '../../src/spec/schema.js';
import { parseType, SCALARS } from '../../src/spec/type-parser.js';
import { UPDATE } from '../helpers/golden.js';
import { Rng } from '../helpers/prng.js';
import { keyPatterns, PATTERN_COUNT, TYPE_DEPTH, typePattern, withGrammar } from '../helpers/schema-grammar.js';

// The schema's patterns are generated (test/helpers/schema-grammar.ts) and must say what the
// compiler's parsers say, so that an editor flags exactly what `metaxy-compile` rejects.

test('the schema carries the generated key and type grammars (UPDATE_GOLDEN=1 writes them)', () => {
  const text = readFileSync(SCHEMA_PATH, 'utf8');
  const expected = `${JSON.stringify(withGrammar(JSON.parse(text) as Record<string, unknown>), null, 2)}\n`;
  if (UPDATE) writeFileSync(SCHEMA_PATH, expected);
  else assert.equal(text, expected, 'schemas/feature.schema.json is out of date: run the tests with UPDATE_GOLDEN=1');
  const patterns = text.match(/"pattern":/g) ?? [];
  assert.equal(patterns.length, PATTERN_COUNT, 'every pattern of the schema is a generated one');
});

const typeRe = new RegExp(typePattern(), 'u');

const sp = (rng: Rng) => (rng.chance(0.2) ? ' '.repeat(rng.int(1, 2)) : '');
const IDENT_START = 'abcxyzXY_';
const IDENT_REST = 'abcxyz019_';

function ident(rng: Rng): string {
  if (rng.chance(0.2)) return rng.pick(['list', 'map', 'int', 'decimal', 'string']);
  let s = rng.pick([...IDENT_START]);
  for (let n = rng.int(0, 4); n > 0; n--) s += rng.pick([...IDENT_REST]);
  return s;
}

/** genType writes a random valid type with at most `depth` levels of list/map/struct. */
function genType(rng: Rng, depth: number): string {
  const kind = depth === 0 ? rng.pick(['scalar', 'decimal']) : rng.pick(['scalar', 'decimal', 'list', 'map', 'struct', 'struct']);
  const t = () => `${sp(rng)}${genType(rng, depth - 1)}${sp(rng)}`;
  switch (kind) {
    case 'scalar':
      return rng.pick(Object.keys(SCALARS));
    case 'decimal': {
      const p = rng.int(1, 76);
      return `decimal${sp(rng)}(${sp(rng)}${rng.chance(0.1) ? '0' : ''}${p}${sp(rng)},${sp(rng)}${rng.int(0, p)}${sp(rng)})`;
    }
    case 'list':
      return `list${sp(rng)}<${t()}>`;
    case 'map':
      return `map${sp(rng)}<${t()},${t()}>`;
    default: {
      const names = [...new Set(Array.from({ length: rng.int(1, 3) }, () => ident(rng)))];
      return `struct${sp(rng)}<${names.map((n) => `${sp(rng)}${n}${sp(rng)}:${t()}`).join(',')}>`;
    }
  }
}

function mutate(rng: Rng, s: string): string {
  const alphabet = [...'<>(),:? _aisx09'];
  let out = s;
  for (let n = rng.int(1, 2); n > 0; n--) {
    const i = rng.int(0, out.length);
    const op = rng.int(0, 3);
    if (op === 0) out = out.slice(0, i) + rng.pick(alphabet) + out.slice(i);
    else if (op === 1) out = out.slice(0, i) + out.slice(i + 1);
    else if (op === 2) out = out.slice(0, i) + rng.pick(alphabet) + out.slice(i + 1);
    else out = out.slice(0, i) + out.slice(i + 1, i + 2) + out.slice(i, i + 1) + out.slice(i + 2);
  }
  return out;
}

function nesting(s: string): number {
  let depth = 0;
  let max = 0;
  for (const c of s) {
    if (c === '<') max = Math.max(max, ++depth);
    if (c === '>') depth--;
  }
  return max;
}

test('the type pattern accepts what the type parser accepts, and rejects what it rejects', () => {
  const rng = new Rng(14);
  let rejected = 0;
  for (let i = 0; i < 3000; i++) {
    const valid = `${sp(rng)}${genType(rng, rng.int(0, TYPE_DEPTH))}${sp(rng)}${rng.chance(0.3) ? `?${sp(rng)}` : ''}`;
    assert.ok(parseType(valid).ok, valid);
    assert.ok(typeRe.test(valid), `the pattern rejects the valid type ${JSON.stringify(valid)}`);
    const m = mutate(rng, valid);
    const parsed = parseType(m);
    if (parsed.ok) {
      assert.ok(typeRe.test(m), `the pattern rejects the valid type ${JSON.stringify(m)}`);
      continue;
    }
    // What the pattern leaves to the compiler: scale <= precision inside a generic, distinct
    // struct members, and below TYPE_DEPTH levels all but the brackets.
    if ((/exceeds precision/.test(parsed.why) && nesting(m) > 0) || /appears twice/.test(parsed.why) || nesting(m) > TYPE_DEPTH) continue;
    rejected++;
    assert.ok(!typeRe.test(m), `the pattern accepts ${JSON.stringify(m)}: ${parsed.why}`);
  }
  assert.ok(rejected > 1000, `${rejected} invalid mutations`);
});

test('the type pattern rejects the mistakes of issue 14 and documents its depth limit', () => {
  for (const bad of ['strin', 'lst<string>', 'decimal(5)', 'decimal(3, 5)', 'decimal(0, 0)', 'decimal(77, 1)', 'Int32', 'list<strin>', 'map<string>', 'struct<>', 'struct<a: int,>', 'string??', 'list<list<list<list<strin>>>>']) {
    assert.equal(parseType(bad).ok, false, bad);
    assert.equal(typeRe.test(bad), false, bad);
  }
  // Five levels deep, the innermost level is checked only for its brackets; a decimal's scale
  // is checked against its precision only for the column's own type.
  assert.equal(typeRe.test('list<list<list<list<list<strin>>>>>'), true);
  assert.equal(typeRe.test('list<decimal(3, 5)>'), true);
  for (let p = 1; p <= 76; p++) {
    for (const s of [0, p - 1, p, p + 1, p + 10]) assert.equal(typeRe.test(`decimal(${p}, ${s})?`), parseType(`decimal(${p}, ${s})?`).ok, `decimal(${p}, ${s})`);
  }
});

test('the key patterns are exactly Metaxy key grammar (src/spec/keys.ts)', () => {
  const rng = new Rng(7);
  const slash = new RegExp(keyPatterns.slash, 'u');
  const first = new RegExp(keyPatterns.first, 'u');
  const later = new RegExp(keyPatterns.later, 'u');
  const alphabet = [...'az09_-/A.'];
  const word = () => Array.from({ length: rng.int(0, 6) }, () => rng.pick(alphabet)).join('');
  let valid = 0;
  for (let i = 0; i < 5000; i++) {
    const s = word();
    assert.equal(slash.test(s), parseKey(s).ok, JSON.stringify(s));
    const parts = Array.from({ length: rng.int(1, 3) }, word);
    const byPattern = first.test(parts[0]!) && parts.slice(1).every((p) => later.test(p));
    assert.equal(byPattern, parseKey(parts).ok, JSON.stringify(parts));
    if (parseKey(s).ok) valid++;
  }
  assert.ok(valid > 500, `${valid} valid keys`);
  assert.equal(slash.test('Video/Raw'), false);
});
