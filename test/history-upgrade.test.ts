import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { atlasSum } from './helpers/formats.js';
import { cli, folderContents } from './helpers/history.js';
import { tempDir } from './helpers/temp.js';

// Histories written before this version of the folder are read, checked, accepted with CRLF
// line endings, and continued: the next write records them in format 3.
// test/fixtures/history-v1 was written at commit f7a5a9c (history format 1): its streams hold
// the tables of f7a5a9c, and what changed since (issue 10: Metaxy's system tables, PostgreSQL
// VARCHAR, struct by-field columns) is pending in both streams, which these assertions allow:
// they look for history problems. test/fixtures/history-v2 was written at commit 80586df
// (history format 2: a full JSON snapshot of every table).

const CASES = [
  { format: 'plain', store: 'pg' },
  { format: 'alembic', store: 'pg' },
  { format: 'atlas', store: 'duck' },
] as const;

function fixture(version: number): string {
  const p = tempDir('upgrade');
  cpSync(new URL(`./fixtures/history-v${version}/`, import.meta.url).pathname, p, { recursive: true });
  mkdirSync(path.join(p, 'features-3'));
  writeFileSync(path.join(p, 'features-3/video.yaml'), readFileSync(path.join(p, 'features-2/video.yaml'), 'utf8').replace('  start: int64\n', '  start: int64\n  stop: int64?\n'));
  return p;
}

for (const [version, { format, store }] of [1, 2].flatMap((v) => CASES.map((c) => [v, c] as const))) {
  test(`a ${format} history of format ${version} is checked, read with CRLF endings, and continued in format 3`, async () => {
    const p = fixture(version);
    const dir = `migrations-${format}`;
    const check = (features: string) => cli(p, 'check', features, '--store', store, '--dir', dir);
    /** inSync: no history problem (pending changes since f7a5a9c aside). */
    const inSync = async (features: string) => {
      const r = await check(features);
      assert.equal(r.stderr, '');
      const rest = r.stdout.split('\n').filter((l) => l && !/^[^:]+\/(system|features): pending: /.test(l) && !l.startsWith('drift: run `metaxy-compile migrate`'));
      assert.deepEqual(rest, r.code === 0 ? ['up to date: the migrations hold every change of the features'] : [], r.stdout);
      return r.code;
    };
    await inSync('features-2');
    const name = readdirSync(path.join(p, dir, 'features')).find((f) => f.startsWith('0002_') && !f.includes('.down.'))!;
    const edited = path.join(p, dir, 'features', name);
    const line = (JSON.parse(readFileSync(path.join(p, dir, 'features/metaxy.state.json'), 'utf8')) as { files: string[] }).files.indexOf(name) + 2;
    const text = readFileSync(edited, 'utf8');
    writeFileSync(edited, text.replace(/\n/g, '\r\n'));
    if (format === 'atlas') assert.match((await check('features-2')).stdout, /HISTORY_ATLAS_SUM/, 'atlas.sum is byte-exact: Atlas reads it');
    else await inSync('features-2'); // older checksums accept CRLF too
    writeFileSync(edited, `${text}-- tuned\n`);
    assert.match((await check('features-2')).stdout, new RegExp(`^${dir}/features/metaxy\\.sum:${line}:1: HISTORY_EDITED: ${dir}/features/${name.replace('.', '\\.')} changed since`, 'm'));
    writeFileSync(edited, text);

    const before = folderContents(path.join(p, dir));
    const r = await cli(p, 'migrate', 'features-3', '--store', store, '--dir', dir);
    assert.equal(r.code, 0, r.stderr);
    const after = folderContents(path.join(p, dir));
    for (const [f, t] of Object.entries(before)) if (!/metaxy\.(state\.json|sum)$|atlas\.sum$/.test(f)) assert.equal(after[f], t, `${f} is kept as it was`);
    const state = JSON.parse(after['features/metaxy.state.json']!) as { version: number; lastNumber: number; files: string[] };
    assert.deepEqual([state.version, state.lastNumber], [3, 3]);
    assert.match(after['features/metaxy.sum']!, /^metaxy\.sum 2 sha256-lf /);
    const third = Object.keys(after).find((f) => f.startsWith('features/0003_'))!;
    if (format === 'alembic') assert.match(after[third]!, /^down_revision = "metaxy_features_0002"$/m);
    if (format === 'atlas') assert.equal(after['features/atlas.sum'], atlasSum(path.join(p, dir, 'features')));
    assert.equal((await check('features-3')).code, 0);
    // A stream the run did not write stays in its format (and is read as such) until hash rewrites it.
    const system = !after['system/metaxy.state.json']!.startsWith('{"version":3,');
    assert.deepEqual(await cli(p, 'hash', '--dir', dir), { code: 0, stdout: system ? `${dir}/system: history written in format 3\n` : 'nothing to record: the checksums match the folder\n', stderr: '' });
    assert.match(readFileSync(path.join(p, dir, 'system/metaxy.sum'), 'utf8'), /^metaxy\.sum 2 sha256-lf /);
    assert.match(readFileSync(path.join(p, dir, 'system/metaxy.state.json'), 'utf8'), /^\{"version":3,/);
    assert.equal((await check('features-3')).code, 0);
  });
}
