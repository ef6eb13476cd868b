import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import ts from 'typescript';
import { SCHEMA_PATH } from '../../src/spec/schema.js';

// Each TypeScript interface of src/spec/raw.ts and the schema definition it mirrors.
const PAIRS: Record<string, string> = {
  RawFeatureSpec: 'feature',
  RawColumnSpec: 'columnSpec',
  RawIndexSpec: 'indexSpec',
  RawFieldSpec: 'fieldSpec',
  RawFieldDep: 'fieldDep',
  RawFeatureDep: 'featureDep',
  RawFieldsMapping: 'fieldsMapping',
  RawLineage: 'lineage',
};

interface SchemaObject {
  properties?: Record<string, { description?: string; examples?: unknown[] }>;
  required?: string[];
  definitions?: Record<string, SchemaObject>;
}

function interfaces(): Map<string, Map<string, boolean>> {
  const file = new URL('../../src/spec/raw.ts', import.meta.url);
  const source = ts.createSourceFile('raw.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out = new Map<string, Map<string, boolean>>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const props = new Map<string, boolean>();
    for (const m of node.members) {
      if (ts.isPropertySignature(m) && m.name) props.set(m.name.getText(source).replace(/^'|'$/g, ''), m.questionToken === undefined);
    }
    out.set(node.name.text, props);
  });
  return out;
}

test('the JSON Schema and the TypeScript types of a spec file agree', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaObject;
  const types = interfaces();
  for (const [iface, def] of Object.entries(PAIRS)) {
    const node = def === '#' ? schema : schema.definitions![def]!;
    const props = types.get(iface);
    assert.ok(props, `interface ${iface} exists`);
    const schemaProps = Object.keys(node.properties ?? {}).sort();
    assert.deepEqual([...props.keys()].sort(), schemaProps, `${iface} and ${def} have the same properties`);
    const required = [...props].filter(([, req]) => req).map(([k]) => k).sort();
    assert.deepEqual(required, [...(node.required ?? [])].sort(), `${iface} and ${def} require the same properties`);
  }
});

// What an editor offers at a value: its examples, its snippets, or those of its branches.
function offers(o: Record<string, unknown>): boolean {
  if (Array.isArray(o.examples) || Array.isArray(o.defaultSnippets)) return true;
  return Array.isArray(o.oneOf) && (o.oneOf as Record<string, unknown>[]).every((b) => typeof b.$ref === 'string' || offers(b));
}

test('every schema property and definition has a description and completions, for editors', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as SchemaObject & Record<string, unknown>;
  const missing: string[] = [];
  const walk = (node: unknown, at: string) => {
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.properties) {
      for (const [k, p] of Object.entries(o.properties as Record<string, Record<string, unknown>>)) {
        if (p.$ref) continue; // described at its definition
        if (typeof p.description !== 'string' || !offers(p)) missing.push(`${at}.${k}`);
      }
    }
    // An object example is labelled "[object Object]" by editors: objects are snippets with a label.
    if (Array.isArray(o.examples) && o.examples.some((e) => e !== null && typeof e === 'object' && !Array.isArray(e))) missing.push(`${at}.examples`);
    for (const s of (o.defaultSnippets ?? []) as Record<string, unknown>[]) {
      if (typeof s.label !== 'string' || typeof s.description !== 'string') missing.push(`${at}.defaultSnippets`);
    }
    for (const [k, v] of Object.entries(o)) walk(v, `${at}.${k}`);
  };
  walk(schema, '#');
  for (const [name, d] of Object.entries(schema.definitions ?? {})) {
    const def = d as Record<string, unknown>;
    if (typeof def.description !== 'string' || !offers(def)) missing.push(`definitions.${name}`);
  }
  assert.deepEqual(missing, []);
});
