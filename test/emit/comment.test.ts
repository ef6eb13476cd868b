import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { oneLine, pyDocstring, pyString, sqlComment } from '../../src/emit/comment.js';
import { runPython } from '../helpers/python.js';
import { Rng } from '../helpers/prng.js';
import { tempDir } from '../helpers/temp.js';

// The comment writer: no text ends a comment, a docstring or a line; Python reads back exactly
// the text that was written (Python itself decides, on tricky and random texts).

const TRICKY = [
  'plain',
  'x\nCOMMIT; DROP TABLE canary; --',
  'x\rDROP',
  'a\u2028b\u2029c\u0085d',
  'nul\u0000esc\u001b[31mdel\u007f',
  'lone \ud800 and \udfff surrogates, pair 😀',
  'quotes """ and "" and " and \'\'\' end"',
  'back\\slash \\N{BULLET} \\x41 \\u0041 \\',
  'bidi \u202e reversed \u2066 isolate',
  '',
  '"',
  '""',
  '\\',
];

const LONE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Every character that could end or disturb a line: C0, DEL, C1, separators, bidi controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function randomTexts(n: number): string[] {
  const rng = new Rng(9);
  const pool = ['a', 'Z', ' ', '"', "'", '\\', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u0085', '\u2028', '\u2029', '\ud800', '\udc00', '😀', 'é', '`', '$', '#', '-', '*', '/'];
  return Array.from({ length: n }, () => Array.from({ length: rng.int(0, 12) }, () => rng.pick(pool)).join(''));
}

test('oneLine and sqlComment: one line, every control, separator and bidi character escaped', () => {
  for (const t of [...TRICKY, ...randomTexts(500)]) {
    for (const out of [oneLine(t), sqlComment(t)]) {
      assert.ok(!UNSAFE.test(out), JSON.stringify(out));
      assert.ok(!/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(out), 'no lone surrogate');
    }
    assert.ok(sqlComment(t).startsWith('--'));
  }
  assert.equal(oneLine('a\nb\\c\u2028'), 'a\\nb\\\\c\\u2028');
});

test('pyString and pyDocstring: Python reads back exactly the text (lone surrogates, NUL, quotes, backslashes)', () => {
  const texts = [...TRICKY, ...randomTexts(300)];
  const source = texts
    // A class's docstring cannot hold a lone surrogate (CPython keeps it as UTF-8); the specs refuse them in descriptions.
    .map((t, i) => `S${i} = ${pyString(t)}\ndef f${i}():\n    ${pyDocstring([t, 'second line'])}\nclass C${i}:\n    ${pyDocstring([t.replace(LONE, '?')], '    ')}\n`)
    .join('');
  for (const line of source.split('\n')) assert.ok(!UNSAFE.test(line), JSON.stringify(line));
  // Python compares each value with the text sent as JSON (json.loads keeps lone surrogates).
  const script = `
import ast, json, os, re, sys
texts = json.load(open(os.environ['TEXTS'], encoding='utf-8'))
src = texts.pop()
mod = ast.parse(src)
ns = {}
exec(compile(mod, "<generated>", "exec"), ns)
lone = lambda t: re.sub("[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]", "?", t)
bad = [i for i, t in enumerate(texts) if ns["S%d" % i] != t or ns["f%d" % i].__doc__ != t + "\\nsecond line\\n"
       or ns["C%d" % i].__doc__ not in (lone(t), lone(t) + "\\n    ")]
print(json.dumps(bad))
`;
  const file = path.join(tempDir('pycomment'), 'texts.json');
  writeFileSync(file, JSON.stringify([...texts, source]));
  const r = runPython(script, [], { env: { TEXTS: file } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), []);
});
