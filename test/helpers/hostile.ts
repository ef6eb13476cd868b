import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli.js';
import { tempDir } from './temp.js';

// The hostile payloads and the slots of a spec, a config and a command line they go into
// (test/hostile.test.ts for SQL, test/hostile-python.test.ts for the generated Python).

/** PAYLOADS are the hostile texts, by label. */
export const PAYLOADS: Readonly<Record<string, string>> = {
  lf: 'x\nCOMMIT; DROP TABLE canary; --',
  cr: 'x\rDROP TABLE canary; --',
  crlf: 'x\r\nDROP TABLE canary;\r\n--',
  ls: 'x\u2028DROP TABLE canary; --',
  ps: 'x\u2029DROP TABLE canary; --',
  nel: 'x\u0085DROP TABLE canary; --',
  vtff: 'x\u000b\u000cDROP TABLE canary; --',
  esc: 'x\u001b[2J\u001b]0;title\u0007',
  del: 'x\u007fy',
  psql: 'x\n\\! touch PWNED\n--',
  psqlInline: 'x \\! touch PWNED \\g',
  psqlVars: ":'x' :\"y\" :z",
  quote: "x'; DROP TABLE canary; --",
  dquote: 'x"; DROP TABLE canary; --',
  backtick: 'x`; DROP TABLE canary; --',
  dollar: 'x$$; DROP TABLE canary; $$',
  block: 'x*/ DROP TABLE canary; /*',
  backslash: "x\\'; DROP TABLE canary; --\\",
  dbmate: 'x\n-- migrate:down\nDROP TABLE canary;',
  docstring: 'x"""\nimport os\n"""',
  percent: '%s %(x)s %%',
  bidi: 'x\u202eDROP TABLE canary\u202c',
  unicode: 'x😀é\u00a0',
  nul: 'x\u0000DROP TABLE canary',
  surrogate: 'x\ud800y',
  empty: '',
  long: 'l'.repeat(300),
};

/** Slot is a place a name or text of the user reaches output from. */
export type Slot = 'column' | 'index' | 'key' | 'tableDescription' | 'columnDescription' | 'default' | 'prefix' | 'store' | 'project' | 'slug';
/** SLOTS are every slot. */
export const SLOTS: readonly Slot[] = ['column', 'index', 'key', 'tableDescription', 'columnDescription', 'default', 'prefix', 'store', 'project', 'slug'];
/** Values are the payloads of some slots. */
export type Values = Partial<Record<Slot, string>>;
/** DIALECTS are the stores the payloads are run on. */
export const DIALECTS = { postgres: 'metaxy.ext.postgresql.PostgreSQLMetadataStore', duckdb: 'metaxy.ext.duckdb.DuckDBMetadataStore' } as const;
/** DialectName is a dialect of DIALECTS. */
export type DialectName = keyof typeof DIALECTS;

/** RAW_CONTROL is a control character that is not a line feed. */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\x00-\x09\x0b-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const COMMENT_UNSAFE = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const DIAGNOSTIC = /^[^\n]+:\d+:\d+: [A-Z_]+: [^\n]+$/;

const toml = (s: string) => JSON.stringify(s).replaceAll('\u007f', '\\u007f');

/** project writes the config and one feature (with or without its hostile column) into a fresh folder. */
export function project(dialect: DialectName, v: Values, withColumn: boolean): { dir: string; store: string } {
  const dir = tempDir('hostile');
  const store = v.store ?? 'db';
  const proj = v.project ?? 'p';
  writeFileSync(path.join(dir, 'metaxy.toml'), `project = ${toml(proj)}\n[stores.${toml(store)}]\ntype = "${DIALECTS[dialect]}"\n[stores.${toml(store)}.config]\ntable_prefix = ${toml(v.prefix ?? '')}\n`);
  const column = v.column ?? 'c';
  const spec = {
    key: v.key ?? 'h/t',
    project: proj,
    description: v.tableDescription ?? 'table',
    id_columns: ['id'],
    columns: { id: 'string', ...(withColumn ? { [column]: { type: 'string', description: v.columnDescription ?? 'column', default: v.default ?? 'v' } } : {}) },
    indexes: withColumn ? [{ columns: [column], name: v.index ?? 'named_idx' }] : [],
  };
  mkdirSync(path.join(dir, 'features'));
  writeFileSync(path.join(dir, 'features/f.json'), JSON.stringify(spec));
  return { dir, store };
}

/** assertSafeText checks an output: no raw control character but line ends, and nothing unsafe in a comment line. */
export function assertSafeText(text: string, what: string): void {
  assert.ok(!RAW_CONTROL.test(text), `${what} holds a raw control character`);
  for (const line of text.split('\n')) if (line.startsWith('--')) assert.ok(!COMMENT_UNSAFE.test(line), `${what}: comment line ${JSON.stringify(line)}`);
}

/** compile runs the create command; 'refused' when it exits 2 properly (and then nothing is written). */
export async function compile(dialect: DialectName, v: Values): Promise<string | 'refused'> {
  const { dir, store } = project(dialect, v, true);
  const r = await runCli(['features', '--store', store, '--out', 'out.sql'], dir);
  if (r.code === 2) {
    const lines = r.stderr.trimEnd().split('\n');
    for (const l of lines.slice(0, -1)) assert.match(l, DIAGNOSTIC);
    assert.equal(existsSync(path.join(dir, 'out.sql')), false, 'nothing written');
    return 'refused';
  }
  assert.equal(r.code, 0, r.stderr);
  const sql = readFileSync(path.join(dir, 'out.sql'), 'utf8');
  assertSafeText(sql, 'DDL');
  return sql;
}
