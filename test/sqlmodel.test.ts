import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { loadInputs, resolveStore } from '../src/compile.js';
import type { CatalogTable } from './engines/catalog.js';
import { openPostgres, postgresKind, type PostgresEngine } from './engines/postgres.js';
import { goldenCases, shuffledCopy } from './helpers/cases.js';
import { runCli } from './helpers/cli.js';
import { expectGolden } from './helpers/golden.js';
import { runPython } from './helpers/python.js';
import { tempDir } from './helpers/temp.js';

// `metaxy-compile sqlmodel`, for the examples and every golden create case (with its args): the
// package is pinned (golden/create/<case>/sqlmodel.py), compiles (py_compile), and is clean for
// pycodestyle (PEP 8) and pyflakes. Read without Metaxy by helpers/sqlmodel-check.py, each
// class's FeatureSpec is the feature's canonical dump (what `versions` hashes), deps refer to
// classes defined before them, the project and the key injection of [ext.compile] are set; and
// the classes' user columns, created by SQLModel in a real PostgreSQL, are the columns of our
// DDL (name, type, nullability, comment; defaults stay in the DDL). The real Metaxy check is
// described in the README.
const CHECK = new URL('helpers/sqlmodel-check.py', import.meta.url).pathname;
const EXAMPLES = new URL('../examples/', import.meta.url).pathname;
const withServer = postgresKind() === 'server';

const engines: PostgresEngine[] = [];
after(async () => {
  for (const e of engines) await e.close();
});

interface Case {
  readonly name: string;
  readonly cwd: string;
  readonly args: readonly string[];
  /** The PostgreSQL store whose DDL the columns are compared with. */
  readonly store: string;
  readonly golden: string | null;
}

const cases: Case[] = [
  ...goldenCases('create').map((c) => ({ name: c.name, cwd: c.dir, args: c.args, store: 'postgres', golden: path.join(c.dir, 'sqlmodel.py') })),
  { name: 'examples', cwd: EXAMPLES, args: [], store: 'prod', golden: null },
];

/** writePackage runs the CLI and returns the package folder. */
async function writePackage(c: Case, root: string): Promise<string> {
  const out = path.join(root, c.name.replaceAll('-', '_'));
  const r = await runCli(['sqlmodel', 'features', '--out', out, ...c.args], c.cwd);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  return out;
}

test('sqlmodel: golden packages that compile and are clean for pycodestyle and pyflakes', async () => {
  const root = tempDir('sqlmodel');
  const files: string[] = [];
  for (const c of cases) {
    const file = path.join(await writePackage(c, root), '__init__.py');
    if (c.golden) expectGolden(c.golden, readFileSync(file, 'utf8'));
    files.push(file);
  }
  // A project without features: a package that registers nothing.
  const empty = tempDir('sqlmodel-empty');
  writeFileSync(path.join(empty, 'metaxy.toml'), 'project = "none"\n');
  mkdirSync(path.join(empty, 'features'));
  writeFileSync(path.join(empty, 'features/a.yaml'), 'key: a/b\nproject: other\nid_columns: [id]\ncolumns:\n  id: string\n');
  const none = await writePackage({ name: 'empty', cwd: empty, args: [], store: 'postgres', golden: null }, root);
  assert.match(readFileSync(path.join(none, '__init__.py'), 'utf8'), /\n\n__all__ = \[\]\n$/);
  files.push(path.join(none, '__init__.py'));
  const script = `
import py_compile, subprocess, sys
for f in sys.argv[1:]:
    py_compile.compile(f, doraise=True)
style = subprocess.run([sys.executable, "-m", "pycodestyle", *sys.argv[1:]], capture_output=True, text=True)
flakes = subprocess.run([sys.executable, "-m", "pyflakes", *sys.argv[1:]], capture_output=True, text=True)
print(style.stdout + style.stderr + flakes.stdout + flakes.stderr, end="")
sys.exit(style.returncode or flakes.returncode)
`;
  const r = runPython(script, files);
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});

for (const c of cases) {
  test(`sqlmodel/${c.name}: FeatureSpecs are the canonical dumps, settings, and the user columns of the DDL`, async () => {
    const inputs = await loadInputs({ featuresDir: 'features', cwd: c.cwd, env: {} });
    const allProjects = c.args.includes('--all-projects');
    const { result } = resolveStore(inputs, { store: c.store, allProjects });
    assert.ok(result);
    const keys = new Set(result.schema.tables.flatMap((t) => (t.key === null ? [] : [t.key])));
    const features = inputs.features.filter((f) => keys.has(f.key));
    const pkg = await writePackage(c, tempDir('sqlmodel'));
    const db = withServer ? await openPostgres() : null;
    if (db) engines.push(db);
    const r = runPython(readFileSync(CHECK, 'utf8'), [...(db ? ['--create', db.url!.replace(/^postgresql:/, 'postgresql+psycopg2:')] : []), pkg]);
    assert.equal(r.status, 0, r.stderr);
    const [read] = JSON.parse(r.stdout) as Record<string, { spec: unknown; settings: Record<string, unknown>; columns: [string, string][] }>[];
    assert.deepEqual(Object.keys(read!).sort(), [...keys].sort(), 'one class per feature');
    const options = inputs.config.compile.global;
    for (const f of features) {
      const got = read![f.key]!;
      assert.deepEqual(got.spec, JSON.parse(JSON.stringify(f.specDump)), `${f.key}: FeatureSpec`);
      assert.equal(got.settings.__metaxy_project__, f.project ?? inputs.config.project, `${f.key}: project`);
      const injected = options.injectPrimaryKey || options.injectIndex;
      const ext = { sqlmodel: { ...(options.injectPrimaryKey ? { inject_primary_key: true } : {}), ...(options.injectIndex ? { inject_index: true } : {}) } };
      assert.deepEqual(got.settings.feature_config, injected ? { ext } : undefined, `${f.key}: key injection`);
      const mapperKey = options.injectPrimaryKey ? undefined : ['metaxy_feature_version', ...f.idColumns.map((id) => got.columns.find(([, col]) => col === id)![0]), 'metaxy_updated_at'];
      assert.deepEqual((got.settings.__mapper_args__ as { primary_key?: string[] } | undefined)?.primary_key, mapperKey, `${f.key}: mapper key`);
      assert.deepEqual(got.columns.map(([, col]) => col), f.columns.map((col) => col.name), `${f.key}: columns in spec order`);
    }
    if (!db) return;
    // The user columns SQLModel creates are the DDL's (its defaults aside: they stay in the DDL).
    const ddl = await openPostgres();
    engines.push(ddl);
    const compiled = await runCli(['features', '--store', c.store, ...c.args], c.cwd);
    await ddl.exec(compiled.stdout);
    const shape = (t: CatalogTable | undefined, n: number) => t?.columns.slice(0, n).map(({ name, type, nullable, comment }) => ({ name, type, nullable, comment }));
    const [made, expected] = [await db.catalog(), await ddl.catalog()];
    for (const t of result.schema.tables.filter((x) => x.key !== null)) {
      const f = features.find((x) => x.key === t.key)!;
      const base = t.name.slice(result.ctx.store.tablePrefix.length);
      assert.deepEqual(shape(made.tables.find((x) => x.name === base), Infinity), shape(expected.tables.find((x) => x.name === t.name), f.columns.length), `${t.key}: columns`);
      assert.equal(made.tables.find((x) => x.name === base)!.comment, t.comment, `${t.key}: table comment`);
    }
  });
}

test('determinism: renamed, split and reordered spec files give the same module and package', async () => {
  for (const c of goldenCases('create')) {
    const copy = shuffledCopy(c.dir);
    const root = tempDir('sqlmodel-det');
    const pkg = await writePackage({ name: c.name, cwd: copy, args: c.args, store: 'postgres', golden: null }, root);
    assert.equal(readFileSync(path.join(pkg, '__init__.py'), 'utf8'), readFileSync(path.join(c.dir, 'sqlmodel.py'), 'utf8'), `${c.name}: package`);
    const module = await runCli(['sqlalchemy', 'features', '--store', 'postgres', ...c.args], copy);
    assert.equal(module.stdout, readFileSync(path.join(c.dir, 'postgres.sqlalchemy.py'), 'utf8'), `${c.name}: module`);
  }
});
