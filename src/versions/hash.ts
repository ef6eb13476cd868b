import { createHash } from 'node:crypto';

/** hashParts is Metaxy's version hash: SHA-256 over the UTF-8 strings fed in order, hex, truncated. */
export function hashParts(parts: readonly string[], length: number): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p, 'utf8');
  return h.digest('hex').slice(0, length);
}

/**
 * pyJsonDumps is Python's `json.dumps(value, sort_keys=True)`: separators `", "` and `": "`,
 * non-ASCII escaped as `\uXXXX`, floats printed as Python's repr.
 */
export function pyJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return pyNumber(value);
  if (typeof value === 'string') return pyString(value);
  if (Array.isArray(value)) return `[${value.map(pyJsonDumps).join(', ')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(comparePy);
  return `{${keys.map((k) => `${pyString(k)}: ${pyJsonDumps(obj[k])}`).join(', ')}}`;
}

// Python sorts str keys by code point; JS `<` compares UTF-16 code units (differs only past U+FFFF).
function comparePy(a: string, b: string): number {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

const ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

function pyString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ESCAPES[ch] !== undefined) out += ESCAPES[ch];
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** pyNumber prints a JSON number as Python's json.dumps does: an integer literal as an int, a float as its repr (NaN, Infinity). */
export function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  // A number JS prints without '.' or exponent was an integer literal: Python keeps it an int.
  if (/^-?\d+$/.test(String(n))) return String(n);
  // Python's float repr: shortest round-trip digits, exponent form when exp < -4 or >= 16.
  const [mant, expStr] = n.toExponential().split('e') as [string, string];
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const m = mant.includes('.') ? mant : `${mant}`;
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  const s = String(n);
  return s.includes('.') || s.includes('e') ? s : `${s}.0`;
}
