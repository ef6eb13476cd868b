import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { sqlString } from '../src/emit/statement.js';
import { openPostgres, postgresKind, type PostgresEngine } from './engines/postgres.js';
import { runCli } from './helpers/cli.js';
import { compile, PAYLOADS, project, RAW_CONTROL, SLOTS, type Values } from './helpers/hostile.js';
import { runPython } from './helpers/python.js';
import { tempDir } from './helpers/temp.js';

// The generated Python of hostile projects, on PostgreSQL (the store SQLAlchemy describes): for
// each payload, the slots that accept it (as test/hostile.test.ts finds them) go into one
// project. Its `sqlalchemy` module and `sqlmodel` package hold no raw control character and run
// in Python; the module's metadata holds every accepted name, comment and default exactly (and
// Alembic finds nothing to do against the project's DDL on a real PostgreSQL), its docstring
// names the store and project exactly; the package's classes carry the accepted key,
// description, project and column names exactly.
const SQLALCHEMY_CHECK = new URL('helpers/sqlalchemy-check.py', import.meta.url).pathname;
const SQLMODEL_CHECK = new URL('helpers/sqlmodel-check.py', import.meta.url).pathname;

const engines: PostgresEngine[] = [];
after(async () => {
  for (const e of engines) await e.close();
});

/** READ_MODULES prints what Python reads from each module: its docstring, tables, columns, comments, defaults and indexes. */
const READ_MODULES = `
import importlib.util, json, sys
out = []
for n, path in enumerate(json.load(open(sys.argv[1], encoding="utf-8"))):
    spec = importlib.util.spec_from_file_location(f"m{n}", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    tables = {t.name: {"comment": t.comment, "indexes": sorted(i.name for i in t.indexes),
                       "columns": {c.name: [c.comment, c.server_default.arg.name if c.server_default else None] for c in t.columns}}
              for t in m.metadata.tables.values()}
    out.append({"doc": m.__doc__, "tables": tables})
print(json.dumps(out))
`;

interface Project {
  readonly label: string;
  readonly v: Values;
  readonly module: string;
  readonly pkg: string;
  readonly db: PostgresEngine;
}

/** python runs a script on a JSON list of paths and returns what it printed, parsed. */
function python<T>(script: string, args: readonly string[]): T {
  const r = runPython(script, args);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

test('hostile payloads: the sqlalchemy module and the sqlmodel package hold every accepted name and text exactly', { skip: postgresKind() === 'pglite' && 'PGlite has no server for Python to connect to' }, async () => {
  const projects: Project[] = [];
  for (const [label, payload] of Object.entries(PAYLOADS)) {
    const v: Values = {};
    for (const slot of SLOTS) if ((await compile('postgres', { [slot]: payload })) !== 'refused') v[slot] = payload;
    const { dir, store } = project('postgres', v, true);
    for (const args of [['sqlalchemy', 'features', '--store', store, '--out', 'm.py'], ['sqlmodel', 'features', '--out', 'pkg'], ['features', '--store', store, '--out', 'ddl.sql']]) {
      const r = await runCli(args, dir);
      assert.equal(r.code, 0, `${label} ${args[0]}: ${r.stderr}`);
    }
    const [module, pkg] = [path.join(dir, 'm.py'), path.join(dir, 'pkg')];
    for (const file of [module, path.join(pkg, '__init__.py')]) assert.ok(!RAW_CONTROL.test(readFileSync(file, 'utf8')), `${label}: ${file} holds a raw control character`);
    const db = await openPostgres();
    engines.push(db);
    await db.exec(readFileSync(path.join(dir, 'ddl.sql'), 'utf8'));
    projects.push({ label, v, module, pkg, db });
  }
  const list = tempDir('hostile-py');
  writeFileSync(path.join(list, 'modules.json'), JSON.stringify(projects.map((p) => p.module)));
  writeFileSync(path.join(list, 'jobs.json'), JSON.stringify(projects.map((p) => ({ module: p.module, compare: p.db.url!.replace(/^postgresql:/, 'postgresql+psycopg2:') }))));
  const differences = python<string[][]>(readFileSync(SQLALCHEMY_CHECK, 'utf8'), [path.join(list, 'jobs.json')]);
  const modules = python<{ doc: string; tables: Record<string, { comment: string | null; indexes: string[]; columns: Record<string, [string | null, string | null]> }> }[]>(READ_MODULES, [path.join(list, 'modules.json')]);
  const packages = python<Record<string, { spec: { key: string; description: string | null }; settings: Record<string, unknown>; columns: [string, string][] }>[]>(readFileSync(SQLMODEL_CHECK, 'utf8'), projects.map((p) => p.pkg));
  projects.forEach((p, i) => {
    const { v } = p;
    const key = v.key ?? 'h/t';
    const table = (v.prefix ?? '') + key.split('/').join('__');
    assert.deepEqual(differences[i], [], `${p.label}: Alembic finds nothing to do`);
    const m = modules[i]!;
    // The docstring is wrapped at spaces: every other character is the name itself.
    const words = (text: string) => text.replace(/[ \n]+/g, ' ');
    assert.ok(words(m.doc).startsWith(words(`SQLAlchemy metadata of store "${v.store ?? 'db'}" (PostgreSQL), project "${v.project ?? 'p'}".`)), `${p.label}: ${m.doc}`);
    const t = m.tables[table]!;
    assert.ok(t, `${p.label}: table ${JSON.stringify(table)}`);
    assert.equal(t.comment, (v.tableDescription ?? 'table') || null, p.label);
    assert.deepEqual(t.columns[v.column ?? 'c'], [(v.columnDescription ?? 'column') || null, sqlString(v.default ?? 'v')], p.label);
    assert.ok(t.indexes.includes(v.index ?? 'named_idx'), p.label);
    const c = packages[i]![key]!;
    assert.ok(c, `${p.label}: a class for ${JSON.stringify(key)}`);
    assert.deepEqual([c.spec.key, c.spec.description, c.settings.__metaxy_project__], [key, v.tableDescription ?? 'table', v.project ?? 'p'], p.label);
    assert.deepEqual(c.columns.map(([, column]) => column), ['id', v.column ?? 'c'], p.label);
  });
});
