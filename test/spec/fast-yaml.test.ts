import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fg from 'fast-glob';
import { parseSpecFile, parseSpecFileFast, type SpecFile } from '../../src/spec/load.js';
import type { Path, SourceDoc } from '../../src/spec/source.js';

// The fast reader (src/spec/fast-yaml.ts) must give exactly what the yaml library gives (data,
// key order, every position), or give up. Checked on every spec file of the repository, on
// hand-written edge cases, and on thousands of random mutations of them.

const root = new URL('../../', import.meta.url).pathname;

function paths(data: unknown, prefix: Path = []): Path[] {
  const out: Path[] = [prefix, [...prefix, '__absent__'], [...prefix, 0], [...prefix, 7]];
  if (Array.isArray(data)) data.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (data !== null && typeof data === 'object') for (const [k, v] of Object.entries(data)) out.push(...paths(v, [...prefix, k]));
  return out;
}

/** same tells why the fast reading of f differs from the library's, or null when it gave up or agrees. */
function differs(f: SpecFile): string | null {
  const fast = parseSpecFileFast(f);
  if (fast === null) return null;
  const ref = parseSpecFile(f);
  if (ref.diagnostics.length > 0) return `the library reports ${ref.diagnostics[0]!.message}`;
  if (fast.docs.length !== ref.docs.length) return `${fast.docs.length} documents, not ${ref.docs.length}`;
  for (let i = 0; i < ref.docs.length; i++) {
    const a: SourceDoc = fast.docs[i]!;
    const b: SourceDoc = ref.docs[i]!;
    if (JSON.stringify(a.data) !== JSON.stringify(b.data) || !isDeepStrictEqual(a.data, b.data)) return `document ${i}: data ${JSON.stringify(a.data)} vs ${JSON.stringify(b.data)}`;
    for (const p of paths(b.data)) {
      for (const which of ['key', 'value', 'content'] as const) {
        if (!isDeepStrictEqual(a.at(p, which), b.at(p, which))) return `document ${i}: at(${JSON.stringify(p)}, ${which}) ${JSON.stringify(a.at(p, which))} vs ${JSON.stringify(b.at(p, which))}`;
      }
    }
  }
  return null;
}

async function repositorySpecs(): Promise<SpecFile[]> {
  const names = await fg(['examples/**/*.{yaml,yml,json}', 'golden/**/features/**/*.{yaml,yml,json}'], { cwd: root });
  return names.sort().map((n) => ({ file: n, text: readFileSync(path.join(root, n), 'utf8') }));
}

const EDGE_CASES: readonly [string, string][] = [
  ['a.yaml', '# header\nkey: a/b\nid_columns: [id]\ncolumns:\n  id: string\n'],
  ['b.yaml', 'key: a\n---\nkey: b\n'],
  ['c.yaml', '---\nkey: a\n'],
  ['d.yaml', 'key: a\n---\n'],
  ['e.yaml', 'key: a\n---\n# nothing\n'],
  ['f.yaml', 'fields:\n- a\n- key: b\n  code_version: "2"\n  deps:\n  - feature: x\n    fields: [y]\nkey: k\n'],
  ['g.yaml', 'columns:\n  a: {type: "list<string>", nullable: true}\n  b: "struct<x: int32>?"\n  c: decimal(5, 4)\n  d: {type: float64, default: 0}\n  e: {type: string, default: \'it\'\'s\'}\n'],
  ['h.yaml', 'k: "esc \\" \\\\ \\n \\u00e9"\nl: \'single\'\nm: -1\nn: 1.50\no: 0o17\np: .5\nq: ~\nr: True\ns: 2024-01-01\n'],
  ['h2.yaml', 'k: "esc \\" \\\\ \\n \\u00e9"\nl: \'single\'\nm: -1\nn: 1.50\nq: ~\nr: True\ns: 2024-01-01\nt: null\n'],
  ['i.yaml', 'a: b # c\nd: e#f\ng: "h" # i\n'],
  ['j.yaml', 'a:\n  b: c\n d: e\n'],
  ['k.yaml', 'a: b\n  c\n'],
  ['l.yaml', 'a: &x b\nc: *x\n'],
  ['m.yaml', 'a: |\n  text\n'],
  ['n.yaml', 'a: b\na: c\n'],
  ['o.yaml', 'a:\nb: c\n'],
  ['p.yaml', 'a: [b, c,]\n'],
  ['q.yaml', 'a: {b: c, d}\n'],
  ['r.yaml', '__proto__: x\n'],
  ['s.yaml', 'a: "x\n  y"\n'],
  ['t.yaml', 'a: [b,\n  c]\n'],
  ['u.yaml', 'a:\n  - b\n  -\n  - c\n'],
  ['v.yaml', 'a: 12345678901234567890\n'],
  ['w.yaml', '%YAML 1.2\n---\na: b\n'],
  ['x.yaml', 'a: b\n...\n'],
  ['y.yaml', 'a: - b\n'],
  ['z.yaml', '"quoted key": 1\n\'other\': [1, "2", \'3\', {x: y}]\n'],
  ['a.json', '[\n  {\n    "key": "a",\n    "columns": {"id": "string", "n": {"type": "int16", "default": 768}},\n    "deps": ["x/y", ["a", "b"]]\n  }\n]\n'],
  ['b.json', '{"key": ["a", "b"], "x": null, "y": true, "z": -0.5, "w": 1e3, "v": "a\\/b"}'],
  ['c.json', '{\n"key": "a"\n}\n'],
  ['d.json', '{"a": 1, "a": 2}'],
  ['e.json', '[1, 2]'],
  ['f.json', '{"a": "multi\nline"}'],
  ['g.json', '  {"a":1}  \n'],
];

test('the fast reader agrees with the yaml library on every spec file of the repository', async () => {
  const files = await repositorySpecs();
  assert.ok(files.length > 20);
  let fast = 0;
  for (const f of files) {
    assert.equal(differs(f), null, f.file);
    if (parseSpecFileFast(f) !== null) fast++;
  }
  assert.ok(fast >= files.length / 2, `the fast reader reads ${fast} of ${files.length} files`);
});

test('the fast reader agrees with the yaml library, or gives up, on edge cases', () => {
  for (const [file, text] of EDGE_CASES) assert.equal(differs({ file, text }), null, `${file}: ${JSON.stringify(text)}`);
  // What it must read itself, not hand over:
  for (const name of ['a.yaml', 'b.yaml', 'f.yaml', 'g.yaml', 'h2.yaml', 'i.yaml', 'z.yaml', 'a.json', 'c.json']) {
    const [file, text] = EDGE_CASES.find(([n]) => n === name)!;
    assert.notEqual(parseSpecFileFast({ file, text }), null, name);
  }
});

test('the fast reader agrees with the yaml library, or gives up, on random mutations', async () => {
  const files = [...(await repositorySpecs()), ...EDGE_CASES.map(([file, text]) => ({ file, text }))];
  let seed = Number(process.env.FAST_YAML_SEED ?? 12345);
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const alphabet = [' ', '\n', ':', '-', '#', '"', "'", '[', ']', '{', '}', ',', 'a', '0', '.', '  ', ': ', '- ', '---\n', '\\', '?', '&', '*', '|'];
  const mutations = Number(process.env.FAST_YAML_MUTATIONS ?? 3000);
  let read = 0;
  for (let n = 0; n < mutations; n++) {
    const base = files[Math.floor(rand() * files.length)]!;
    let text = base.text;
    for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
      if (rand() < 0.5) {
        const at = Math.floor(rand() * (text.length + 1));
        const cut = rand() < 0.5 ? Math.floor(rand() * 4) : 0;
        text = text.slice(0, at) + (rand() < 0.8 ? alphabet[Math.floor(rand() * alphabet.length)] : '') + text.slice(at + cut);
      } else {
        // line edits: drop, repeat, indent or dedent a line
        const lines = text.split('\n');
        const i = Math.floor(rand() * lines.length);
        const op = Math.floor(rand() * 4);
        if (op === 0) lines.splice(i, 1);
        else if (op === 1) lines.splice(i, 0, lines[i]!);
        else if (op === 2) lines[i] = `${rand() < 0.5 ? ' ' : '  '}${lines[i]}`;
        else lines[i] = lines[i]!.replace(/^ {1,2}/, '');
        text = lines.join('\n');
      }
    }
    const f = { file: base.file, text };
    assert.equal(differs(f), null, `${f.file}: ${JSON.stringify(text)}`);
    if (parseSpecFileFast(f) !== null) read++;
  }
  if (process.env.FAST_YAML_DEBUG) console.log(`read ${read} of ${mutations}`);
  assert.ok(read >= mutations / 5, `the fast reader read only ${read} of ${mutations} mutations itself`);
});
