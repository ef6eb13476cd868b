import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli, type CliResult } from './cli.js';
import { tempDir } from './temp.js';

/** HISTORY_TOML is a project with a PostgreSQL and a DuckDB store, for the migrations-folder tests. */
export const HISTORY_TOML = `project = "demo"

[stores.pg]
type = "metaxy.ext.postgresql.PostgreSQLMetadataStore"

[stores.duck]
type = "metaxy.ext.duckdb.DuckDBMetadataStore"
`;

/** FEATURES are small feature sets, each the next version of the one before (a column, then a table). */
export const FEATURES = {
  one: `key: video/raw
id_columns: [video_id]
columns:
  video_id: string
  path: string
`,
  two: `key: video/raw
id_columns: [video_id]
columns:
  video_id: string
  path: string
  fps: float32?
`,
  three: `key: video/raw
id_columns: [video_id]
columns:
  video_id: string
  path: string
  fps: float32?
---
key: video/clip
id_columns: [video_id]
deps: [video/raw]
columns:
  video_id: string
  start: int64
`,
} as const;

/** historyProject makes a project folder with metaxy.toml and `features-<name>/video.yaml` for every feature set. */
export function historyProject(prefix: string): string {
  const dir = tempDir(prefix);
  writeFileSync(path.join(dir, 'metaxy.toml'), HISTORY_TOML);
  for (const [name, text] of Object.entries(FEATURES)) {
    mkdirSync(path.join(dir, `features-${name}`));
    writeFileSync(path.join(dir, `features-${name}`, 'video.yaml'), text);
  }
  return dir;
}

/** copyProject copies a project folder into a fresh temporary one. */
export function copyProject(from: string, prefix: string): string {
  const dir = tempDir(prefix);
  cpSync(from, dir, { recursive: true });
  return dir;
}

/**
 * folderContents is everything under a folder, hidden files and empty folders included
 * (`name/` for a folder): two runs leave the same folder exactly when these are equal.
 */
export function folderContents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    let list;
    try {
      list = readdirSync(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of list) {
      const p = path.join(rel, d.name);
      if (d.isDirectory()) {
        out[`${p}/`] = '';
        walk(p);
      } else out[p] = readFileSync(path.join(dir, p), 'utf8');
    }
  };
  walk('');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** cli runs the CLI in-process in a project folder. */
export const cli = (cwd: string, ...argv: string[]): Promise<CliResult> => runCli(argv, cwd);

/** SpawnResult is how a separate CLI process ended. */
export interface SpawnResult extends CliResult {
  readonly signal: NodeJS.Signals | null;
}

/** spawnCli runs a built CLI (main.js) as a separate process, with `node` flags before it, extra environment, as another user. */
export function spawnCli(main: string, cwd: string, argv: readonly string[], opts: { node?: readonly string[]; env?: Record<string, string>; uid?: number } = {}): Promise<SpawnResult> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', METAXYC_CACHE: 'off', ...opts.env };
    const user = opts.uid === undefined ? {} : { uid: opts.uid, gid: opts.uid };
    const child = spawn(process.execPath, [...(opts.node ?? []), main, ...argv], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], ...user });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}
