import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typeToString } from '../../src/ir/types.js';
import { parseType } from '../../src/spec/type-parser.js';

test('parses every logical type and prints it back', () => {
  const cases: [string, string, boolean][] = [
    ['bool', 'bool', false],
    ['str', 'string', false],
    ['int', 'int64', false],
    ['float?', 'float64', true],
    ['bytes', 'binary', false],
    ['datetime', 'timestamptz', false],
    ['decimal(10,2)', 'decimal(10, 2)', false],
    ['decimal( 7 ,0 )', 'decimal(7, 0)', false],
    ['list<list<int8>>', 'list<list<int8>>', false],
    ['struct<x: int32, y:  list<string>>?', 'struct<x: int32, y: list<string>>', true],
    ['map<string, struct<a: uuid>>', 'map<string, struct<a: uuid>>', false],
  ];
  for (const [text, printed, nullable] of cases) {
    const r = parseType(text);
    assert.ok(r.ok, `${text}: ${r.ok ? '' : r.why}`);
    assert.equal(typeToString(r.type), printed);
    assert.equal(r.nullable, nullable);
  }
});

test('reports the offset and reason of a bad type', () => {
  const r = parseType('struct<x: int32, y: strin>');
  assert.equal(r.ok, false);
  if (!r.ok) {
    assert.equal(r.offset, 20);
    assert.match(r.why, /"strin" is not a known type/);
  }
  for (const bad of ['int33', 'list<int32', 'decimal(3, 5)', 'decimal(5)', 'struct<a: int8, a: int8>', 'map<string>', 'string??', '']) {
    assert.equal(parseType(bad).ok, false, bad);
  }
});
