/**
 * A fast reader for the plain subset of YAML that feature specs are written in (block maps and
 * sequences, one-line flow collections, plain and simply quoted scalars, comments, `---`
 * between documents), and for JSON files. It gives the same data and the same node positions
 * as the `yaml` library, about eight times faster; on anything outside that subset (anchors,
 * tags, block or multi-line scalars, tabs, CR, empty values, duplicate keys, numbers in rare
 * forms...) it gives up, and the file is read by the `yaml` library instead. Files with any
 * problem are always re-read by the library, so diagnostics never come from here
 * (see checkFile); test/spec/fast-yaml.test.ts compares both readers.
 */

/** FastNode is one node: where its range starts (as the library's `range[0]`) and what it holds. */
export interface FastNode {
  readonly start: number;
  /** A quoted scalar: its content starts one character after start. */
  readonly quoted: boolean;
  /** The pairs of a map, by key. */
  readonly pairs?: ReadonlyMap<string, FastPair>;
  /** The items of a sequence. */
  readonly items?: readonly FastNode[];
}

/** FastPair is one key and its value in a map. */
export interface FastPair {
  readonly key: FastNode;
  readonly value: FastNode;
}

/** FastDoc is one document: its root node and its data. */
export interface FastDoc {
  readonly root: FastNode;
  readonly data: unknown;
}

/** FastFile is every document of a file, and where its lines start (for positions). */
export interface FastFile {
  readonly docs: readonly FastDoc[];
  readonly lineStarts: readonly number[];
}

/** Thrown to give up: the text is outside the subset this reader is exact on. */
class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

// Characters the reader never handles: tabs, CR and other controls, BOM, NEL, LS, PS, C1.
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ufeff\u2028\u2029]/;
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$./-]*$/;
// The core schema's tests (yaml/dist/schema/core): a plain scalar matching none is a string.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const NUMBER_LIKE = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];
// The numbers read here; other number forms give up.
const SAFE_INT = /^-?(?:0|[1-9][0-9]{0,14})$/;
const SAFE_FLOAT = /^-?(?:0|[1-9][0-9]{0,14})\.[0-9]{1,15}$/;

/** scalarValue resolves a plain scalar as the core schema does, or gives up on rare forms. */
function scalarValue(s: string): unknown {
  if (NULL.test(s)) return null;
  if (BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (NUMBER_LIKE.some((re) => re.test(s))) {
    if (SAFE_INT.test(s)) return parseInt(s, 10);
    if (SAFE_FLOAT.test(s)) return parseFloat(s);
    return giveUp();
  }
  return s;
}

/** setKey adds a key to a map's data and pairs; a duplicate or special key gives up. */
function setKey(obj: Record<string, unknown>, pairs: Map<string, FastPair>, key: string, keyNode: FastNode, value: FastNode, data: unknown): void {
  if (pairs.has(key) || key === '__proto__' || key === '<<') giveUp();
  pairs.set(key, { key: keyNode, value });
  obj[key] = data;
}

type Parsed = readonly [FastNode, unknown];

/** NO_PAIRS stands for the pairs of a flow sequence: never written, never returned. */
const NO_PAIRS = new Map<string, FastPair>();

/** FAST_MAX_DEPTH: deeper collections give up (the library reads them, and a depth check reports what is too deep): no recursion here runs away. */
export const FAST_MAX_DEPTH = 64;

/** The reader's state over one text. */
class Reader {
  readonly lineStarts: number[] = [0];
  readonly lineEnds: number[] = [];
  /** Indent of each line; -1 for a blank or comment-only line. */
  readonly indents: number[] = [];
  /** Collections open at the current position. */
  private depth = 0;

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
      this.lineEnds.push(i);
      this.lineStarts.push(i + 1);
    }
    this.lineEnds.push(text.length);
    for (let l = 0; l < this.lineStarts.length; l++) {
      const s = this.lineStarts[l]!;
      const e = this.lineEnds[l]!;
      let p = s;
      while (p < e && text.charCodeAt(p) === 32) p++;
      this.indents.push(p === e || text.charCodeAt(p) === 35 ? -1 : p - s);
    }
  }

  /** enter opens a collection, giving up past FAST_MAX_DEPTH; leave closes it and passes its result through. */
  enter(): void {
    if (++this.depth > FAST_MAX_DEPTH) giveUp();
  }
  leave<T>(result: T): T {
    this.depth--;
    return result;
  }

  /** nextContent is the first line at or after l that holds content (before `end`), or end. */
  nextContent(l: number, end: number): number {
    while (l < end && this.indents[l] === -1) l++;
    return l;
  }

  /** restIsEmpty tells whether only spaces and a comment (after a space) follow pos on its line. */
  restIsEmpty(pos: number, lineEnd: number): boolean {
    const t = this.text;
    let p = pos;
    while (p < lineEnd && t.charCodeAt(p) === 32) p++;
    if (p === lineEnd) return true;
    return t.charCodeAt(p) === 35 && p > pos;
  }

  /** quoted reads a quoted scalar at pos (one line); returns its node, value and end. */
  quoted(pos: number, lineEnd: number): [FastNode, string, number] {
    const t = this.text;
    const q = t[pos];
    if (q === "'") {
      let p = pos + 1;
      let value = '';
      for (;;) {
        const close = t.indexOf("'", p);
        if (close === -1 || close >= lineEnd) return giveUp();
        value += t.slice(p, close);
        if (value.includes('\n')) return giveUp(); // a multi-line scalar is folded
        if (t[close + 1] === "'") {
          value += "'";
          p = close + 2;
          continue;
        }
        return [{ start: pos, quoted: true }, value, close + 1];
      }
    }
    let p = pos + 1;
    let escaped = false;
    while (p < lineEnd && t[p] !== '"') {
      if (t[p] === '\n') return giveUp(); // a multi-line scalar is folded
      if (t[p] === '\\') {
        escaped = true;
        const e = t[p + 1];
        if (e === undefined || !'"\\/bfnrtu'.includes(e)) return giveUp();
        if (e === 'u' && !/^[0-9a-fA-F]{4}$/.test(t.slice(p + 2, p + 6))) return giveUp();
        p += 2;
      } else p++;
    }
    if (p >= lineEnd) return giveUp();
    const raw = t.slice(pos, p + 1);
    // YAML's escapes are a superset of JSON's; only the JSON ones get here.
    return [{ start: pos, quoted: true }, escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1), p + 1];
  }

  /**
   * flow reads a flow collection or scalar at pos, up to `end` (the line's end in YAML; the text's
   * in JSON, where line breaks are spaces). Returns the node, its data and the position after it.
   */
  flow(pos: number, end: number, json: boolean): [FastNode, unknown, number] {
    const t = this.text;
    const ws = (p: number) => {
      while (p < end && (t.charCodeAt(p) === 32 || (json && t.charCodeAt(p) === 10))) p++;
      return p;
    };
    const c = t[pos];
    if (c === '{' || c === '[') {
      this.enter();
      const isMap = c === '{';
      const close = isMap ? '}' : ']';
      const obj: Record<string, unknown> = {};
      const arr: unknown[] = [];
      const pairs = isMap ? new Map<string, FastPair>() : NO_PAIRS; // no Map per flow sequence (`[a, b]`)
      const items: FastNode[] = [];
      let p = ws(pos + 1);
      if (t[p] === close) return this.leave([isMap ? { start: pos, quoted: false, pairs } : { start: pos, quoted: false, items }, isMap ? obj : arr, p + 1]);
      for (;;) {
        if (p >= end) return giveUp();
        if (isMap) {
          const [keyNode, key, afterKey] = this.flowKey(p, end);
          const v = ws(afterKey);
          const [node, data, after] = this.flow(v, end, json);
          setKey(obj, pairs, key, keyNode, node, data);
          p = ws(after);
        } else {
          const [node, data, after] = this.flow(p, end, json);
          items.push(node);
          arr.push(data);
          p = ws(after);
        }
        if (t[p] === close) return this.leave([isMap ? { start: pos, quoted: false, pairs } : { start: pos, quoted: false, items }, isMap ? obj : arr, p + 1]);
        if (t[p] !== ',') return giveUp();
        p = ws(p + 1);
        if (t[p] === close) return giveUp(); // a trailing comma
      }
    }
    if (c === '"' || c === "'") {
      const [node, value, after] = this.quoted(pos, end);
      if (t[after] === ':') return giveUp(); // a pair inside a sequence
      return [node, value, after];
    }
    let p = pos;
    while (p < end) {
      const ch = t[p]!;
      if (ch === ',' || ch === ']' || ch === '}' || ch === '\n') break;
      if (ch === '[' || ch === '{') return giveUp(); // not inside a flow scalar
      if (ch === ' ' && (t[p + 1] === '#' || json)) break;
      if (ch === ':' && (t[p + 1] === ' ' || t[p + 1] === ',' || t[p + 1] === ']' || t[p + 1] === '}' || p + 1 >= end)) return giveUp();
      p++;
    }
    const s = t.slice(pos, p).trimEnd();
    if (s === '' || '-?:,[]{}#&*!|>\'"%@`'.includes(s[0]!)) {
      if (!(s[0] === '-' && /^-[0-9]/.test(s))) return giveUp();
    }
    return [{ start: pos, quoted: false }, scalarValue(s), pos + s.length];
  }

  /** flowKey reads a key in a flow map and its `:`; returns the key node, key and the position after `:`. */
  flowKey(pos: number, end: number): [FastNode, string, number] {
    const t = this.text;
    if (t[pos] === '"' || t[pos] === "'") {
      const [node, key, after] = this.quoted(pos, end);
      if (t[after] !== ':') return giveUp();
      return [node, key, after + 1];
    }
    let colon = pos;
    while (colon < end && !(t.charCodeAt(colon) === 58 && t.charCodeAt(colon + 1) === 32)) colon++;
    if (colon >= end) return giveUp();
    const key = t.slice(pos, colon);
    if (!PLAIN_KEY.test(key) || NULL.test(key) || BOOL.test(key)) return giveUp();
    return [{ start: pos, quoted: false }, key, colon + 1];
  }

  /** blockKey reads a block map key at pos; returns the key node, key and the position after `:`, or null when the line is no `key:`. */
  blockKey(pos: number, lineEnd: number): [FastNode, string, number] | null {
    const t = this.text;
    if (t[pos] === '"' || t[pos] === "'") {
      const [node, key, after] = this.quoted(pos, lineEnd);
      if (t[after] !== ':' || (after + 1 < lineEnd && t[after + 1] !== ' ')) return null;
      return [node, key, after + 1];
    }
    let colon = pos;
    while (colon < lineEnd && !(t.charCodeAt(colon) === 58 && (colon + 1 === lineEnd || t.charCodeAt(colon + 1) === 32))) colon++;
    if (colon >= lineEnd) return null;
    const key = t.slice(pos, colon);
    if (!PLAIN_KEY.test(key) || NULL.test(key) || BOOL.test(key)) return giveUp();
    return [{ start: pos, quoted: false }, key, colon + 1];
  }

  /** inline reads a value that follows `key: ` or `- ` on its line; the rest of the line must be empty. */
  inline(pos: number, lineEnd: number): Parsed {
    const t = this.text;
    const c = t[pos]!;
    let node: FastNode;
    let data: unknown;
    let after: number;
    if (c === '{' || c === '[' || c === '"' || c === "'") {
      [node, data, after] = c === '"' || c === "'" ? this.quoted(pos, lineEnd) : this.flow(pos, lineEnd, false);
    } else {
      let p = pos;
      while (p < lineEnd && !(t.charCodeAt(p) === 35 && t.charCodeAt(p - 1) === 32)) p++; // up to ` #`
      const s = t.slice(pos, p).trimEnd();
      if ('-?:,[]{}#&*!|>\'"%@`'.includes(s[0]!) && !/^-[0-9]/.test(s)) return giveUp();
      if (s.includes(': ') || s.endsWith(':')) return giveUp();
      node = { start: pos, quoted: false };
      data = scalarValue(s);
      after = pos + s.length;
    }
    if (!this.restIsEmpty(after, lineEnd)) return giveUp();
    return [node, data];
  }

  /**
   * map reads a block map whose first key is at (line l, column col) and whose other keys are on
   * the following lines at that column; returns the node, data and the next line to read.
   */
  map(l: number, col: number, end: number): [FastNode, unknown, number] {
    const t = this.text;
    this.enter();
    const obj: Record<string, unknown> = {};
    const pairs = new Map<string, FastPair>();
    const start = this.lineStarts[l]! + col;
    let pos = start;
    for (;;) {
      const lineEnd = this.lineEnds[l]!;
      const k = this.blockKey(pos, lineEnd);
      if (k === null) return giveUp();
      const [keyNode, key, afterColon] = k;
      let value: Parsed;
      let next: number;
      if (this.restIsEmpty(afterColon, lineEnd)) {
        const nl = this.nextContent(l + 1, end);
        const ind = nl < end ? this.indents[nl]! : -1;
        const nested = nl < end ? t.charCodeAt(this.lineStarts[nl]! + ind) : 0;
        if (nl < end && ind > col) {
          const [node, data, after] = this.block(nl, ind, end);
          value = [node, data];
          next = after;
        } else if (nl < end && ind === col && nested === 45 /* - */) {
          const [node, data, after] = this.seq(nl, ind, end);
          value = [node, data];
          next = after;
        } else return giveUp(); // an empty value
      } else {
        if (t[afterColon] !== ' ') return giveUp();
        let v = afterColon;
        while (t.charCodeAt(v) === 32) v++;
        value = this.inline(v, lineEnd);
        next = l + 1;
      }
      setKey(obj, pairs, key, keyNode, value[0], value[1]);
      l = this.nextContent(next, end);
      if (l >= end || this.indents[l]! < col) return this.leave([{ start, quoted: false, pairs }, obj, l]);
      if (this.indents[l]! > col) return giveUp();
      pos = this.lineStarts[l]! + col;
      if (t[pos] === '-' && (t[pos + 1] === ' ' || pos + 1 === this.lineEnds[l])) return giveUp();
    }
  }

  /** seq reads a block sequence whose `-` are at column col from line l. */
  seq(l: number, col: number, end: number): [FastNode, unknown, number] {
    const t = this.text;
    this.enter();
    const items: FastNode[] = [];
    const arr: unknown[] = [];
    const start = this.lineStarts[l]! + col;
    for (;;) {
      const dash = this.lineStarts[l]! + col;
      const lineEnd = this.lineEnds[l]!;
      if (t[dash] !== '-' || t[dash + 1] !== ' ') return giveUp();
      let v = dash + 1;
      while (t.charCodeAt(v) === 32) v++;
      if (v >= lineEnd || t[v] === '#' || (t[v] === '-' && (t[v + 1] === ' ' || v + 1 === lineEnd))) return giveUp();
      let next: number;
      const c = t[v]!;
      const key = c === '{' || c === '[' ? null : this.blockKey(v, lineEnd);
      if (key !== null) {
        const [node, data, after] = this.map(l, v - this.lineStarts[l]!, end);
        items.push(node);
        arr.push(data);
        next = after;
      } else {
        const [node, data] = this.inline(v, lineEnd);
        items.push(node);
        arr.push(data);
        next = l + 1;
      }
      l = this.nextContent(next, end);
      if (l >= end || this.indents[l]! < col) return this.leave([{ start, quoted: false, items }, arr, l]);
      if (this.indents[l]! > col) return giveUp();
      if (t[this.lineStarts[l]! + col] !== '-') return this.leave([{ start, quoted: false, items }, arr, l]);
    }
  }

  /** block reads the block node (map or sequence) that starts on line l at column col. */
  block(l: number, col: number, end: number): [FastNode, unknown, number] {
    const t = this.text;
    const pos = this.lineStarts[l]! + col;
    if (t[pos] === '-' && (t[pos + 1] === ' ' || pos + 1 === this.lineEnds[l])) return this.seq(l, col, end);
    return this.map(l, col, end);
  }
}

/**
 * fastParse reads a spec file's documents (a `.json` file as JSON), or returns null when the
 * text is outside the subset read here: the caller then uses the `yaml` library.
 */
export function fastParse(text: string, json: boolean): FastFile | null {
  if (UNSUPPORTED_CHARS.test(text)) return null;
  const r = new Reader(text);
  try {
    return { docs: json ? jsonDocs(r) : yamlDocs(r), lineStarts: r.lineStarts };
  } catch (e) {
    if (e instanceof GiveUp) return null;
    throw e;
  }
}

function jsonDocs(r: Reader): FastDoc[] {
  const t = r.text;
  let p = 0;
  while (p < t.length && (t[p] === ' ' || t[p] === '\n')) p++;
  if (t[p] !== '{' && t[p] !== '[') return giveUp();
  const [root, data, after] = r.flow(p, t.length, true);
  let q = after;
  while (q < t.length && (t[q] === ' ' || t[q] === '\n')) q++;
  if (q !== t.length) return giveUp();
  // A top-level array holds one feature per element (see parseSpecFile).
  if (root.items) return root.items.map((item, i) => ({ root: item, data: (data as unknown[])[i] }));
  return [{ root, data }];
}

function yamlDocs(r: Reader): FastDoc[] {
  const t = r.text;
  const lines = r.lineStarts.length;
  const docs: FastDoc[] = [];
  // Documents are the runs of lines between `---` lines; the one before the first may be empty.
  let from = 0;
  for (let l = 0; l <= lines; l++) {
    if (l < lines) {
      if (r.indents[l] !== 0) continue;
      const c = t[r.lineStarts[l]!];
      const line = t.slice(r.lineStarts[l], r.lineEnds[l]);
      if (!(c === '-' || c === '.' || c === '%') || !(line.startsWith('---') || line.startsWith('...') || c === '%')) continue;
      if (line !== '---') return giveUp();
    }
    const content = r.nextContent(from, l);
    if (content < l) {
      if (r.indents[content] !== 0) return giveUp();
      const [root, data, next] = r.map(content, 0, l);
      if (r.nextContent(next, l) !== l) return giveUp();
      docs.push({ root, data });
    } else if (from > 0) {
      return giveUp(); // an empty document after `---` is a null document for the library: let it say so
    }
    from = l + 1;
  }
  return docs;
}

/** linePos is the library's LineCounter.linePos over the same line starts: 1-based line and column. */
export function linePos(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineStarts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - lineStarts[low - 1]! + 1 };
}
