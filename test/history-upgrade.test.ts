import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { cli, folderContents } from './helpers/history.js';
import { pythonTool } from './helpers/python.js';
import { tempDir } from './helpers/temp.js';

// Histories written before this version of the folder are read, checked, accepted with CRLF
// line endings, and continued: the next write records them in format 3.
// test/fixtures/history-v1 was written at commit f7a5a9c (history format 1): its streams hold
// the tables of f7a5a9c, and what changed since (issue 10: Metaxy's system tables, PostgreSQL
// VARCHAR, struct by-field columns) is pending in both streams, which these assertions allow:
// they look for history problems. test/fixtures/history-v2 was written at commit 80586df
// (history format 2: a full JSON snapshot of every table). The Alembic histories of both are
// in the layout before alembic.ini: their own test below.

const CASES = [
  { format: 'plain', store: 'pg' },
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
  test(`a ${format} history of format ${version} is checked, read with CRLF endings, and ${format === 'atlas' ? 'not continued (Atlas has no DuckDB driver)' : 'continued in format 3'}`, async () => {
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
    if (format === 'atlas') {
      // Atlas has no DuckDB driver: the history is read and checked, never continued.
      assert.equal(r.code, 2);
      assert.match(r.stderr, /^metaxy\.toml:6:1: FORMAT_UNSUPPORTED: store "duck": Atlas cannot apply a DuckDB store: it has no DuckDB driver .*; use another --format \(in a new --dir: a history keeps its format\)$/m);
      assert.deepEqual(folderContents(path.join(p, dir)), before, 'nothing written');
      return;
    }
    assert.equal(r.code, 0, r.stderr);
    const after = folderContents(path.join(p, dir));
    for (const [f, t] of Object.entries(before)) if (!/metaxy\.(state\.json|sum)$|atlas\.sum$/.test(f)) assert.equal(after[f], t, `${f} is kept as it was`);
    const state = JSON.parse(after['features/metaxy.state.json']!) as { version: number; lastNumber: number; files: string[] };
    assert.deepEqual([state.version, state.lastNumber], [3, 3]);
    assert.match(after['features/metaxy.sum']!, /^metaxy\.sum 2 sha256-lf /);
    assert.equal((await check('features-3')).code, 0);
    // A stream the run did not write stays in its format (and is read as such) until hash rewrites it.
    const system = !after['system/metaxy.state.json']!.startsWith('{"version":3,');
    assert.deepEqual(await cli(p, 'hash', '--dir', dir), { code: 0, stdout: system ? `${dir}/system: history written in format 3\n` : 'nothing to record: the checksums match the folder\n', stderr: '' });
    assert.match(readFileSync(path.join(p, dir, 'system/metaxy.sum'), 'utf8'), /^metaxy\.sum 2 sha256-lf /);
    assert.match(readFileSync(path.join(p, dir, 'system/metaxy.state.json'), 'utf8'), /^\{"version":3,/);
    assert.equal((await check('features-3')).code, 0);
  });
}

for (const version of [1, 2]) test(`an alembic history of format ${version} in the layout before alembic.ini is refused with how to move it; moved as told, it is continued and Alembic runs it`, async () => {
  const p = fixture(version);
  const dir = 'migrations-alembic';
  const before = folderContents(path.join(p, dir));
  const moveIt = (stream: string, files: number) =>
    `${dir}/${stream}/0001_initial.py:1:1: HISTORY_OLD_LAYOUT: ${dir}/${stream} is an Alembic history in the layout before alembic.ini (${files} revision file${files === 1 ? '' : 's'} beside env.py, where Alembic cannot run them): ` +
    `move every revision (each .py file but env.py) into ${dir}/${stream}/versions/ and delete ${dir}/${stream}/env.py, then run \`metaxy-compile hash --dir ${dir}\` (it records the move); ` +
    'the next `metaxy-compile migrate` writes alembic.ini, env.py and script.py.mako';
  const refused = [moveIt('features', 2), moveIt('system', 1)];
  for (const argv of [['check', 'features-2', '--store', 'pg'], ['migrate', 'features-3', '--store', 'pg'], ['hash']]) {
    const r = await cli(p, ...argv, '--dir', dir);
    assert.equal(r.code, 2, argv[0]);
    assert.deepEqual(r.stderr.trim().split('\n').slice(0, 2), refused, argv[0]);
  }
  assert.deepEqual(folderContents(path.join(p, dir)), before, 'nothing written');

  // What the message says, to the letter.
  for (const stream of ['system', 'features']) {
    const folder = path.join(p, dir, stream);
    mkdirSync(path.join(folder, 'versions'));
    for (const f of readdirSync(folder).filter((f) => f.endsWith('.py') && f !== 'env.py')) renameSync(path.join(folder, f), path.join(folder, 'versions', f));
    rmSync(path.join(folder, 'env.py'));
  }
  const hashed = await cli(p, 'hash', '--dir', dir);
  assert.deepEqual(hashed.stdout.trim().split('\n'), [
    `${dir}/system/0001_initial.py: moved to ${dir}/system/versions/0001_initial.py`,
    `${dir}/system: history written in format 3`,
    `${dir}/features/0001_initial.py: moved to ${dir}/features/versions/0001_initial.py`,
    `${dir}/features/0002_update_video_raw.py: moved to ${dir}/features/versions/0002_update_video_raw.py`,
    `${dir}/features: history written in format 3`,
  ]);
  const r = await cli(p, 'migrate', 'features-3', '--store', 'pg', '--dir', dir);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['alembic.ini', 'system/env.py', 'system/script.py.mako', 'features/env.py', 'features/script.py.mako']) assert.match(r.stdout, new RegExp(`^wrote ${dir}/${f.replace('.', '\\.')}$`, 'm'));
  const third = readdirSync(path.join(p, dir, 'features/versions')).find((f) => f.startsWith('0003_'))!;
  assert.match(readFileSync(path.join(p, dir, 'features/versions', third), 'utf8'), /^down_revision = "metaxy_features_0002"$/m);
  assert.equal((await cli(p, 'check', 'features-3', '--store', 'pg', '--dir', dir)).code, 0);
  // Alembic runs the moved folder: one head per stream, the whole chain offline.
  // The system tables of f7a5a9c (format 1) changed since (issue 10): that stream gets a second migration.
  const systemHead = version === 1 ? 'metaxy_system_0002' : 'metaxy_system_0001';
  for (const [stream, head] of [['system', systemHead], ['features', 'metaxy_features_0003']] as const) {
    const alembic = (...args: string[]) => spawnSync(pythonTool('alembic'), ['-c', path.join(p, dir, 'alembic.ini'), '-n', `metaxy_${stream}`, ...args], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    const heads = alembic('heads');
    assert.equal(heads.status, 0, heads.stderr);
    assert.match(heads.stdout, new RegExp(`^${head} \\(head\\)$`, 'm'));
    if (stream === 'features') {
      const offline = alembic('upgrade', 'head', '--sql'); // env.py runs
      assert.equal(offline.status, 0, offline.stderr);
      assert.match(offline.stdout, /^UPDATE alembic_version_metaxy_features SET version_num='metaxy_features_0003' WHERE alembic_version_metaxy_features\.version_num = 'metaxy_features_0002';$/m);
    }
  }
});
