import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { openDuckDB } from './engines/duckdb.js';
import { runCli } from './helpers/cli.js';
import { Rng } from './helpers/prng.js';
import { tempDir } from './helpers/temp.js';

// A seeded mutation fuzzer over the example specs of the suite: each mutant (one spec file of a
// features folder mutated one to three times) either compiles to SQL that runs on DuckDB, or
// exits 2 with only `file:line:col: CODE: message` lines and no output file. A throw (a crash)
// fails. FUZZ_MUTANTS (default 300) and FUZZ_SEED (default 1) choose the run.

const MUTANTS = Number(process.env.FUZZ_MUTANTS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const root = new URL('../', import.meta.url).pathname;
const FOLDERS = [path.join(root, 'examples/features'), ...readdirSync(path.join(root, 'golden/create')).map((c) => path.join(root, 'golden/create', c, 'features'))];
const TOML = 'project = "media"\n[stores.duck]\ntype = "metaxy.ext.duckdb.DuckDBMetadataStore"\n';
const DIAGNOSTIC = /^[^\n]+:\d+:\d+: [A-Z_]+: [^\n]+$/;

const TOKENS = [
  '[', ']', '{', '}', ':', ': ', '- ', ',', '"', "'", '#', ' &a ', ' *a', '!!str ', '? ', '<', '>', '\n', '\r\n', '\t', '  ', '---\n', '...\n',
  '\u0000', '\u2028', '\u0085', '😀', '\ud800', '\ufeff', 'null', '~', '-1', '1e999', '0x1F', '.nan', "''", '""', '__', '/', 'int33', 'list<',
  'struct<a: int32?>', '?', 'decimal(77, 2)', 'decimal(38, 39)', 'x\nDROP TABLE t; --', "'; DROP TABLE t; --", '$$', '\\', '|\n', '>-\n', '%YAML 1.2\n',
  '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[', '{a: {a: {a: {a: {a: ', 'list<list<list<list<list<list<list<list<int32>>>>>>>>', 'nullable: true', 'default: 1',
  'unique: true', 'renamed_from: old', 'deps: [x/y]', 'id_columns: []', 'description: d', 'name: n',
];

type Mutation = (text: string, rng: Rng) => string;
const at = (text: string, rng: Rng) => rng.int(0, text.length);
const lines = (text: string) => text.split('\n');
const MUTATIONS: readonly Mutation[] = [
  (t, r) => { const i = at(t, r); return t.slice(0, i) + t.slice(i + r.int(1, 6)); },
  (t, r) => { const i = at(t, r); return t.slice(0, i) + r.pick(TOKENS) + t.slice(i); },
  (t, r) => { const i = at(t, r); return t.slice(0, i) + r.pick(TOKENS) + t.slice(i + r.int(1, 4)); },
  (t, r) => { const l = lines(t); const i = r.int(0, l.length - 1); l.splice(i, 0, l[i]!); return l.join('\n'); },
  (t, r) => { const l = lines(t); l.splice(r.int(0, l.length - 1), 1); return l.join('\n'); },
  (t, r) => { const l = lines(t); const [i, j] = [r.int(0, l.length - 1), r.int(0, l.length - 1)]; [l[i], l[j]] = [l[j]!, l[i]!]; return l.join('\n'); },
  (t, r) => { const l = lines(t); const i = r.int(0, l.length - 1); l[i] = r.chance(0.5) ? `  ${l[i]}` : l[i]!.replace(/^ {1,2}/, ''); return l.join('\n'); },
  (t, r) => { const words = t.match(/[A-Za-z_][\w/<>]*/g) ?? ['x']; return t.replace(r.pick(words), () => r.pick(words)); },
  (t, r) => t.slice(0, at(t, r)),
  (t, r) => { const i = at(t, r); const n = r.int(100, 6000); return t.slice(0, i) + '['.repeat(n) + ']'.repeat(r.chance(0.5) ? n : 0) + t.slice(i); },
];

/** mutant copies one features folder and mutates one of its files one to three times; returns the folder and a description. */
function mutant(rng: Rng): { dir: string; what: string } {
  const folder = rng.pick(FOLDERS);
  const dir = tempDir('fuzz');
  cpSync(folder, path.join(dir, 'features'), { recursive: true });
  writeFileSync(path.join(dir, 'metaxy.toml'), TOML);
  const files = listSpecs(path.join(dir, 'features'));
  const file = rng.pick(files);
  let text = readFileSync(file, 'utf8');
  const applied: number[] = [];
  for (let k = rng.int(1, 3); k > 0; k--) {
    const m = rng.int(0, MUTATIONS.length - 1);
    applied.push(m);
    text = MUTATIONS[m]!(text, rng);
  }
  writeFileSync(file, text);
  return { dir, what: `${path.relative(root, folder)}/${path.relative(path.join(dir, 'features'), file)} mutations ${applied.join(',')}: ${JSON.stringify(text.slice(0, 300))}` };
}

function listSpecs(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .sort();
}

const duck = await openDuckDB();
after(() => duck.close());

test(`fuzz: ${MUTANTS} mutants of the example specs (seed ${SEED}) compile and run on DuckDB, or exit 2 with positioned diagnostics only`, async (t) => {
  const rng = new Rng(SEED);
  const failures: string[] = [];
  const counts = { compiled: 0, refused: 0 };
  for (let n = 0; n < MUTANTS && failures.length < 5; n++) {
    const { dir, what } = mutant(rng);
    try {
      const r = await runCli(['features', '--store', 'duck', '--all-projects', '--out', 'out.sql'], dir);
      const out = path.join(dir, 'out.sql');
      if (r.code === 0) {
        assert.equal(r.stderr, '');
        await duck.reset();
        await duck.exec(readFileSync(out, 'utf8'));
        counts.compiled++;
      } else {
        assert.equal(r.code, 2, r.stderr);
        const lines = r.stderr.trimEnd().split('\n');
        assert.match(lines.pop()!, /^\d+ problems? found; nothing written\.$/);
        for (const l of lines) assert.match(l, DIAGNOSTIC);
        assert.equal(existsSync(out), false, 'nothing written');
        counts.refused++;
      }
    } catch (e) {
      failures.push(`mutant ${n} (${what}): ${(e as Error).stack ?? String(e)}`);
    }
  }
  t.diagnostic(`${counts.compiled} compiled and ran on DuckDB, ${counts.refused} refused with exit 2`);
  assert.deepEqual(failures, []);
  assert.ok(counts.compiled > 0 && counts.refused > 0, 'the mutants reach both outcomes');
});
