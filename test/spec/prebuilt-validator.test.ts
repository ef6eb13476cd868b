import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import fg from 'fast-glob';
// @ts-expect-error: a plain ESM build script, no types
import { validatorSource } from '../../scripts/build-validator.mjs';
import { parseSpecFile } from '../../src/spec/load.js';
import { readSchemaText, schemaValidator } from '../../src/spec/schema.js';

// The validator compiled at build time (scripts/build-validator.mjs) says valid or invalid; the
// full validator (src/spec/schema.ts) is asked for the errors only when it says invalid. Both
// must agree on every document.
const root = new URL('../../', import.meta.url).pathname;

test('the prebuilt validator agrees with the full validator on every spec document and on mutations of them', async () => {
  const module = { exports: {} as unknown };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', validatorSource(readSchemaText()) as string)(createRequire(import.meta.url), module, module.exports);
  const prebuilt = module.exports as (d: unknown) => boolean;
  const full = schemaValidator();
  const names = await fg(['examples/**/*.{yaml,yml,json}', 'golden/**/features/**/*.{yaml,yml,json}'], { cwd: root });
  const docs = names.flatMap((n) => parseSpecFile({ file: n, text: readFileSync(path.join(root, n), 'utf8') }).docs.map((d) => d.data));
  const mutations = docs.flatMap((d) => {
    const o = d as Record<string, unknown>;
    if (o === null || typeof o !== 'object') return [];
    return [{ ...o, extra: 1 }, { ...o, key: 3 }, { ...o, columns: [] }, { ...o, fields: [{ key: 'a', deps: 'x' }] }, Object.fromEntries(Object.entries(o).slice(1))];
  });
  let invalid = 0;
  for (const d of [...docs, ...mutations]) {
    assert.equal(prebuilt(d), full(d), JSON.stringify(d));
    if (!full(d)) invalid++;
  }
  assert.ok(invalid > 10 && invalid < docs.length + mutations.length, `${invalid} invalid documents`);
});
