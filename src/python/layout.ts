import { assertNever } from '../diagnostics/diagnostic.js';
import { oneLine, pyString } from '../emit/comment.js';

/**
 * Python expressions as readonly plain data, and their layout as PEP 8 source: a line that fits
 * in 79 columns stays whole; otherwise its outermost brackets break, one item per line with a
 * trailing comma (as black lays them out), and a string too long for its line is split into
 * adjacent literals inside parentheses (Python joins them: the value is unchanged). Every string
 * is written by the comment writer's pyString, so no text can end a literal or a line.
 */

/** Py is a Python expression: written text (a name, a number), a string, a call or a display. */
export type Py =
  | { readonly kind: 'Raw'; readonly text: string }
  | { readonly kind: 'Str'; readonly value: string }
  | { readonly kind: 'Call'; readonly callee: string; readonly args: readonly PyArg[] }
  | { readonly kind: 'List' | 'Tuple' | 'Set'; readonly items: readonly Py[] }
  | { readonly kind: 'Dict'; readonly entries: readonly (readonly [Py, Py])[] };

/** PyArg is one argument of a call: positional (name null) or keyword. */
export interface PyArg {
  readonly name: string | null;
  readonly value: Py;
}

/** WIDTH is PEP 8's maximum line length. */
export const WIDTH = 79;
const INDENT = '    ';

/** raw is text written as it is: a name, a number, a keyword. */
export const raw = (text: string): Py => ({ kind: 'Raw', text });
/** str is a string literal whose value is exactly `value`. */
export const str = (value: string): Py => ({ kind: 'Str', value });
/** list is a list display. */
export const list = (items: readonly Py[]): Py => ({ kind: 'List', items });
/** tuple is a tuple display. */
export const tuple = (items: readonly Py[]): Py => ({ kind: 'Tuple', items });
/** set is a set display (`set()` when empty). */
export const set = (items: readonly Py[]): Py => ({ kind: 'Set', items });
/** dict is a dict display. */
export const dict = (entries: readonly (readonly [Py, Py])[]): Py => ({ kind: 'Dict', entries });

/** call is `callee(positional..., name=value...)`; keyword arguments whose value is undefined are left out. */
export function call(callee: string, positional: readonly Py[], keywords: readonly (readonly [string, Py | undefined])[] = []): Py {
  const named = keywords.flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
  return { kind: 'Call', callee, args: [...positional.map((value) => ({ name: null, value })), ...named] };
}

/** flat writes an expression on one line. */
function flat(e: Py): string {
  switch (e.kind) {
    case 'Raw':
      return e.text;
    case 'Str':
      return pyString(e.value);
    case 'Call':
      return `${e.callee}(${e.args.map((a) => (a.name === null ? '' : `${a.name}=`) + flat(a.value)).join(', ')})`;
    case 'List':
      return `[${e.items.map(flat).join(', ')}]`;
    case 'Tuple':
      return e.items.length === 1 ? `(${flat(e.items[0]!)},)` : `(${e.items.map(flat).join(', ')})`;
    case 'Set':
      return e.items.length === 0 ? 'set()' : `{${e.items.map(flat).join(', ')}}`;
    case 'Dict':
      return `{${e.entries.map(([k, v]) => `${flat(k)}: ${flat(v)}`).join(', ')}}`;
    default:
      return assertNever(e);
  }
}

/** A broken display: its opening and closing brackets and its items, each with the text before it. */
function parts(e: Py): { open: string; close: string; items: { before: string; value: Py }[] } | null {
  switch (e.kind) {
    case 'Call':
      return e.args.length === 0 ? null : { open: `${e.callee}(`, close: ')', items: e.args.map((a) => ({ before: a.name === null ? '' : `${a.name}=`, value: a.value })) };
    case 'List':
    case 'Tuple':
    case 'Set': {
      const [open, close] = e.kind === 'List' ? ['[', ']'] : e.kind === 'Tuple' ? ['(', ')'] : ['{', '}'];
      return e.items.length === 0 ? null : { open, close, items: e.items.map((value) => ({ before: '', value })) };
    }
    case 'Dict':
      return e.entries.length === 0 ? null : { open: '{', close: '}', items: e.entries.map(([k, value]) => ({ before: `${flat(k)}: `, value })) };
    case 'Raw':
    case 'Str':
      return null;
    default:
      return assertNever(e);
  }
}

/**
 * lines lays out `before + e + after` at an indent (in levels of four spaces): on one line when
 * it fits, else with the outermost brackets broken (recursively, as far as needed).
 */
function lines(e: Py, level: number, before = '', after = ''): string[] {
  const pad = INDENT.repeat(level);
  const one = `${pad}${before}${flat(e)}${after}`;
  if (one.length <= WIDTH) return [one];
  if (e.kind === 'Str') return [`${pad}${before}(`, ...splitString(e.value, level + 1), `${pad})${after}`];
  const p = parts(e);
  if (p === null) return [one]; // a name or number longer than a line cannot be broken
  const items = p.items.flatMap((item) => lines(item.value, level + 1, item.before, ','));
  return [`${pad}${before}${p.open}`, ...items, `${pad}${p.close}${after}`];
}

/**
 * splitString writes a long string as adjacent literals, one per line, each as long as fits,
 * ending after a space where one is near; a surrogate pair is never cut.
 */
function splitString(value: string, level: number): string[] {
  const pad = INDENT.repeat(level);
  const room = WIDTH - pad.length;
  const chars = Array.from(value);
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start + 1;
    while (end < chars.length && pyString(chars.slice(start, end + 1).join('')).length <= room) end++;
    const space = chars.lastIndexOf(' ', end - 1);
    if (end < chars.length && space >= start && space + 1 > start + (end - start) / 2) end = space + 1;
    out.push(pad + pyString(chars.slice(start, end).join('')));
    start = end;
  }
  return out;
}

/** statement lays out one statement, `before + e + after`, at an indent. */
export function statement(level: number, before: string, e: Py, after = ''): string {
  return lines(e, level, before, after).join('\n');
}

/** modules lists the modules an expression's calls name (`sa` of `sa.Column(...)`), into `out`. */
export function modules(e: Py, out: Set<string>): Set<string> {
  switch (e.kind) {
    case 'Raw':
    case 'Str':
      return out;
    case 'Call': {
      const dot = e.callee.indexOf('.');
      if (dot > 0) out.add(e.callee.slice(0, dot));
      for (const a of e.args) modules(a.value, out);
      return out;
    }
    case 'List':
    case 'Tuple':
    case 'Set':
      for (const item of e.items) modules(item, out);
      return out;
    case 'Dict':
      for (const [k, v] of e.entries) modules(v, modules(k, out));
      return out;
    default:
      return assertNever(e);
  }
}

/**
 * paragraphs wraps text into lines of at most `width` columns as the comment writer escapes them
 * (a word longer than that gets a line of its own), with an empty line between paragraphs.
 */
export function paragraphs(texts: readonly string[], width: number): string[] {
  const out: string[] = [];
  for (const text of texts) {
    if (out.length > 0) out.push('');
    let line = '';
    for (const word of text.split(' ')) {
      if (line !== '' && oneLine(`${line} ${word}`).length > width) {
        out.push(line);
        line = word;
      } else line = line === '' ? word : `${line} ${word}`;
    }
    out.push(line);
  }
  return out;
}
