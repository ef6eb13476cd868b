import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaState, Table } from '../src/ir/schema.js';
import { scalar } from '../src/ir/types.js';
import { splitStreams } from '../src/migrate.js';
import { parseState, stateText, STATE_VERSION, type StreamState } from '../src/migrations/state.js';
import { goldenCases } from './helpers/cases.js';
import { storeSchema } from './helpers/migrate-harness.js';

// History format 3 (src/migrations/state-tables.ts): every golden store's tables are printed
// and read back the same (what the differ compares; positions and rename hints are not
// recorded), recorded lines that are the lines of the desired tables are those very tables,
// any other line is read, a reformatted state is read whole, and a damaged line is located.

/** recordable is what a state records of a table: all but its source positions and rename hints. */
function recordable(t: Table): Table {
  return { ...t, span: null, renamedFrom: null, columns: t.columns.map((c) => ({ ...c, span: null, renamedFrom: null })) };
}

function state(schema: SchemaState): StreamState {
  return { version: STATE_VERSION, dialect: 'postgres', format: 'plain', files: ['0001_initial.sql'], lastNumber: 1, schema };
}

function read(text: string, desired?: readonly Table[]): StreamState {
  const s = parseState(text, desired);
  assert.ok('schema' in s, JSON.stringify(s));
  return s;
}

const schemas = async () => {
  const out: { name: string; schema: SchemaState }[] = [];
  for (const c of goldenCases('create')) {
    for (const s of c.stores) {
      const { schema } = await storeSchema(c.dir, 'features', s.name);
      for (const [stream, part] of Object.entries(splitStreams(schema))) out.push({ name: `${c.name}/${s.name}/${stream}`, schema: part });
    }
  }
  return out;
};

/** largest is the golden stream with the most tables. */
const largest = async () => (await schemas()).reduce((a, b) => (b.schema.tables.length > a.schema.tables.length ? b : a));

test('every golden store reads back as it was recorded, with or without its tables at hand', async () => {
  for (const { name, schema } of await schemas()) {
    const text = stateText(state(schema));
    const want = schema.tables.map(recordable);
    assert.deepEqual(read(text).schema.tables, want, name);
    const matched = read(text, schema.tables).schema.tables;
    assert.ok(matched.every((t, i) => t === schema.tables[i]), `${name}: unchanged tables are the desired ones`);
    assert.equal(stateText(read(text)), text, `${name}: printed again byte for byte`);
    // Reformatted by a tool (indented JSON): read whole, to the same tables.
    assert.deepEqual(read(JSON.stringify(JSON.parse(text), null, 2)).schema.tables, want, `${name}: reformatted`);
  }
});

test('a changed table is read from its line; the others are the desired tables', async () => {
  const { schema } = await largest();
  const text = stateText(state(schema));
  const [first, ...rest] = schema.tables;
  const changed: Table = { ...first!, comment: 'changed', columns: first!.columns.slice(1) };
  const got = read(text, [changed, ...rest]).schema.tables;
  assert.deepEqual(got[0], recordable(first!));
  assert.notEqual(got[0], changed);
  assert.ok(got.slice(1).every((t, i) => t === rest[i]));
  // A table added before the others: they are found by their text, out of place.
  const shifted = read(text, [{ ...first!, name: 'added' }, ...schema.tables]).schema.tables;
  assert.ok(shifted.every((t, i) => t === schema.tables[i]));
});

test('a type its spec string cannot write (an old history\'s text, an odd struct member) is recorded as the type', () => {
  const odd = { kind: 'Struct' as const, fields: [{ name: 'a, b: c', type: scalar('int32') }] };
  const table: Table = {
    kind: 'Table',
    name: 't',
    key: 'k',
    comment: null,
    columns: [
      { name: 'x', type: scalar('text'), nullable: false, comment: null, renamedFrom: null, span: null },
      { name: 'y', type: odd, nullable: true, default: null, comment: 'c', renamedFrom: null, span: null },
      { name: 'z', type: { kind: 'List', of: scalar('text') }, nullable: false, default: ['a'], comment: null, renamedFrom: null, span: null },
    ],
    primaryKey: null,
    indexes: [],
    orderBy: [],
    dependsOn: [],
    renamedFrom: null,
    span: null,
  };
  const text = stateText(state({ kind: 'Schema', tables: [table] }));
  assert.match(text, /\["x",\{"kind":"Scalar","name":"text"\},false\]/);
  assert.deepEqual(read(text).schema.tables, [table]);
});

test('a malformed table line is reported at its line', async () => {
  const { schema } = await largest();
  const lines = stateText(state(schema)).split('\n');
  assert.ok(schema.tables.length >= 3);
  const broken = (at: number, line: string) => parseState([...lines.slice(0, at), line, ...lines.slice(at + 1)].join('\n'), schema.tables);
  assert.deepEqual(broken(2, lines[2]!.replace('"columns":[[', '"columns":[[1,')), { message: 'table 2 is malformed', line: 3, col: 1 });
  assert.deepEqual(broken(1, lines[1]!.replace('"dependsOn":', '"dependsOn":7,"x":')), { message: 'table 1 is malformed', line: 2, col: 1 });
  const syntax = broken(2, lines[2]!.replace('"name":', '"name"'));
  assert.ok('message' in syntax && syntax.line === 3, JSON.stringify(syntax));
  assert.match(JSON.stringify(parseState(lines.join('\n').replace('"lastColumns":[', '"lastColumns":[7,'))), /"lastColumns\\" are malformed/);
});
