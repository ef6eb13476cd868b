import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { listFiles } from './helpers/engine-check.js';
import { atlasSum, migrationsOf, readPython } from './helpers/formats.js';
import { expectGolden, UPDATE } from './helpers/golden.js';
import { catalogAfter, createSql, sortedCatalog, storeSchema } from './helpers/migrate-harness.js';
import { tempDir } from './helpers/temp.js';

// For every --format: a small from -> to pair migrated into a folder of its own; every file
// written (names and contents) is pinned under golden/formats/<format>/<store>/, the layout is
// checked against the tool's conventions, and the SQL is run as the tool would run it (up,
// then down) on PostgreSQL and DuckDB. Then the history guards: an existing file is never
// rewritten, and removed, renamed or stray files are reported.

const FORMATS = ['plain', 'flyway', 'golang-migrate', 'dbmate', 'alembic', 'atlas'] as const;
const ALL_STORES = ['postgres', 'duckdb'] as const;
// Atlas has no DuckDB driver: `--format atlas` refuses a DuckDB store (test/migration-tools.test.ts).
const storesOf = (format: string) => (format === 'atlas' ? (['postgres'] as const) : ALL_STORES);
const GOLDEN = new URL('../golden/formats/', import.meta.url).pathname;

const TOML = `project = "demo"

[stores.postgres]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"

[stores.duckdb]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"

[ext.compile]
inject_primary_key = true
`;

const FROM = `key: video/raw
description: Raw videos.
id_columns: [video_id]
columns:
  video_id: string
  path: string
  note: string?
indexes:
  - {columns: [note]}
`;

// A column renamed (its index renamed with it: DuckDB must commit the index drop first), a
// column added with a comment that needs quoting, and a dependent feature.
const TO = `key: video/raw
description: Raw videos.
id_columns: [video_id]
columns:
  video_id: string
  path: string
  remark: {type: string, nullable: true, renamed_from: note}
  fps: {type: float32, nullable: true, description: "It's the \\"frame rate\\"; per second"}
indexes:
  - {columns: [remark]}
---
key: video/thumbnail
id_columns: [video_id]
deps: [video/raw]
columns:
  video_id: string
  image: binary
`;

/** project writes a project whose features are `spec` (in `within`, under `name`, when given), and returns its folder. */
function project(spec: string, within?: string, name?: string): string {
  const dir = within === undefined ? tempDir('formats') : path.join(within, name!);
  mkdirSync(path.join(dir, 'features'), { recursive: true });
  writeFileSync(path.join(dir, 'metaxy.toml'), TOML);
  writeFileSync(path.join(dir, 'features', 'video.yaml'), spec);
  return dir;
}

// The folders sit beside both projects: env.py records the configuration's path from its folder (../../from/metaxy.toml).
const root = tempDir('formats-root');
const fromDir = project(FROM, root, 'from');
const toDir = project(TO, root, 'to');
const folder = (format: string, store: string) => path.join(root, 'out', `${format}-${store}`);

async function migrate(cwd: string, format: string, store: string, dir: string, code = 0) {
  const r = await runCli(['migrate', 'features', '--store', store, '--dir', dir, '--format', format], cwd);
  assert.equal(r.code, code, `migrate --format ${format} --store ${store}: ${r.stderr}${r.stdout}`);
  return r;
}

const engines: Record<string, Engine> = {};
before(async () => {
  engines.postgres = await openPostgres();
  engines.duckdb = await openDuckDB();
  for (const format of FORMATS) {
    for (const store of storesOf(format)) {
      await migrate(fromDir, format, store, folder(format, store));
      await migrate(toDir, format, store, folder(format, store));
    }
  }
});
after(async () => {
  for (const e of Object.values(engines)) await e.close();
});

const read = (dir: string, f: string) => readFileSync(path.join(dir, f), 'utf8');

for (const format of FORMATS) {
  test(`formats/${format}: every file written is pinned`, () => {
    for (const store of storesOf(format)) {
      const dir = folder(format, store);
      const golden = path.join(GOLDEN, format, store);
      const files = listFiles(dir);
      if (UPDATE) rmSync(golden, { recursive: true, force: true });
      for (const f of files) expectGolden(path.join(golden, f), read(dir, f));
      assert.deepEqual(files, listFiles(golden), `the files written are exactly the golden ones (${golden})`);
    }
  });
}

test('formats: each layout follows its tool', () => {
  const names = (format: string) => listFiles(folder(format, 'postgres'));
  const slug = names('plain').find((f) => /^features\/0002_.*\.down\.sql$/.test(f))!.replace(/^features\/0002_|\.down\.sql$/g, '');
  const streams = (list: (s: string) => string[]) => ['system', 'features'].flatMap((s) => list(s).map((f) => `${s}/${f}`));
  // Each stream's migrations, its files beside them, and the folder's own files (root).
  const expected = (perStream: (s: string, n: number, slug: string) => string[], sums: string[], root: string[] = []) =>
    [...root, ...streams((s) => [...perStream(s, 1, 'initial'), ...(s === 'features' ? perStream(s, 2, slug) : []), ...sums])].sort();
  const p4 = (n: number) => String(n).padStart(4, '0');
  const state = ['metaxy.state.json', 'metaxy.sum'];
  assert.deepEqual(names('plain'), expected((_, n, s) => [`${p4(n)}_${s}.sql`, `${p4(n)}_${s}.down.sql`], state));
  assert.deepEqual(names('golang-migrate'), expected((_, n, s) => [`${p4(n)}_${s}.up.sql`, `${p4(n)}_${s}.down.sql`], state));
  assert.deepEqual(names('flyway'), expected((_, n, s) => [`V${n}__${s}.sql`, `U${n}__${s}.sql`], ['flyway.toml', ...state]));
  assert.deepEqual(names('dbmate'), expected((_, n, s) => [`${p4(n)}_${s}.sql`], ['.env', ...state]));
  assert.deepEqual(names('alembic'), expected((_, n, s) => [`versions/${p4(n)}_${s}.py`], ['env.py', 'script.py.mako', ...state], ['alembic.ini', 'metaxy_metadata.py']));
  assert.deepEqual(names('atlas'), expected((_, n, s) => [`${p4(n)}_${s}.sql`], ['atlas.sum', ...state], ['atlas.hcl']));

  for (const store of ALL_STORES) {
    // dbmate: both markers, and transactions as the dialect allows (both are transactional).
    const dbmate = read(folder('dbmate', store), `features/0002_${slug}.sql`);
    assert.match(dbmate, /^-- migrate:up\n[\s\S]*^-- migrate:down\n/m);
    assert.doesNotMatch(dbmate, /^BEGIN;/m, 'dbmate wraps each migration in a transaction itself');
    // flyway, atlas: no BEGIN/COMMIT of their own either.
    assert.doesNotMatch(read(folder('flyway', store), `features/V2__${slug}.sql`), /^BEGIN;/m);
    if (store === 'postgres') assert.doesNotMatch(read(folder('atlas', store), `features/0002_${slug}.sql`), /^BEGIN;/m);
    // plain and golang-migrate carry their own transaction.
    assert.match(read(folder('plain', store), `features/0002_${slug}.sql`), /^BEGIN;[\s\S]*^COMMIT;$/m);
    assert.match(read(folder('golang-migrate', store), `features/0002_${slug}.up.sql`), /^BEGIN;[\s\S]*^COMMIT;$/m);

    // alembic: a revision chain per stream, its own version table per stream, valid Python.
    const alembic = folder('alembic', store);
    for (const stream of ['system', 'features']) {
      const first = readPython(path.join(alembic, stream, 'versions/0001_initial.py'));
      assert.equal(first.revision, `metaxy_${stream}_0001`);
      assert.equal(first.down_revision, null);
      assert.deepEqual(first.__functions__, ['upgrade', 'downgrade']);
      const env = readPython(path.join(alembic, stream, 'env.py'));
      assert.equal(env.VERSION_TABLE, `alembic_version_metaxy_${stream}`);
      assert.equal(read(alembic, `${stream}/env.py`).match(/version_table=VERSION_TABLE/g)?.length, 2, 'online and offline modes both use the stream version table');
    }
    const second = readPython(path.join(alembic, 'features', `versions/0002_${slug}.py`));
    assert.equal(second.revision, 'metaxy_features_0002');
    assert.equal(second.down_revision, 'metaxy_features_0001');
    assert.ok(Array.isArray(second.UPGRADE) && (second.UPGRADE as string[]).length > 0);
    assert.ok((second.UPGRADE as string[]).some((s) => s.includes(`It''s the "frame rate"; per second`)), 'quotes survive the Python string literal');
  }
});

test('formats/atlas: atlas.sum is what Atlas computes for the folder', () => {
  for (const store of storesOf('atlas')) {
    for (const stream of ['system', 'features']) {
      const dir = path.join(folder('atlas', store), stream);
      assert.equal(read(dir, 'atlas.sum'), atlasSum(dir), `${store} ${stream}`);
    }
  }
});

test('formats: metaxy.sum is the SHA-256 of each recorded file and the state (CRLF read as LF), under a total of its lines', () => {
  // Written from the format as the README states it, not from src/.
  const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
  for (const format of FORMATS) {
    for (const store of storesOf(format)) {
      for (const stream of ['system', 'features']) {
        const dir = path.join(folder(format, store), stream);
        const state = JSON.parse(read(dir, 'metaxy.state.json')) as { files: string[] };
        const body = [...state.files, 'metaxy.state.json'].map((name) => `${sha(readFileSync(path.join(dir, name)))}  ${name}\n`).join('');
        assert.equal(read(dir, 'metaxy.sum'), `metaxy.sum 2 sha256-lf ${sha(body)}\n${body}`, `${format} ${store} ${stream}`);
      }
    }
  }
});

/** exec runs a migration's SQL as its tool would: inside one transaction when the tool opens one. */
async function exec(engine: Engine, sql: string, toolTransaction: boolean, what: string) {
  try {
    await engine.exec(toolTransaction ? `BEGIN;\n${sql}\nCOMMIT;` : sql);
  } catch (e) {
    assert.fail(`${what}: ${(e as Error).message}`);
  }
}

for (const format of FORMATS) {
  for (const store of storesOf(format)) {
    test(`formats/${format}/${store}: up then down run on the engine`, async () => {
      const engine = engines[store]!;
      const from = await catalogAfter(engine, [createSql(await storeSchema(fromDir, 'features', store))]);
      const to = await catalogAfter(engine, [createSql(await storeSchema(toDir, 'features', store))]);
      const empty = await catalogAfter(engine, []);
      const list = migrationsOf(format, folder(format, store));
      assert.deepEqual(
        list.map((m) => `${m.stream}/${m.number}`),
        ['system/1', 'features/1', 'features/2'],
      );
      await engine.reset();
      for (const m of list.slice(0, 2)) await exec(engine, m.up, m.toolTransaction, `up ${m.stream}/${m.number}`);
      assert.deepEqual(sortedCatalog(await engine.catalog()), from, 'the first migrations create the from-schema');
      await exec(engine, list[2]!.up, list[2]!.toolTransaction, 'up features/2');
      assert.deepEqual(sortedCatalog(await engine.catalog()), to, 'up gives the to-schema');
      if (format === 'atlas') {
        assert.ok(list.every((m) => m.down === null), 'atlas plans reverts itself: no down files');
        return;
      }
      await exec(engine, list[2]!.down!, list[2]!.toolTransaction, 'down features/2');
      assert.deepEqual(sortedCatalog(await engine.catalog()), from, 'down of the second migration gives back the from-schema');
      for (const m of list.slice(0, 2).reverse()) await exec(engine, m.down!, m.toolTransaction, `down ${m.stream}/${m.number}`);
      assert.deepEqual(sortedCatalog(await engine.catalog()), empty, 'the first downs, in reverse, leave nothing');
    });
  }
}

for (const format of FORMATS) {
  test(`formats/${format}: history guards (no rewrite; removed, renamed and stray files)`, async () => {
    const store = 'postgres';
    const base = path.join(root, `guards-${format}`);
    await migrate(fromDir, format, store, base);
    // Learn the name of the next migration file in a copy, then take that name in the real folder.
    const probe = `${base}-probe`;
    cpSync(base, probe, { recursive: true });
    const before = listFiles(probe);
    await migrate(toDir, format, store, probe);
    const next = listFiles(probe).find((f) => !before.includes(f) && f.startsWith('features/') && !/(env\.py|\.json|\.sum)$/.test(f))!;
    assert.ok(next, 'the next migration writes a new file');
    writeFileSync(path.join(base, next), '-- mine\n');
    const taken = await migrate(toDir, format, store, base, 2);
    // The file is refused as not recorded (a second guard would refuse to overwrite it): named, untouched.
    assert.match(taken.stderr, new RegExp(`${next.replace(/[.]/g, '\\.')}:1:1: HISTORY_UNRECORDED: a migration the history does not record`));
    assert.match(taken.stderr, /nothing written/);
    assert.equal(read(base, next), '-- mine\n', 'the existing file is untouched');
    assert.deepEqual(listFiles(base), [...before, next].sort(), 'nothing else is written');
    rmSync(path.join(base, next));

    // A recorded file renamed: reported as removed (and its new name as not recorded).
    const recorded = before.find((f) => /^features\/(versions\/)?(0001_|V1__)/.test(f))!;
    const moved = recorded.replace('initial', 'initial_renamed');
    renameSync(path.join(base, recorded), path.join(base, moved));
    const renamed = await migrate(toDir, format, store, base, 2);
    // Reported at its line in metaxy.sum: the header, then the recorded files in order.
    const line = (JSON.parse(read(base, 'features/metaxy.state.json')) as { files: string[] }).files.indexOf(recorded.slice('features/'.length)) + 2;
    const removed = new RegExp(`features/metaxy\\.sum:${line}:1: HISTORY_REMOVED: .*${recorded.replace(/[.]/g, '\\.')} is missing \\(deleted or renamed\\)`);
    assert.match(renamed.stderr, removed);
    assert.match(renamed.stderr, new RegExp(`${moved.replace(/[.]/g, '\\.')}:1:1: HISTORY_UNRECORDED: `));
    const check = await runCli(['check', 'features', '--store', store, '--dir', base], toDir);
    assert.equal(check.code, 1);
    assert.match(check.stdout, removed);
    renameSync(path.join(base, moved), path.join(base, recorded));

    // A stray .sql file that no history records.
    writeFileSync(path.join(base, 'features', '9999_hand_written.sql'), 'SELECT 1;\n');
    const stray = await migrate(toDir, format, store, base, 2);
    assert.match(stray.stderr, /features\/9999_hand_written\.sql:1:1: HISTORY_(UNRECORDED|UNKNOWN_FILE): /);
    rmSync(path.join(base, 'features', '9999_hand_written.sql'));

    await migrate(toDir, format, store, base); // restored: the next migration is written
    assert.equal((await runCli(['check', 'features', '--store', store, '--dir', base], toDir)).code, 0);
  });
}

// SQLAlchemy's text(), which Alembic's op.execute() wraps a plain string in, reads `:name` as a
// bind parameter unless the colon follows a word character, a colon or a backslash (its
// _bind_params_regex); such a statement fails with "A value is required for bind parameter".
const SQLALCHEMY_BIND = /(?<![:\w\\]):(\w+)(?!:)/u;

test(
  'formats/alembic: no statement holds what SQLAlchemy text() reads as a bind parameter',
  async () => {
    const spec = `key: video/raw
id_columns: [video_id]
columns:
  video_id: string
  ratio: {type: string, default: "w :h", description: "Aspect ratio, as width :height"}
`;
    const cwd = project(spec);
    const dir = path.join(cwd, 'migrations');
    await migrate(cwd, 'alembic', 'postgres', dir);
    const py = readPython(path.join(dir, 'features', 'versions/0001_initial.py'));
    const lookalikes = [...(py.UPGRADE as string[]), ...(py.DOWNGRADE as string[])].filter((s) => SQLALCHEMY_BIND.test(s));
    assert.deepEqual(lookalikes, [], 'statements SQLAlchemy would read a bind parameter in');
  },
);
