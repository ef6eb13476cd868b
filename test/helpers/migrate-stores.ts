import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { GoldenCase } from './cases.js';
import { runCli } from './cli.js';
import { tempDir } from './temp.js';

// The golden/migrate cases are pinned for PostgreSQL and DuckDB; ClickHouse and BigQuery tests
// run the same from/ -> to/ steps through the real `migrate` command on a copy of each case whose
// metaxy.toml files also name these stores.
const STORES = `
[stores.clickhouse]
type = "metaxy.ext.clickhouse.ClickHouseMetadataStore"
[stores.clickhouse_cluster]
type = "metaxy.ext.clickhouse.ClickHouseMetadataStore"
[stores.bigquery]
type = "metaxy.ext.bigquery.BigQueryMetadataStore"
[stores.bigquery.config]
project_id = "demo-project"
dataset_id = "metaxy"
[ext.compile.stores.clickhouse_cluster]
cluster = "main"
`;

/** MigrationRun is what two `migrate` runs (from/, then to/) wrote or refused. */
export interface MigrationRun {
  /** The copied case folder (from/ and to/ inside). */
  readonly dir: string;
  /** SQL of the first migration (system stream first), which creates the from-schema. */
  readonly first: readonly string[];
  /** The second migration of the features stream, or null when migrate refused it. */
  readonly up: string | null;
  readonly down: string | null;
  /** migrate's exit code and messages for the second run. */
  readonly code: number;
  readonly stderr: string;
}

/** copyWithStores copies a migrate case and adds the ClickHouse and BigQuery stores to every metaxy.toml in it. */
export function copyWithStores(c: GoldenCase): string {
  const dir = tempDir(`${c.name}`);
  cpSync(c.dir, dir, { recursive: true });
  for (const f of ['metaxy.toml', 'from/metaxy.toml', 'to/metaxy.toml'].map((x) => path.join(dir, x))) {
    if (existsSync(f) && !readFileSync(f, 'utf8').includes('[stores.clickhouse]')) writeFileSync(f, readFileSync(f, 'utf8') + STORES);
  }
  return dir;
}

/** migrateCase writes the first migration from from/ and the second from to/ for one store. */
export async function migrateCase(c: GoldenCase, store: string): Promise<MigrationRun> {
  const dir = copyWithStores(c);
  const out = path.join(dir, 'migrations');
  const run = (side: string) => runCli(['migrate', 'features', '--store', store, '--dir', out, ...c.args], path.join(dir, side));
  const wrote = (stdout: string) =>
    stdout
      .split('\n')
      .filter((l) => l.startsWith('wrote ') && l.endsWith('.sql'))
      .map((l) => l.slice('wrote '.length));
  const a = await run('from');
  if (a.code !== 0) throw new Error(`first migrate of ${c.name}/${store} failed: ${a.stderr}`);
  const first = wrote(a.stdout)
    .filter((f) => !f.endsWith('.down.sql'))
    .sort((x, y) => Number(x.includes('features')) - Number(y.includes('features')))
    .map((f) => readFileSync(path.resolve(dir, 'from', f), 'utf8'));
  const b = await run('to');
  const second = wrote(b.stdout).map((f) => path.resolve(dir, 'to', f));
  const pick = (down: boolean) => {
    const f = second.find((x) => /0002_/.test(x) && x.endsWith('.down.sql') === down);
    return f === undefined ? null : readFileSync(f, 'utf8');
  };
  return { dir, first, up: pick(false), down: pick(true), code: b.code, stderr: b.stderr };
}
