import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loadConfig } from '../../src/config/load.js';
import { optionsFor } from '../../src/config/options.js';
import { selectStore } from '../../src/config/store.js';
import { renderDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { tempDir } from '../helpers/temp.js';

function tree(files: Record<string, string>): string {
  const root = tempDir('config');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

const DUCK = 'type = "metaxy.ext.duckdb.DuckDBMetadataStore"';

test('metaxy.toml is found in a parent directory, and metaxy.toml wins over pyproject.toml', () => {
  const root = tree({
    'metaxy.toml': `project = "a"\n[stores.dev]\n${DUCK}\n`,
    'pyproject.toml': '[tool.metaxy]\nproject = "b"\n',
    'x/y/.keep': '',
  });
  const { config, diagnostics } = loadConfig({ cwd: path.join(root, 'x/y'), env: {} });
  assert.deepEqual(diagnostics, []);
  assert.equal(config.project, 'a');
  assert.equal(config.store, 'dev');
});

test('pyproject.toml [tool.metaxy] is read when no metaxy.toml exists', () => {
  const root = tree({ 'pyproject.toml': `[project]\nname = "x"\n[tool.metaxy]\nproject = "b"\nstore = "s"\n[tool.metaxy.stores.s]\n${DUCK}\n` });
  const { config } = loadConfig({ cwd: root, env: {} });
  assert.equal(config.project, 'b');
  assert.equal(selectStore(config, undefined).store?.dialect, 'duckdb');
});

test('METAXY_ env overrides nest with __ and ${VAR} / ${VAR:-default} expand', () => {
  const root = tree({
    'metaxy.toml': `project = "\${PROJ:-fallback}"\n[stores.prod]\ntype = "metaxy.ext.postgresql.PostgreSQLMetadataStore"\n[stores.prod.config]\nconnection_string = "\${PG_URL}"\ntable_prefix = "dev_"\n`,
  });
  const env = { METAXY_STORES__PROD__CONFIG__TABLE_PREFIX: 'prod_', METAXY_STORE: 'prod', PG_URL: 'postgresql://x' };
  const { config, diagnostics } = loadConfig({ cwd: root, env });
  assert.deepEqual(diagnostics, []);
  assert.equal(config.project, 'fallback');
  assert.equal(config.stores.prod!.config.connection_string, 'postgresql://x');
  const { store } = selectStore(config, undefined);
  assert.equal(store?.tablePrefix, 'prod_');
  assert.equal(store?.dialect, 'postgres');
  assert.equal(loadConfig({ cwd: root, env: { PROJ: 'set' } }).config.project, 'set');
});

test('[ext.compile] options, per-store overrides, and unknown options', () => {
  const root = tree({
    'metaxy.toml': `[stores.ch]\ntype = "metaxy.ext.clickhouse.ClickHouseMetadataStore"\n[ext.compile]\ninject_index = true\nby_field = "struct"\n[ext.compile.stores.ch]\ncluster = "main"\n`,
  });
  const { config, diagnostics } = loadConfig({ cwd: root, env: { METAXY_EXT__COMPILE__INJECT_PRIMARY_KEY: 'true' } });
  assert.deepEqual(diagnostics, []);
  assert.equal(config.compile.global.injectPrimaryKey, true);
  assert.equal(optionsFor(config.compile, 'ch').cluster?.name, 'main');
  assert.equal(optionsFor(config.compile, 'ch').byField, 'struct');
  assert.equal(optionsFor(config.compile, 'other').cluster, null);
  const bad = tree({ 'metaxy.toml': '[ext.compile]\ninject_pk = true\nby_field = "list"\n' });
  const msgs = loadConfig({ cwd: bad, env: {} }).diagnostics.map(renderDiagnostic);
  assert.deepEqual(msgs, [
    'metaxy.toml:2:1: CONFIG_INVALID: [ext.compile] inject_pk is not a known option (known: inject_primary_key, inject_index, by_field, cluster, distributed, zookeeper_path)',
    'metaxy.toml:3:1: CONFIG_INVALID: [ext.compile] by_field must be "map", "json" or "struct"',
  ]);
});

test('store types: current and legacy paths, non-SQL stores and unknown stores', () => {
  const root = tree({
    'metaxy.toml': [
      '[stores.a]\ntype = "metaxy.metadata_store.duckdb.DuckDBMetadataStore"',
      '[stores.b]\ntype = "metaxy.ext.metadata_stores.duckdb.DuckDBMetadataStore"',
      '[stores.c]\ntype = "metaxy.ext.bigquery.BigQueryMetadataStore"\nconfig = { project_id = "p", dataset_id = "ds" }',
      '[stores.lake]\ntype = "metaxy.ext.delta.DeltaMetadataStore"',
      '[stores.odd]\ntype = "my.own.Store"',
    ].join('\n'),
  });
  const { config } = loadConfig({ cwd: root, env: {} });
  assert.equal(selectStore(config, 'a').store?.dialect, 'duckdb');
  assert.equal(selectStore(config, 'b').store?.dialect, 'duckdb');
  assert.equal(selectStore(config, 'c').store?.dataset, 'ds');
  const msg = (name: string) => selectStore(config, name).diagnostics.map(renderDiagnostic).join('\n');
  assert.equal(msg('lake'), 'metaxy.toml:8:1: STORE_NOT_SQL: store "lake" (metaxy.ext.delta.DeltaMetadataStore) has no SQL dialect: it cannot be compiled to DDL');
  assert.equal(msg('odd'), 'metaxy.toml:10:1: UNKNOWN_STORE_TYPE: store "odd" has unknown type "my.own.Store"');
  assert.equal(msg('nope'), 'metaxy.toml:1:1: UNKNOWN_STORE: unknown store "nope" (stores: a, b, c, lake, odd)');
});

test('a TOML syntax error is reported with its line and column', () => {
  const root = tree({ 'metaxy.toml': 'project = "a"\nstore = \n' });
  const msgs = loadConfig({ cwd: root, env: {} }).diagnostics.map(renderDiagnostic);
  assert.equal(msgs.length, 1);
  assert.match(msgs[0]!, /^metaxy\.toml:2:\d+: CONFIG_SYNTAX: /);
});

test('extend chains config files; the child wins; METAXY_CONFIG names the file', () => {
  const root = tree({
    'base.toml': `project = "base"\nhash_truncation_length = 12\n[stores.dev]\n${DUCK}\n`,
    'conf/child.toml': 'extend = "../base.toml"\nproject = "child"\n',
  });
  const { config, diagnostics } = loadConfig({ cwd: root, env: { METAXY_CONFIG: 'conf/child.toml' } });
  assert.deepEqual(diagnostics, []);
  assert.equal(config.project, 'child');
  assert.equal(config.hashTruncationLength, 12);
  assert.ok(config.stores.dev);
});
