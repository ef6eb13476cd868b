import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { runCli } from './helpers/cli.js';
import { tempDir } from './helpers/temp.js';

// As a user installs it: `npm pack` (prepack builds dist/), then the tarball installed into an
// empty prefix with production dependencies only, as `npm install -g` does; and `npm install
// --omit=dev` in a clone, whose `prepare` must not need TypeScript. The npm registry (or npm's
// cache) provides ajv, smol-toml and yaml.

const root = new URL('../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
const SOURCES = ['package.json', 'package-lock.json', 'tsconfig.json', 'README.md', 'src', 'schemas', 'scripts'];

/** clone copies what a git clone of the package holds (no tests, no dist/) into a fresh folder. */
function clone(): string {
  const dir = path.join(tempDir('package'), 'metaxy-compile');
  for (const f of SOURCES) cpSync(path.join(root, f), path.join(dir, f), { recursive: true });
  return dir;
}

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `npm ${args.join(' ')}: ${r.stdout}${r.stderr}`);
  return r;
}

test('npm install --omit=dev in a clone succeeds: prepare does not need TypeScript', () => {
  const dir = clone();
  const r = npm(['install', '--omit=dev'], dir);
  assert.match(r.stderr, /TypeScript is not installed/);
  assert.deepEqual(readdirSync(path.join(dir, 'node_modules')).filter((n) => Object.hasOwn(pkg.dependencies, n)).sort(), Object.keys(pkg.dependencies).sort());
  assert.equal(existsSync(path.join(dir, 'node_modules/typescript')), false);
});

test('the packed package installs with production dependencies only and runs under plain node: --version, help, the example', async () => {
  const dir = clone();
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules')); // TypeScript for prepack's build
  // The working copy's build, when there is one: prepack keeps it if its stamp matches these sources, else builds.
  if (existsSync(path.join(root, 'dist'))) cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true });
  const out = tempDir('pack');
  const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', out], dir).stdout) as { filename: string; files: { path: string }[] }[];
  const files = packed[0]!.files.map((f) => f.path);
  for (const f of ['dist/cli/main.js', 'dist/spec/feature-validator.cjs', 'schemas/feature.schema.json', 'README.md']) assert.ok(files.includes(f), f);
  assert.deepEqual(files.filter((f) => /^(src|test|scripts)\/|\.build-stamp$/.test(f)), []);

  const prefix = tempDir('prefix');
  npm(['install', '--global', '--omit=dev', '--prefix', prefix, path.join(out, packed[0]!.filename)], out);
  const installed = path.join(prefix, 'lib/node_modules/metaxy-compile');
  assert.equal(existsSync(path.join(installed, 'node_modules/typescript')), false);
  const bin = path.join(prefix, 'bin/metaxy-compile');
  const cli = (args: string[]) => spawnSync(bin, args, { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, METAXYC_CACHE: 'off' } });
  assert.deepEqual([cli(['--version']).status, cli(['--version']).stdout], [0, `${pkg.version}\n`]);
  assert.match(cli(['help', 'migrate']).stdout, /--dir <migrations-dir>/);
  const ddl = cli(['examples/features', '--config', 'examples/metaxy.toml']);
  assert.equal(ddl.status, 0, ddl.stderr);
  assert.equal(ddl.stdout, (await runCli(['examples/features', '--config', 'examples/metaxy.toml'], root)).stdout);
  assert.equal(cli(['schema']).stdout, readFileSync(path.join(root, 'schemas/feature.schema.json'), 'utf8'));
  const versions = cli(['versions', 'examples/features', '--config', 'examples/metaxy.toml']);
  assert.equal(versions.stdout, (await runCli(['versions', 'examples/features', '--config', 'examples/metaxy.toml'], root)).stdout);

  // The executable is one bundled file (scripts/bundle.mjs) that still finds the prebuilt validator: ajv is not loaded for valid specs.
  const main = path.join(installed, 'dist/cli/main.js');
  assert.doesNotMatch(readFileSync(main, 'utf8'), /^import .* from ["']\.\.?\//m);
  const hook = path.join(tempDir('hook'), 'hook.cjs');
  writeFileSync(hook, "const M = require('module'); const load = M._load; M._load = function (r, ...a) { if (r === 'ajv') process.stderr.write('ajv loaded\\n'); return load.call(this, r, ...a); };\n");
  const traced = spawnSync(process.execPath, ['--require', hook, main, 'examples/features', '--config', 'examples/metaxy.toml'], { cwd: root, encoding: 'utf8', env: { PATH: process.env.PATH, METAXYC_CACHE: 'off' } });
  assert.deepEqual([traced.status, traced.stderr], [0, '']);
});
