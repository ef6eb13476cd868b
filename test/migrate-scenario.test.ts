import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { StoreSchema } from '../src/compile.js';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { listFiles, upFiles, zeroRows } from './helpers/engine-check.js';
import { catalogAfter, createSql, read, sortedCatalog, storeSchema } from './helpers/migrate-harness.js';
import { tempDir } from './helpers/temp.js';

// The acceptance scenario of the migrations issue, on a live database of each engine: a
// project evolves in seven realistic steps, each migrated on its own and applied to the same
// database, which holds rows inserted at every step. After each step the live catalog must
// equal a fresh create(current features) and every row inserted so far must still be there.
// Then `check` must notice drift (features edited without migrating) and a hand-edited
// migration file, and pass when in sync.

/** The features folder at each step: file -> YAML (null deletes the file); steps are cumulative. */
const STEPS: readonly { readonly title: string; readonly files: Readonly<Record<string, string | null>> }[] = [
  {
    title: '1 initial features with deps',
    files: {
      'video/raw.yaml': `key: video/raw
description: Raw videos as uploaded.
id_columns: [video_id]
columns:
  video_id: string
  path: {type: string, description: Object storage URI}
  fps: float32?
  size_bytes: int64?
`,
      'video/segment.yaml': `key: video/segment
description: Fixed-length segments of a video.
id_columns: [video_id, segment_id]
deps: [video/raw]
columns:
  video_id: string
  segment_id: int32
  start_s: decimal(10, 2)
  score: float64?
  legacy_label: string?
indexes:
  - {columns: [score]}
`,
      'audio/track.yaml': `key: audio/track
id_columns: [video_id]
deps: [video/raw]
fields: [waveform, language]
columns:
  video_id: string
  language: string
  sample_rate: {type: int32, default: 44100}
`,
    },
  },
  {
    title: '2 rename a feature and a column',
    files: {
      'video/segment.yaml': null,
      'video/chunk.yaml': `key: video/chunk
renamed_from: video/segment
description: Fixed-length segments of a video.
id_columns: [video_id, segment_id]
deps: [video/raw]
columns:
  video_id: string
  segment_id: int32
  start_s: decimal(10, 2)
  quality: {type: float64, nullable: true, renamed_from: score}
  legacy_label: string?
indexes:
  - {columns: [quality]}
`,
    },
  },
  {
    title: '3 add columns with defaults and indexes',
    files: {
      'video/raw.yaml': `key: video/raw
description: Raw videos as uploaded.
id_columns: [video_id]
columns:
  video_id: string
  path: {type: string, description: Object storage URI}
  fps: float32?
  size_bytes: int64?
  codec: {type: string, default: h264}
  tags: {type: "list<string>", default: []}
indexes:
  - {columns: [codec]}
`,
      'audio/track.yaml': `key: audio/track
id_columns: [video_id]
deps: [video/raw]
fields: [waveform, language]
columns:
  video_id: string
  language: string
  sample_rate: {type: int32, default: 44100}
  channels: {type: int16, default: 2, description: "Number of channels (it's 2 for stereo)"}
indexes:
  - {columns: [language], name: audio_track_language}
`,
    },
  },
  {
    title: '4 widen a decimal',
    files: {
      'video/chunk.yaml': `key: video/chunk
renamed_from: video/segment
description: Fixed-length segments of a video.
id_columns: [video_id, segment_id]
deps: [video/raw]
columns:
  video_id: string
  segment_id: int32
  start_s: decimal(12, 3)
  quality: {type: float64, nullable: true, renamed_from: score}
  legacy_label: string?
indexes:
  - {columns: [quality]}
`,
    },
  },
  {
    title: '5 relax NOT NULL',
    files: {
      'audio/track.yaml': `key: audio/track
id_columns: [video_id]
deps: [video/raw]
fields: [waveform, language]
columns:
  video_id: string
  language: string?
  sample_rate: {type: int32, default: 44100}
  channels: {type: int16, default: 2, description: "Number of channels (it's 2 for stereo)"}
indexes:
  - {columns: [language], name: audio_track_language}
`,
    },
  },
  {
    title: '6 add a dependent feature',
    files: {
      'audio/transcript.json': `${JSON.stringify(
        {
          key: ['audio', 'transcript'],
          description: 'Speech to text of an audio track.',
          id_columns: ['video_id'],
          deps: [{ feature: 'audio/track' }],
          fields: [{ key: 'text', code_version: '2' }],
          columns: {
            video_id: 'string',
            text: 'string',
            words: { type: 'list<struct<word: string, start_s: float32, end_s: float32>>', nullable: true },
          },
        },
        null,
        2,
      )}\n`,
    },
  },
  {
    title: '7 drop a column',
    files: {
      'video/chunk.yaml': `key: video/chunk
renamed_from: video/segment
description: Fixed-length segments of a video.
id_columns: [video_id, segment_id]
deps: [video/raw]
columns:
  video_id: string
  segment_id: int32
  start_s: decimal(12, 3)
  quality: {type: float64, nullable: true, renamed_from: score}
indexes:
  - {columns: [quality]}
`,
    },
  },
];

/** LIVES are the tables whose rows are followed: their name at each step and the step they appear. */
const LIVES: readonly { readonly table: (step: number) => string; readonly since: number; readonly column: string }[] = [
  { table: () => 'metaxy_system__feature_versions', since: 1, column: 'project' },
  { table: () => 'metaxy_system__events', since: 1, column: 'project' },
  { table: () => 'video__raw', since: 1, column: 'metaxy_provenance' },
  { table: (k) => (k >= 2 ? 'video__chunk' : 'video__segment'), since: 1, column: 'metaxy_provenance' },
  { table: () => 'audio__track', since: 1, column: 'metaxy_provenance' },
  { table: () => 'audio__transcript', since: 6, column: 'metaxy_provenance' },
];

const toml = (keys: boolean) => `project = "demo"

[stores.postgres]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"
config = { connection_string = "postgresql://localhost/media" }

[stores.duckdb]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
config = { database = "media.duckdb" }

[ext.compile]
inject_primary_key = ${keys}
inject_index = ${keys}
`;

interface Variant {
  readonly store: 'postgres' | 'duckdb';
  /** inject_primary_key and inject_index. */
  readonly keys: boolean;
}

const VARIANTS: readonly Variant[] = [
  { store: 'postgres', keys: true },
  { store: 'duckdb', keys: true },
  // The same scenario on DuckDB without injected keys: the in-place ALTER path rather than rebuilds.
  { store: 'duckdb', keys: false },
];

/** live and scratch engines of each kind: the scenario's database, and one for fresh creates. */
const engines: Record<string, { live: Engine; scratch: Engine }> = {};
before(async () => {
  engines.postgres = { live: await openPostgres(), scratch: await openPostgres() };
  engines.duckdb = { live: await openDuckDB(), scratch: await openDuckDB() };
});
after(async () => {
  for (const e of Object.values(engines)) {
    await e.live.close();
    await e.scratch.close();
  }
});

function writeStep(root: string, step: number): void {
  for (const s of STEPS.slice(0, step)) {
    for (const [file, text] of Object.entries(s.files)) {
      const p = path.join(root, 'features', file);
      if (text === null) rmSync(p, { force: true });
      else {
        mkdirSync(path.dirname(p), { recursive: true });
        writeFileSync(p, text);
      }
    }
  }
}

async function tagsOf(engine: Engine, s: StoreSchema, table: string, column: string): Promise<string[]> {
  const rows = await engine.query(`SELECT ${s.dialect.ident(column)} AS v FROM ${s.dialect.table(table, s.ctx)} ORDER BY 1`);
  return rows.map((r) => String(r.v));
}

const tags = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => `r${from + i}`);

for (const v of VARIANTS) {
  const name = `migrate scenario on ${v.store}${v.keys ? ' (inject_primary_key, inject_index)' : ' (no injected keys)'}`;
  test(name, async () => {
    const { live, scratch } = engines[v.store]!;
    await live.reset();
    const root = tempDir('scenario');
    writeFileSync(path.join(root, 'metaxy.toml'), toml(v.keys));
    mkdirSync(path.join(root, 'migrations')); // an empty folder is "from nothing" (a missing one is an error for check)
    const cli = (...args: string[]) => runCli(args, root);
    const migrateArgs = ['migrate', 'features', '--store', v.store, '--dir', 'migrations'];
    const checkArgs = ['check', 'features', '--store', v.store, '--dir', 'migrations'];

    for (let k = 1; k <= STEPS.length; k++) {
      const at = `step ${STEPS[k - 1]!.title}`;
      writeStep(root, k);
      const drift = await cli(...checkArgs);
      assert.equal(drift.code, 1, `${at}: check sees the step's changes before they are migrated:\n${drift.stdout}${drift.stderr}`);
      assert.match(drift.stdout, /migrations\/features: pending: /, at);
      const before = listFiles(path.join(root, 'migrations'));

      if (k === STEPS.length) {
        // Dropping a column is destructive: refused without --allow-destructive, nothing written.
        const refused = await cli(...migrateArgs);
        assert.equal(refused.code, 3, `${at}: ${refused.stderr}`);
        assert.equal(
          refused.stderr,
          'features/video/chunk.yaml:1:1: drop-column: drops column "legacy_label" of "video__chunk" and its data\n' +
            '1 destructive change; nothing written; rerun with --allow-destructive to write them.\n',
        );
        assert.deepEqual(listFiles(path.join(root, 'migrations')), before, `${at}: a refused migrate writes nothing`);
        const json = await cli(...migrateArgs, '--json');
        assert.equal(json.code, 3, `${at}: ${json.stderr}`);
        const plan = JSON.parse(json.stdout) as { refused: boolean; streams: Record<string, { changes: { kind: string; detail: string }[]; hazards: unknown[]; files: unknown[] }> };
        assert.equal(plan.refused, true);
        assert.deepEqual(plan.streams.system, { changes: [], hazards: [], files: [] });
        const features = plan.streams.features!;
        // The planned changes: the drop, and on DuckDB the index lifted around it.
        assert.deepEqual(
          features.changes.filter((c) => !(c.kind.endsWith('Index') && c.detail === 'video__chunk_quality_idx')),
          [{ kind: 'DropColumn', table: 'video__chunk', detail: 'legacy_label' }],
        );
        assert.deepEqual(features.hazards, [
          { kind: 'drop-column', message: 'drops column "legacy_label" of "video__chunk" and its data', at: 'features/video/chunk.yaml:1:1', blocking: false },
        ]);
        assert.deepEqual(features.files, []);
        assert.deepEqual(listFiles(path.join(root, 'migrations')), before, `${at}: --json of a refused plan writes nothing`);
      }
      const r = await cli(...migrateArgs, ...(k === STEPS.length ? ['--allow-destructive'] : []));
      assert.equal(r.code, 0, `${at}: ${r.stderr}${r.stdout}`);
      const written = listFiles(path.join(root, 'migrations')).filter((f) => !before.includes(f));
      const n = String(k).padStart(4, '0');
      assert.ok(written.some((f) => f.startsWith(`features/${n}_`) && f.endsWith('.down.sql')), `${at}: wrote ${written.join(', ')}`);
      assert.equal(written.some((f) => f.startsWith('system/')), k === 1, `${at}: the system stream is written once: ${written.join(', ')}`);
      const again = await cli(...migrateArgs);
      assert.equal(again.stdout, 'no changes: nothing written\n', `${at}: migrating again writes nothing`);
      assert.equal((await cli(...checkArgs)).code, 0, `${at}: check passes once migrated`);

      for (const f of upFiles(written)) await live.exec(read(path.join(root, 'migrations'), f)).catch((e: Error) => assert.fail(`${at}: ${f}: ${e.message}`));
      const s = await storeSchema(root, 'features', v.store);
      assert.deepEqual(sortedCatalog(await live.catalog()), await catalogAfter(scratch, [createSql(s)]), `${at}: live catalog == create(current features)`);
      for (const l of LIVES.filter((x) => x.since <= k)) {
        assert.deepEqual(await tagsOf(live, s, l.table(k), l.column), tags(l.since, k - 1), `${at}: rows of ${l.table(k)} are intact`);
      }
      await live.exec(zeroRows(s, `r${k}`));
    }

    // check: in sync, then drift in the features, then a hand-edited migration file.
    const ok = await cli(...checkArgs);
    assert.deepEqual([ok.code, ok.stdout], [0, 'up to date: the migrations hold every change of the features\n']);
    const raw = path.join(root, 'features/video/raw.yaml');
    const rawText = readFileSync(raw, 'utf8');
    writeFileSync(raw, rawText.replace('  fps: float32?\n', '  fps: float32?\n  bitrate: int32?\n'));
    const drift = await cli(...checkArgs);
    assert.equal(drift.code, 1, drift.stderr);
    assert.match(drift.stdout, /^migrations\/features: pending: AddColumn video__raw bitrate$/m);
    writeFileSync(raw, rawText);
    assert.equal((await cli(...checkArgs)).code, 0, 'in sync again');

    const old = path.join(root, 'migrations/features/0001_initial.sql');
    const oldText = readFileSync(old, 'utf8');
    appendFileSync(old, '-- tuned by hand\n');
    const edited = await cli(...checkArgs);
    assert.equal(edited.code, 1, edited.stderr);
    assert.match(edited.stdout, /^migrations\/features\/metaxy\.sum:2:1: HISTORY_EDITED: migrations\/features\/0001_initial\.sql changed since it was recorded/m);
    writeFileSync(old, oldText);
    assert.equal((await cli(...checkArgs)).code, 0, 'in sync once the file is restored');
    rmSync(root, { recursive: true, force: true });
  });
}
