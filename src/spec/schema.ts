import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { diag } from '../diagnostics/codes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { ajv } from './lazy.js';
import type { Path, SourceDoc } from './source.js';

/** SCHEMA_PATH is the feature JSON Schema shipped with the package (`schemas/feature.schema.json`). */
export const SCHEMA_PATH = fileURLToPath(new URL('../../schemas/feature.schema.json', import.meta.url));

/** readSchemaText returns the feature JSON Schema exactly as shipped. */
export function readSchemaText(): string {
  return readFileSync(SCHEMA_PATH, 'utf8');
}

/** The definition one feature document is checked against (the schema's root also accepts an array of them, for JSON files in editors). */
const FEATURE_DEFINITION = '#/definitions/feature';

let compiled: ValidateFunction | undefined;
/** The schema object the validator was compiled from: its errors' `parentSchema`s are its objects. */
let compiledFrom: { definitions: Record<string, object> } | undefined;

/**
 * schemaValidator checks one document against the feature definition. `pattern` is left out: the
 * patterns of keys and type strings are the editor's copy of grammars the compiler checks
 * with its own parsers (src/spec/keys.ts, type-parser.ts), whose messages say more.
 */
export function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const Ajv = ajv();
    const schema = JSON.parse(readSchemaText()) as { $id: string; definitions: Record<string, object> };
    const a = new Ajv.default({ allErrors: true, verbose: true, strict: false });
    a.removeKeyword('pattern');
    compiled = a.addSchema(schema).getSchema(`${schema.$id}${FEATURE_DEFINITION}`)!;
    compiledFrom = schema;
  }
  return compiled;
}

type IsValid = (data: unknown) => boolean;
let prebuilt: IsValid | null | undefined;

/**
 * isValid is the schema check compiled at build time (scripts/build-validator.mjs) when it was
 * built from this very schema, else the full validator. It only tells valid from invalid.
 */
function isValid(): IsValid {
  if (prebuilt === undefined) {
    prebuilt = null;
    try {
      // From dist/spec/ or from the bundled dist/cli/main.js alike.
      const mod = createRequire(import.meta.url)('../spec/feature-validator.cjs') as IsValid & { schemaSha256?: string };
      if (mod.schemaSha256 === createHash('sha256').update(readSchemaText()).digest('hex')) prebuilt = mod;
    } catch {
      // not built (running from the sources): the full validator answers
    }
  }
  return prebuilt ?? schemaValidator();
}

/** validateSchema checks one document against the feature JSON Schema; each problem is a diagnostic at its position. */
export function validateSchema(doc: SourceDoc): Diagnostic[] {
  if (isValid()(doc.data)) return [];
  const validate = schemaValidator();
  if (validate(doc.data)) return [];
  return relevantErrors(validate.errors ?? []).map((e) => toDiagnostic(doc, e));
}

/**
 * relevantErrors drops the noise of `oneOf`: the errors of branches that were plainly not meant
 * (wrong JSON type, or a different `type` discriminator) when another branch was.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf');
  const drop = new Set<ErrorObject>();
  for (const o of oneOfs) {
    const below = (e: ErrorObject) => e.instancePath === o.instancePath || e.instancePath.startsWith(`${o.instancePath}/`);
    const branches = (o.schema as { $ref?: string }[]).map((b) => {
      // A branch's errors: at or below the value, raised by a schema inside the branch (ajv's
      // schemaPath is relative to a compiled definition, so the schema objects themselves tell).
      const root = b.$ref ? definition(b.$ref) : b;
      const inside = schemaObjects(b);
      const own = errors.filter((e) => e !== o && below(e) && inside.has(e.parentSchema as object));
      // Not meant: the value is of another JSON type than the branch itself, or its discriminator differs.
      const mismatch = own.some(
        (e) =>
          (e.instancePath === o.instancePath && (e.keyword === 'type' || e.keyword === 'const') && e.parentSchema === root) ||
          (e.instancePath === `${o.instancePath}/type` && e.keyword === 'const'),
      );
      return { own, mismatch };
    });
    const meant = branches.filter((b) => !b.mismatch);
    if (meant.length > 0) drop.add(o);
    for (const b of branches) if (b.mismatch || meant.length === 0) b.own.forEach((e) => drop.add(e));
  }
  return errors.filter((e) => !drop.has(e));
}

/** definition is the schema a local `$ref` (`#/definitions/<name>`) points to, as the validator holds it. */
function definition(ref: string): object | undefined {
  schemaValidator();
  return compiledFrom!.definitions[ref.split('/').pop()!];
}

/** schemaObjects is every schema object inside a branch, following `$ref`s into the definitions (each once). */
function schemaObjects(root: object): Set<object> {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const s = stack.pop();
    if (s === null || typeof s !== 'object' || seen.has(s)) continue;
    seen.add(s);
    const ref = (s as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') stack.push(definition(ref));
    for (const v of Object.values(s)) stack.push(v);
  }
  return seen;
}

function toDiagnostic(doc: SourceDoc, e: ErrorObject): Diagnostic {
  const path = pointerToPath(e.instancePath);
  const where = describe(path);
  const parent = e.parentSchema as { description?: string; properties?: Record<string, unknown>; oneOf?: { const?: unknown; type?: unknown; properties?: { type?: { const?: unknown } } }[] } | undefined;
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = (e.params as { additionalProperty: string }).additionalProperty;
      const allowed = Object.keys(parent?.properties ?? {}).join(', ') || 'none';
      return diag('UNKNOWN_KEY', doc.at([...path, key], 'key'), key, where, allowed);
    }
    case 'required': {
      const key = (e.params as { missingProperty: string }).missingProperty;
      return diag('MISSING_KEY', doc.at(path, 'value'), key, where);
    }
    case 'type':
      return diag('WRONG_TYPE', doc.at(path), where, `of type ${String((e.params as { type: string }).type).replace(',', ' or ')}`);
    case 'oneOf': {
      const consts = (parent?.oneOf ?? []).map((b) => b.properties?.type?.const).filter((c) => c !== undefined);
      if (consts.length > 0) {
        const type = (doc.at([...path, 'type']));
        return diag('INVALID_VALUE', type, describe([...path, 'type']), `must be one of ${consts.map((c) => JSON.stringify(c)).join(', ')}`);
      }
      return diag('WRONG_TYPE', doc.at(path), where, oneOfKinds(e.schema as unknown[]));
    }
    case 'const':
      return diag('INVALID_VALUE', doc.at(path), where, `must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`);
    case 'minItems':
      return diag('INVALID_VALUE', doc.at(path), where, `must have at least ${(e.params as { limit: number }).limit} item(s)`);
    case 'minLength':
      return diag('INVALID_VALUE', doc.at(path), where, 'must not be empty');
    default:
      return diag('INVALID_VALUE', doc.at(path), where, e.message ?? 'is invalid');
  }
}

function oneOfKinds(branches: readonly unknown[]): string {
  const kinds = branches.map((b) => {
    const s = b as { const?: unknown; type?: unknown; $ref?: string; description?: string };
    if (s.const !== undefined) return JSON.stringify(s.const);
    const type = s.$ref ? (definition(s.$ref) as { type?: unknown } | undefined)?.type : s.type;
    return type === 'array' || type === 'object' ? `an ${type}` : `a ${String(type)}`;
  });
  return [...new Set(kinds)].join(' or ');
}

function pointerToPath(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** describe prints a path for messages: `deps[0].fields_mapping`, or `feature spec` for the root. */
export function describe(path: Path): string {
  if (path.length === 0) return 'feature spec';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
