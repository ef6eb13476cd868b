import { SCALARS } from '../../src/spec/type-parser.js';

// The regular expressions of schemas/feature.schema.json that let an editor check what the
// compiler's parsers check (src/spec/keys.ts, src/spec/type-parser.ts). They are generated
// here and pinned in the schema by test/spec/schema-grammar.test.ts (UPDATE_GOLDEN=1 rewrites
// them); the compiler itself ignores `pattern` and keeps its own, more precise, messages.

/** TYPE_DEPTH is how many levels of list/map/struct the type pattern checks exactly; deeper ones only for balanced brackets. */
export const TYPE_DEPTH = 4;

const NO_DOUBLE_UNDERSCORE = '(?!.*__)';
const FIRST_PART = '[a-z_][a-z0-9_-]*';
const LATER_PART = '[a-z0-9_][a-z0-9_-]*';

/** keyPatterns are Metaxy's key grammar: the slash form, and the first and later parts of the list form. */
export const keyPatterns = {
  slash: `^${NO_DOUBLE_UNDERSCORE}${FIRST_PART}(?:/${LATER_PART})*$`,
  first: `^${NO_DOUBLE_UNDERSCORE}${FIRST_PART}$`,
  later: `^${NO_DOUBLE_UNDERSCORE}${LATER_PART}$`,
} as const;

const IDENT = '[A-Za-z_][A-Za-z0-9_]*';
// Longest names first: the alternation then needs no backtracking between `int` and `int8`.
const SCALAR = `(?:${Object.keys(SCALARS)
  .sort((a, b) => b.length - a.length || (a < b ? -1 : 1))
  .join('|')})`;
// decimal(p, s): precision 1..76 (leading zeros allowed, as the parser reads numbers); the
// scale is any number (scale <= precision is the compiler's check).
const DECIMAL = 'decimal *\\( *0*(?:[1-9]|[1-6][0-9]|7[0-6]) *, *[0-9]+ *\\)';
// After an item of a generic: a comma that starts another item, or the closing bracket.
const NEXT = '(?:,(?= *[A-Za-z_])|(?=>))';

function balanced(levels: number): string {
  return levels === 0 ? '[^<>]*' : `[^<>]*(?:<${balanced(levels - 1)}>[^<>]*)*`;
}

// Below the exactly checked levels: any name with balanced brackets (three more levels).
const DEEP = `${IDENT} *<${balanced(3)}>`;

function typeAt(depth: number): string {
  if (depth === 0) return `(?:${SCALAR}|${DECIMAL}|${DEEP})`;
  const inner = typeAt(depth - 1);
  const list = `list *< *${inner} *>`;
  const map = `map *<(?: *${inner} *${NEXT}){2}>`;
  const struct = `struct *<(?: *${IDENT} *: *${inner} *${NEXT})+>`;
  return `(?:${SCALAR}|${DECIMAL}|${list}|${map}|${struct})`;
}

/** upTo matches the numbers 0 to n written without leading zeros. */
function upTo(n: number): string {
  if (n < 10) return `[0-${n}]`;
  const tens = Math.floor(n / 10);
  return `(?:[0-9]|${tens > 1 ? `[1-${tens - 1}][0-9]|` : ''}${tens}[0-${n % 10}])`;
}

// A column's own decimal (not one nested in a generic, where it would repeat at every level)
// also checks that the scale does not exceed the precision, one precision at a time.
const COLUMN_DECIMAL = `decimal *\\( *0*(?:${Array.from({ length: 76 }, (_, i) => `${i + 1} *, *0*${upTo(i + 1)}`).join('|')}) *\\)`;

/** typePattern is the grammar of a column type string: spaces between tokens, a trailing `?`. */
export function typePattern(depth = TYPE_DEPTH): string {
  return `^ *(?:${COLUMN_DECIMAL}|(?!decimal *\\()${typeAt(depth)}) *(?:\\? *)?$`;
}

/** canonicalScalars are the scalar type names offered as completions (aliases are valid too, but not offered). */
export function canonicalScalars(): string[] {
  return [...new Set(Object.values(SCALARS))];
}

const KEY_MESSAGE =
  'not a Metaxy key: lower-case parts joined by "/", the first matching ^[a-z_][a-z0-9_-]*$ and the others ^[a-z0-9_][a-z0-9_-]*$, none containing "__"';
const FIRST_MESSAGE = 'not the first part of a Metaxy key: it matches ^[a-z_][a-z0-9_-]*$ and contains no "__"';
const LATER_MESSAGE = 'not a part of a Metaxy key: it matches ^[a-z0-9_][a-z0-9_-]*$ and contains no "__"';
const TYPE_MESSAGE =
  'not a column type: bool, int8, int16, int32, int64, float32, float64, decimal(p, s) (p from 1 to 76, s at most p), string, binary, date, time, timestamp, timestamptz, uuid, json, list<T>, struct<name: T, ...> or map<K, V> (aliases: str, int, float, bytes, datetime), with a trailing "?" for nullable';

type Node = Record<string, unknown>;

function at(schema: Node, pointer: string): Node {
  let node: unknown = schema;
  for (const part of pointer.split('/').slice(1)) node = (node as Record<string, unknown>)[part];
  if (node === null || typeof node !== 'object') throw new Error(`the schema has nothing at ${pointer}`);
  return node as Node;
}

function setPattern(node: Node, pattern: string, message: string): void {
  node.pattern = pattern;
  node.patternErrorMessage = message;
}

/** KEY_FORMS are the `oneOf`s of a key's two forms (the slash string, then the list of parts). */
const KEY_FORMS = [
  '/definitions/featureKey/oneOf',
  '/definitions/fieldKey/oneOf',
  '/definitions/renamedFromKey/oneOf',
  '/definitions/depKey/oneOf',
  '/definitions/feature/properties/deps/items/oneOf',
];

/** PATTERN_COUNT is how many patterns withGrammar sets: every pattern of the schema is one of them. */
export const PATTERN_COUNT = KEY_FORMS.length * 3 + 2;

/**
 * withGrammar sets the generated patterns, their messages, and the type completions in a
 * parsed schema: the key grammar on every key, the type grammar on typeString.
 */
export function withGrammar(schema: Node): Node {
  for (const pointer of KEY_FORMS) {
    setPattern(at(schema, `${pointer}/0`), keyPatterns.slash, KEY_MESSAGE);
    setPattern(at(schema, `${pointer}/1/items/0`), keyPatterns.first, FIRST_MESSAGE);
    setPattern(at(schema, `${pointer}/1/additionalItems`), keyPatterns.later, LATER_MESSAGE);
  }
  setPattern(at(schema, '/definitions/feature/properties/fields/items/oneOf/0'), keyPatterns.slash, KEY_MESSAGE);
  const type = at(schema, '/definitions/typeString');
  setPattern(type, typePattern(), TYPE_MESSAGE);
  const scalars = canonicalScalars();
  type.examples = [...scalars, ...scalars.map((s) => `${s}?`), 'decimal(10, 2)', 'list<string>', 'map<string, string>', 'struct<x: int32, y: int32>'];
  return schema;
}
