import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import fg from 'fast-glob';
import { defaultCacheDir, setSpecCacheDir } from '../../src/spec/cache.js';
import { goldenCases } from '../helpers/cases.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// The spec cache (src/spec/cache.ts) remembers each file's checked result by a hash of its name
// and bytes. A cached run must print exactly what an uncached run prints, and a changed file
// must be read again.

const root = new URL('../../', import.meta.url).pathname;
after(() => setSpecCacheDir(null));

function freshCache(): string {
  const dir = tempDir('cache');
  setSpecCacheDir(dir);
  return dir;
}

async function outputs(dir: string, runs: readonly string[][]): Promise<string[]> {
  const out: string[] = [];
  for (const argv of runs) {
    const r = await runCli(argv, dir);
    out.push(`${r.code}\n${r.stdout}\n${r.stderr}`);
  }
  return out;
}

test('a cached run prints byte for byte what an uncached run prints (examples, golden cases, errors)', async () => {
  const cases = [
    { dir: path.join(root, 'examples'), runs: [['features'], ['features', '--store', 'prod'], ['versions', 'features']] },
    ...['create', 'errors'].flatMap((kind) =>
      goldenCases(kind).map((c) => ({ dir: c.dir, runs: c.stores.map((s) => ['features', '--store', s.name, '--all-projects']) })),
    ),
  ];
  assert.ok(cases.length > 5);
  for (const c of cases) {
    setSpecCacheDir(null);
    const plain = await outputs(c.dir, c.runs);
    const cache = freshCache();
    assert.deepEqual(await outputs(c.dir, c.runs), plain, `first (filling) run of ${c.dir}`);
    if (c.dir.endsWith('examples')) assert.ok(readdirSync(cache).some((f) => f.startsWith('specs-')), 'the cache was written');
    assert.deepEqual(await outputs(c.dir, c.runs), plain, `cached run of ${c.dir}`);
  }
});

test('the cache is used for unchanged files, and a changed file is read again', async () => {
  const dir = tempDir('cache-case');
  cpSync(path.join(root, 'examples'), dir, { recursive: true });
  const cache = freshCache();
  const first = await runCli(['features', '--store', 'prod'], dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /codec VARCHAR NOT NULL DEFAULT 'h264'/);
  // Proof that entries are read: doctor the cached result of raw.yaml, and the doctored column shows.
  const [file] = readdirSync(cache).filter((f) => f.startsWith('specs-'));
  const cacheFile = path.join(cache, file!);
  const text = readFileSync(cacheFile, 'utf8');
  assert.match(text, /\["codec","string",false,/, 'columns are cached as tuples (src/spec/cache-pack.ts)');
  writeFileSync(cacheFile, text.replaceAll('["codec",', '["codec_from_cache",'));
  const doctored = await runCli(['features', '--store', 'prod'], dir);
  assert.match(doctored.stdout, /codec_from_cache VARCHAR NOT NULL DEFAULT 'h264'/);
  // A changed file is read again (its entry no longer matches), and the others still come from the cache.
  const raw = path.join(dir, 'features/video/raw.yaml');
  writeFileSync(raw, readFileSync(raw, 'utf8').replace('codec: {type: string, default: h264}', 'codec: {type: string, default: av1}'));
  const changed = await runCli(['features', '--store', 'prod'], dir);
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(changed.stdout, /codec VARCHAR NOT NULL DEFAULT 'av1'/);
  assert.doesNotMatch(changed.stdout, /codec_from_cache/);
  setSpecCacheDir(null);
  assert.equal(changed.stdout, (await runCli(['features', '--store', 'prod'], dir)).stdout, 'as without the cache');
  // A cache file that is not one (or of another compiler version) is ignored and rewritten.
  setSpecCacheDir(cache);
  writeFileSync(cacheFile, 'garbage\nx\ty\n');
  assert.equal((await runCli(['features', '--store', 'prod'], dir)).stdout, changed.stdout);
  assert.match(readFileSync(cacheFile, 'utf8'), /^metaxy-compile spec cache [0-9a-f]{64}\n/);
});

test('files whose values JSON cannot hold exactly (NaN, infinities, -0) are not cached', async () => {
  const dir = tempDir('cache-nan');
  cpSync(path.join(root, 'examples'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'features/odd.yaml'), 'key: odd/one\nid_columns: [id]\ncolumns: {id: string}\nmetadata: {a: .nan, b: -.inf, c: -0}\n');
  setSpecCacheDir(null);
  const plain = await outputs(dir, [['versions', 'features']]);
  const cache = freshCache();
  assert.deepEqual(await outputs(dir, [['versions', 'features']]), plain);
  assert.deepEqual(await outputs(dir, [['versions', 'features']]), plain);
  const text = (await fg('specs-*', { cwd: cache })).map((f) => readFileSync(path.join(cache, f), 'utf8')).join('');
  assert.doesNotMatch(text, /odd\/one/);
});

test('the cache folder: node_modules/.cache above cwd, METAXYC_CACHE, or off', () => {
  assert.equal(defaultCacheDir(root, {}, '/home/u'), path.join(root, 'node_modules/.cache/metaxy-compile'));
  assert.equal(defaultCacheDir('/', {}, '/home/u'), '/home/u/.cache/metaxy-compile');
  assert.equal(defaultCacheDir('/', { XDG_CACHE_HOME: '/x' }, '/home/u'), '/x/metaxy-compile');
  assert.equal(defaultCacheDir(root, { METAXYC_CACHE: 'c' }, '/home/u'), path.join(root, 'c'));
  assert.equal(defaultCacheDir(root, { METAXYC_CACHE: 'off' }, '/home/u'), null);
});
