import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import type { Engine } from './engines/catalog.js';
import { openDuckDB } from './engines/duckdb.js';
import { openPostgres, psqlBin, type PostgresEngine } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { listFiles, upFiles } from './helpers/engine-check.js';
import { runPython } from './helpers/python.js';
import { assertSafeText, compile, DIALECTS, PAYLOADS, project, SLOTS, type DialectName, type Values } from './helpers/hostile.js';
import { tempDir } from './helpers/temp.js';

// Every name-bearing slot of a spec, a config and the command line gets every hostile payload.
// A slot either refuses it (exit 2, only `file:line:col: CODE: message` lines, nothing written)
// or accepts it; the accepting slots of each payload are combined into one project, whose DDL
// and migrations run on PostgreSQL (through the driver and through `psql -f`, where backslash
// meta-commands would run) and DuckDB beside a canary table: the canary survives, no command
// ran, and every accepted name, comment and default reads back from the catalog exactly.

/** migrations writes the history from nothing to the feature without, then with, its hostile column; returns the up files in order. */
async function migrations(dialect: DialectName, v: Values, format: string): Promise<{ dir: string; files: string[] }> {
  const before = project(dialect, v, false);
  const after = project(dialect, v, true);
  const dir = path.join(after.dir, 'migrations');
  for (const [p, extra] of [[before, []], [after, ['--name', v.slug ?? 'add']]] as const) {
    const r = await runCli(['migrate', 'features', '--store', p.store, '--dir', dir, '--format', format, ...extra], p.dir);
    assert.equal(r.code, 0, r.stderr);
  }
  return { dir, files: listFiles(dir) };
}

const CANARY = 'CREATE TABLE canary (x INT); INSERT INTO canary VALUES (1);';

async function assertCanary(engine: Engine): Promise<void> {
  const rows = await engine.query('SELECT count(*) AS n FROM canary');
  assert.equal(Number(rows[0]!.n), 1, 'the canary survives');
}

/** assertReadBack finds the feature table in the catalog and compares every accepted name and text exactly. */
async function assertReadBack(engine: Engine, v: Values): Promise<void> {
  const key = v.key ?? 'h/t';
  const table = (v.prefix ?? '') + key.split('/').map((p) => p.replaceAll('-', '_')).join('__');
  const t = (await engine.catalog()).tables.find((x) => x.name === table);
  assert.ok(t, `table ${JSON.stringify(table)} exists`);
  assert.equal(t.comment, (v.tableDescription ?? 'table') || null);
  const c = t.columns.find((x) => x.name === (v.column ?? 'c'));
  assert.ok(c, `column ${JSON.stringify(v.column)} exists`);
  assert.equal(c.comment, (v.columnDescription ?? 'column') || null);
  assert.ok(t.indexes.some((i) => i.name === (v.index ?? 'named_idx')), `index ${JSON.stringify(v.index)} exists`);
  const [row] = await engine.query(`SELECT ${c.default} AS v`);
  assert.equal(row!.v, v.default ?? 'v');
}

/** psql runs a file through `psql -f` (meta-commands included) in an empty folder: nothing may run but SQL. */
function psql(pg: PostgresEngine, file: string): void {
  const cwd = tempDir('psql');
  const r = spawnSync(psqlBin()!, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', ...pg.psqlArgs!, '-f', file], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(existsSync(path.join(cwd, 'PWNED')), false, 'no shell command ran');
}

/** Revision is an Alembic revision written for hostile names, with what Python must read from it. */
interface Revision {
  readonly file: string;
  readonly store: string;
  readonly plain: string;
}

async function alembicRevisions(dialect: DialectName, v: Values, plain: string): Promise<Revision[]> {
  const history = await migrations(dialect, v, 'alembic');
  // The revisions, and each stream's env.py, which names the store in a literal.
  return history.files.filter((f) => /\/(\d{4}_.*|env)\.py$/.test(f)).map((f) => ({ file: path.join(history.dir, f), store: v.store ?? 'db', plain }));
}

/**
 * assertRevisions has Python parse every revision and env.py: its docstring names the store
 * exactly as configured (nothing escaped out of it), env.py's STORE is the store's name, and
 * every statement of UPGRADE is one of the plain SQL files' statements (once SQLAlchemy's `\:`
 * escape is read back).
 */
function assertRevisions(revisions: readonly Revision[]): void {
  assert.ok(revisions.length >= Object.keys(PAYLOADS).length, 'a revision per payload');
  const script = `
import ast, json, sys
out = []
for path in json.load(open(sys.argv[1], encoding="utf-8")):
    mod = ast.parse(open(path, encoding="utf-8").read())
    if path.endswith("env.py"):
        store = next(ast.literal_eval(n.value) for n in mod.body if isinstance(n, ast.Assign) and n.targets[0].id == "STORE")
        out.append({"doc": ast.get_docstring(mod, clean=False), "upgrade": [], "store": store})
        continue
    ns = {}
    exec(compile(mod, path, "exec"), {"__name__": "revision"}, ns)
    out.append({"doc": ast.get_docstring(mod, clean=False), "upgrade": ns["UPGRADE"]})
print(json.dumps(out))
`;
  const list = path.join(tempDir('alembic-list'), 'files.json');
  writeFileSync(list, JSON.stringify(revisions.map((r) => r.file)));
  const r = runPython(script, [list], { env: { PYTHONPATH: stubAlembic() } });
  assert.equal(r.status, 0, r.stderr);
  const parsed = JSON.parse(r.stdout) as { doc: string; upgrade: string[]; store?: string }[];
  parsed.forEach((p, i) => {
    assert.ok(p.doc.includes(`store "${revisions[i]!.store}"`), `${revisions[i]!.file}: the docstring names the store exactly`);
    if (p.store !== undefined) assert.equal(p.store, revisions[i]!.store, `${revisions[i]!.file}: STORE is the store's name exactly`);
    for (const statement of p.upgrade) assert.ok(revisions[i]!.plain.includes(statement.replaceAll('\\:', ':')), statement);
  });
}

/** stubAlembic is a folder with a stand-in `alembic` package (op.execute only): the revisions are parsed and their module run, not migrated. */
function stubAlembic(): string {
  const dir = tempDir('alembic-stub');
  mkdirSync(path.join(dir, 'alembic'));
  writeFileSync(path.join(dir, 'alembic/__init__.py'), 'class op:\n    @staticmethod\n    def execute(sql):\n        pass\n');
  return dir;
}

const engines = { postgres: await openPostgres(), duckdb: await openDuckDB() };
after(async () => {
  await engines.postgres.close();
  await engines.duckdb.close();
});

for (const dialect of Object.keys(DIALECTS) as DialectName[]) {
  test(`hostile payloads in every slot, ${dialect}: refused with positions, or run exactly as declared`, async () => {
    const engine: Engine = engines[dialect];
    const viaPsql = dialect === 'postgres' && engines.postgres.psqlArgs !== null && psqlBin() !== null;
    const revisions: Revision[] = [];
    for (const [label, payload] of Object.entries(PAYLOADS)) {
      const accepted: Values = {};
      for (const slot of SLOTS) {
        const sql = await compile(dialect, { [slot]: payload });
        if (sql !== 'refused') accepted[slot] = payload;
      }
      // What no engine can hold is refused in every slot that reaches SQL.
      if (label === 'nul' || label === 'surrogate') for (const s of ['column', 'index', 'tableDescription', 'columnDescription', 'default', 'prefix'] as const) assert.equal(accepted[s], undefined, `${label} in ${s}`);
      const sql = await compile(dialect, accepted);
      assert.notEqual(sql, 'refused', `${label}: the accepted slots together compile`);
      await engine.reset();
      await engine.exec(CANARY);
      if (viaPsql) {
        const file = path.join(tempDir('psql-ddl'), 'ddl.sql');
        writeFileSync(file, sql as string);
        psql(engines.postgres, file);
      } else await engine.exec(sql as string);
      await assertCanary(engine);
      await assertReadBack(engine, accepted);
      const history = await migrations(dialect, accepted, 'plain');
      await engine.reset();
      await engine.exec(CANARY);
      for (const f of upFiles(history.files)) {
        const text = readFileSync(path.join(history.dir, f), 'utf8');
        assertSafeText(text, f);
        if (viaPsql) psql(engines.postgres, path.join(history.dir, f));
        else await engine.exec(text);
      }
      await assertCanary(engine);
      await assertReadBack(engine, accepted);
      const plain = upFiles(history.files).map((f) => readFileSync(path.join(history.dir, f), 'utf8')).join('\n');
      revisions.push(...(await alembicRevisions(dialect, accepted, plain)));
    }
    assertRevisions(revisions);
    if (dialect === 'postgres') assert.ok(viaPsql || engines.postgres.kind === 'pglite', 'a PostgreSQL server runs the files through psql');
  });
}
