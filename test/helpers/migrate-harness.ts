import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createScript, loadInputs, resolveStore, type StoreSchema } from '../../src/compile.js';
import { zeroValue } from '../../src/diff/diff.js';
import type { SchemaState } from '../../src/ir/schema.js';
import type { Catalog, Engine } from '../engines/catalog.js';
import { runCli } from './cli.js';

/** storeSchema compiles a features folder for one store in-process. */
export async function storeSchema(cwd: string, features: string, store: string, env: Record<string, string> = {}): Promise<StoreSchema> {
  const inputs = await loadInputs({ featuresDir: features, cwd, env });
  assert.deepEqual(inputs.diagnostics, []);
  const { result, diagnostics } = resolveStore(inputs, { store, allProjects: false });
  assert.deepEqual(diagnostics, []);
  return result!;
}

/** migrate runs `metaxy-compile migrate` and returns the files it wrote (relative to dir), asserting its exit code. */
export async function migrate(cwd: string, features: string, store: string, dir: string, extra: readonly string[] = [], code = 0): Promise<string[]> {
  const r = await runCli(['migrate', features, '--store', store, '--dir', dir, ...extra], cwd);
  assert.equal(r.code, code, `${r.stderr}${r.stdout}`);
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith('wrote '))
    .map((l) => path.relative(dir, path.resolve(cwd, l.slice('wrote '.length))));
}

/** sortedCatalog orders columns by name: migrations may append columns where a fresh CREATE puts them elsewhere. */
export function sortedCatalog(c: Catalog): Catalog {
  return { tables: c.tables.map((t) => ({ ...t, columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)) })) };
}

/** catalogAfter resets the engine, runs the scripts in order and reads the catalog back (columns sorted). */
export async function catalogAfter(engine: Engine, scripts: readonly string[]): Promise<Catalog> {
  await engine.reset();
  for (const s of scripts) await engine.exec(s);
  return sortedCatalog(await engine.catalog());
}

/** createSql is the complete DDL of a store schema. */
export function createSql(s: StoreSchema): string {
  return createScript(s);
}

/** insertRows puts one row into every table of a schema, each column its type's zero value (or default). */
export function insertRows(s: StoreSchema, schema: SchemaState = s.schema): string {
  return schema.tables
    .map((t) => {
      const cols = t.columns.map((c) => s.dialect.ident(c.name)).join(', ');
      const vals = t.columns.map((c) => s.dialect.literal(c.default ?? zeroValue(c.type), c.type)).join(', ');
      return `INSERT INTO ${s.dialect.table(t.name, s.ctx)} (${cols}) VALUES (${vals});`;
    })
    .join('\n');
}

/** rowCounts counts the rows of each table. */
export async function rowCounts(engine: Engine, s: StoreSchema, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tables) {
    const rows = await engine.query(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${s.dialect.table(t, s.ctx)}`);
    out[t] = Number(rows[0]!.n);
  }
  return out;
}

/** read reads a file of a migrations folder. */
export function read(dir: string, name: string): string {
  return readFileSync(path.join(dir, name), 'utf8');
}
