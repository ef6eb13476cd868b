import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let yamlLib: typeof import('yaml') | undefined;
let ajvLib: typeof import('ajv') | undefined;

/** yaml loads the YAML library on first use: a run whose files all come from the spec cache never loads it. */
export function yaml(): typeof import('yaml') {
  return (yamlLib ??= require('yaml') as typeof import('yaml'));
}

/** ajv loads the JSON Schema validator on first use: only a document that fails the schema needs it. */
export function ajv(): typeof import('ajv') {
  return (ajvLib ??= require('ajv') as typeof import('ajv'));
}
