// Compiles schemas/feature.schema.json once, at build time, into a standalone ajv validator
// (dist/spec/feature-validator.cjs), so the CLI neither loads ajv nor compiles the schema on
// each run. It only answers valid/invalid: for an invalid document the CLI loads ajv and reports
// the errors as before. The file records the schema's SHA-256; the CLI ignores it when the
// schema changed since (e.g. after a plain `tsc -p .`).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** validatorSource is the CommonJS source of the standalone validator of a schema text. */
export function validatorSource(schemaText) {
  // The options of src/spec/schema.ts, minus error reporting (allErrors, verbose): validity is the same.
  // Like src/spec/schema.ts: one document against the feature definition, `pattern` left to editors.
  const ajv = new Ajv.default({ strict: false, code: { source: true } });
  ajv.removeKeyword('pattern');
  const schema = JSON.parse(schemaText);
  const validate = ajv.addSchema(schema).getSchema(`${schema.$id}#/definitions/feature`);
  const sha = createHash('sha256').update(schemaText).digest('hex');
  return `${standaloneCode.default(ajv, validate)}\nmodule.exports.schemaSha256 = ${JSON.stringify(sha)};\n`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = path.join(root, 'dist/spec/feature-validator.cjs');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, validatorSource(readFileSync(path.join(root, 'schemas/feature.schema.json'), 'utf8')));
}
