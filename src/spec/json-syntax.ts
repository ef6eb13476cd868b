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
  const stack: ('{' | '[')[] = [];
  let p = 0;
  const ws = () => {
    while (p < text.length && ' \t\n\r'.includes(text[p]!)) p++;
  };
  const fail = (why: string): JsonError => ({ offset: p, why: text.startsWith('//', p) || text.startsWith('/*', p) ? 'comments are not JSON' : why });
  const token = (re: RegExp) => {
    re.lastIndex = p;
    const m = re.exec(text);
    if (m) p += m[0].length;
    return m !== null;
  };
  if (text[0] === '\ufeff') p++;
  for (;;) {
    // A value is expected here.
    ws();
    const c = text[p];
    if (c === '{' || c === '[') {
      stack.push(c);
      p++;
      ws();
      if (text[p] === (c === '{' ? '}' : ']')) {
        stack.pop();
        p++;
      } else if (c === '{') {
        if (!token(STRING)) return fail(text[p] === '"' ? 'a string that is not closed or holds a control character' : 'expected a quoted key');
        ws();
        if (text[p] !== ':') return fail('expected ":"');
        p++;
        continue;
      } else continue;
    } else if (!(token(STRING) || token(NUMBER) || token(WORD))) {
      return fail(c === undefined ? 'unexpected end of the file' : c === '"' ? 'a string that is not closed or holds a control character' : 'expected a value');
    }
    // After a value: close containers, or go on after a comma.
    for (;;) {
      ws();
      const top = stack[stack.length - 1];
      if (top === undefined) return p === text.length ? null : fail('unexpected text after the value');
      const close = top === '{' ? '}' : ']';
      if (text[p] === close) {
        stack.pop();
        p++;
        continue;
      }
      if (text[p] !== ',') return fail(`expected "," or "${close}"`);
      const comma = p++;
      ws();
      if (text[p] === close) return { offset: comma, why: 'a trailing comma' };
      if (top === '{') {
        if (!token(STRING)) return fail('expected a quoted key');
        ws();
        if (text[p] !== ':') return fail('expected ":"');
        p++;
      }
      break;
    }
  }
}
