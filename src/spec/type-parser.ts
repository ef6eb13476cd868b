import { scalar, typeToString, type ColumnType, type ScalarName } from '../ir/types.js';

/** SCALARS maps every scalar type name a spec may write, aliases included, to its logical type. */
export const SCALARS: Readonly<Record<string, ScalarName>> = {
  bool: 'bool',
  int8: 'int8',
  int16: 'int16',
  int32: 'int32',
  int64: 'int64',
  float32: 'float32',
  float64: 'float64',
  string: 'string',
  binary: 'binary',
  date: 'date',
  time: 'time',
  timestamp: 'timestamp',
  timestamptz: 'timestamptz',
  uuid: 'uuid',
  json: 'json',
  // aliases for Python users
  str: 'string',
  int: 'int64',
  float: 'float64',
  bytes: 'binary',
  datetime: 'timestamptz',
};

const KNOWN = 'bool, int8, int16, int32, int64, float32, float64, decimal(p, s), string, binary, date, time, timestamp, timestamptz, uuid, json, list<T>, struct<name: T>, map<K, V>';

/** TypeParseResult is a parsed type and whether a trailing `?` made it nullable, or where and why parsing failed. */
export type TypeParseResult =
  | { readonly ok: true; readonly type: ColumnType; readonly nullable: boolean }
  | { readonly ok: false; readonly offset: number; readonly why: string };

/** parseType reads a logical type string such as `list<struct<x: int32>>?` or `decimal(10, 2)`. */
export function parseType(text: string): TypeParseResult {
  const p = new Parser(text);
  try {
    const type = p.type();
    p.ws();
    const nullable = p.eat('?');
    p.ws();
    if (p.pos < text.length) p.fail(`unexpected "${text.slice(p.pos)}"`);
    return { ok: true, type, nullable };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, offset: e.offset, why: e.message };
    throw e;
  }
}

const shared = new Map<string, TypeParseResult>();

/**
 * parseTypeShared is parseType remembered by text: thousands of columns repeat a few type
 * strings, and share one readonly result each (bounded, as a safeguard).
 */
export function parseTypeShared(text: string): TypeParseResult {
  let r = shared.get(text);
  if (r === undefined) {
    r = parseType(text);
    if (shared.size < 100_000) shared.set(text, r);
  }
  return r;
}

const texts = new WeakMap<ColumnType, string | null>();

/**
 * typeText is a type's spec string when parsing that string gives the same type back (null
 * otherwise: a type only old histories hold, such as `text`, or a struct member name the
 * syntax cannot write). Remembered per type object: columns share their type objects.
 */
export function typeText(t: ColumnType): string | null {
  let text = texts.get(t);
  if (text === undefined) {
    const s = typeToString(t);
    const back = parseTypeShared(s);
    text = back.ok && !back.nullable && JSON.stringify(back.type) === JSON.stringify(t) ? s : null;
    texts.set(t, text);
  }
  return text;
}

class ParseFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * MAX_TYPE_DEPTH bounds the nesting of lists, structs and maps: deeper than any engine holds
 * (ClickHouse 497, DuckDB 165, BigQuery 15; PostgreSQL stores nested types as JSONB), and
 * shallow enough that no walk over a type can exhaust the stack.
 */
export const MAX_TYPE_DEPTH = 500;

class Parser {
  pos = 0;
  depth = 0;
  constructor(readonly text: string) {}

  fail(why: string): never {
    throw new ParseFailure(this.pos, why);
  }
  ws(): void {
    while (this.text[this.pos] === ' ') this.pos++;
  }
  eat(s: string): boolean {
    this.ws();
    if (this.text.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }
  expect(s: string): void {
    if (!this.eat(s)) this.fail(`expected "${s}"`);
  }
  ident(): string {
    this.ws();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a type name');
    this.pos += m[0].length;
    return m[0];
  }
  int(): number {
    this.ws();
    const m = /^\d+/.exec(this.text.slice(this.pos));
    if (!m) this.fail('expected a number');
    this.pos += m[0].length;
    return Number(m[0]);
  }

  /** inner parses a type nested in a list, struct or map: no deeper than MAX_TYPE_DEPTH, and never nullable on its own. */
  inner(what: string): ColumnType {
    if (++this.depth > MAX_TYPE_DEPTH) this.fail(`types nest at most ${MAX_TYPE_DEPTH} levels deep`);
    const t = this.type();
    this.depth--;
    this.ws();
    if (this.text[this.pos] === '?') this.fail(`${what} cannot be marked nullable with "?": only a column can (write the column's type with "?")`);
    return t;
  }

  type(): ColumnType {
    const start = this.pos;
    const name = this.ident();
    switch (name) {
      case 'list': {
        this.expect('<');
        const of = this.inner('a list element');
        this.expect('>');
        return { kind: 'List', of };
      }
      case 'map': {
        this.expect('<');
        const key = this.inner('a map key');
        this.expect(',');
        const value = this.inner('a map value');
        this.expect('>');
        return { kind: 'Map', key, value };
      }
      case 'struct':
        return this.struct();
      case 'decimal':
        return this.decimal();
    }
    const s = SCALARS[name];
    if (s === undefined) {
      this.pos = start;
      this.ws();
      this.fail(`"${name}" is not a known type (${KNOWN})`);
    }
    return scalar(s);
  }

  struct(): ColumnType {
    this.expect('<');
    const fields: { name: string; type: ColumnType }[] = [];
    do {
      const at = this.pos;
      const name = this.ident();
      if (fields.some((f) => f.name === name)) {
        this.pos = at;
        this.fail(`struct member "${name}" appears twice`);
      }
      this.expect(':');
      fields.push({ name, type: this.inner(`struct member "${name}"`) });
    } while (this.eat(','));
    this.expect('>');
    return { kind: 'Struct', fields };
  }

  decimal(): ColumnType {
    this.expect('(');
    const precision = this.int();
    // spec.md's grammar is decimal(p, s): the scale is never implied (SQL would read DECIMAL(p) as scale 0).
    if (!this.eat(',')) this.fail('expected ", <scale>": decimal takes a precision and a scale, as in decimal(10, 2)');
    const scale = this.int();
    this.expect(')');
    if (precision < 1 || precision > 76) this.fail(`decimal precision ${precision} is outside 1..76`);
    if (scale > precision) this.fail(`decimal scale ${scale} exceeds precision ${precision}`);
    return { kind: 'Decimal', precision, scale };
  }
}
