/** JsonError is where a text stops being JSON, and why. */
export interface JsonError {
  readonly offset: number;
  readonly why: string;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const WORD = /true|false|null/y;
// A string's body: no quote, backslash or control character, or one of JSON's escapes.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/y;

/**
 * jsonError checks a text against RFC 8259 without recursion (a file may nest deep) and says
 * where it stops being JSON (a comment, a trailing comma, an unquoted word...), or null. JSON.parse
 * says no position for most of these.
 */
export function jsonError(text: string): JsonError | null {
  const s = new Scanner(text);
  for (;;) {
    const opened = s.value();
    if (opened !== null) return opened;
    const next = s.afterValue();
    if (next !== 'value') return next;
  }
}

/** Scanner walks a JSON text with a stack of the open containers. */
class Scanner {
  private p: number;
  private readonly stack: ('{' | '[')[] = [];
  constructor(private readonly text: string) {
    this.p = text[0] === '\ufeff' ? 1 : 0;
  }

  private ws(): void {
    while (this.p < this.text.length && ' \t\n\r'.includes(this.text[this.p]!)) this.p++;
  }
  private fail(why: string): JsonError {
    const comment = this.text.startsWith('//', this.p) || this.text.startsWith('/*', this.p);
    return { offset: this.p, why: comment ? 'comments are not JSON' : why };
  }
  private token(re: RegExp): boolean {
    re.lastIndex = this.p;
    const m = re.exec(this.text);
    if (m) this.p += m[0].length;
    return m !== null;
  }
  /** key reads `"name":` inside an object. */
  private key(): JsonError | null {
    if (!this.token(STRING)) return this.fail(this.text[this.p] === '"' ? 'a string that is not closed or holds a control character' : 'expected a quoted key');
    this.ws();
    if (this.text[this.p] !== ':') return this.fail('expected ":"');
    this.p++;
    return null;
  }

  /** value reads a scalar or an empty container, or opens a container up to its first value; null when a value is next or done. */
  value(): JsonError | null {
    for (;;) {
      this.ws();
      const c = this.text[this.p];
      if (c !== '{' && c !== '[') {
        if (this.token(STRING) || this.token(NUMBER) || this.token(WORD)) return null;
        return this.fail(c === undefined ? 'unexpected end of the file' : c === '"' ? 'a string that is not closed or holds a control character' : 'expected a value');
      }
      this.p++;
      this.ws();
      if (this.text[this.p] === (c === '{' ? '}' : ']')) {
        this.p++;
        return null;
      }
      this.stack.push(c);
      const bad = c === '{' ? this.key() : null;
      if (bad !== null) return bad;
    }
  }

  /** afterValue closes containers, or goes on after a comma: 'value' when another value is next, null at the end of a JSON text. */
  afterValue(): JsonError | null | 'value' {
    for (;;) {
      this.ws();
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return this.p === this.text.length ? null : this.fail('unexpected text after the value');
      const close = top === '{' ? '}' : ']';
      if (this.text[this.p] === close) {
        this.stack.pop();
        this.p++;
        continue;
      }
      if (this.text[this.p] !== ',') return this.fail(`expected "," or "${close}"`);
      const comma = this.p++;
      this.ws();
      if (this.text[this.p] === close) return { offset: comma, why: 'a trailing comma' };
      return top === '{' ? (this.key() ?? 'value') : 'value';
    }
  }
}
