// Builds dist/: TypeScript (tsc -p .), then the prebuilt schema validator
// (scripts/build-validator.mjs), then the CLI bundled into one file (scripts/bundle.mjs), from a
// clean dist/ so that no output of a removed source stays.
//
//   node scripts/build.mjs             always build (npm run build)
//   node scripts/build.mjs --if-stale  build only when the sources changed since the last build
//                                      (prepack, prepare, npm run example, npm run bench)
//
// "Changed" is a SHA-256 over the sources' paths and bytes, kept in dist/.build-stamp (left out
// of the package by `files`): a check that takes milliseconds where `tsc` takes seconds. A stamp
// that matches means dist/ was built, from an empty folder, from exactly these sources. Without
// TypeScript (`npm install --omit=dev` in a clone) --if-stale says so and exits 0: a production
// install has nothing to build, and the packed package already holds dist/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const stampFile = path.join(root, 'dist/.build-stamp');
const OUTPUTS = ['dist/cli/main.js', 'dist/spec/feature-validator.cjs'];

/** sourceFiles are the files dist/ is built from, sorted. */
function sourceFiles() {
  const walk = (dir) =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(`${dir}/${e.name}`) : [`${dir}/${e.name}`],
    );
  return [...walk('src'), 'schemas/feature.schema.json', 'tsconfig.json', 'scripts/build.mjs', 'scripts/build-validator.mjs', 'scripts/bundle.mjs'].sort();
}

function sourceHash(typescript) {
  const h = createHash('sha256').update(`typescript ${typescript}\n`);
  for (const f of sourceFiles()) h.update(`${f}\n`).update(readFileSync(path.join(root, f))).update('\n');
  return h.digest('hex');
}

function typescriptVersion() {
  try {
    return JSON.parse(readFileSync(createRequire(path.join(root, 'package.json')).resolve('typescript/package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function run(command, args) {
  const r = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const ifStale = process.argv.includes('--if-stale');
const ts = typescriptVersion();
if (ts === null) {
  console.error('metaxy-compile: TypeScript is not installed (a production install): dist/ is not built.');
  process.exit(ifStale ? 0 : 1);
}
const hash = sourceHash(ts);
const fresh = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash && OUTPUTS.every((f) => existsSync(path.join(root, f)));
if (!(ifStale && fresh)) {
  rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  run(process.execPath, [createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc'), '-p', '.']);
  run(process.execPath, ['scripts/build-validator.mjs']);
  const { bundleCli } = await import('./bundle.mjs');
  bundleCli(path.join(root, 'dist'));
  writeFileSync(stampFile, hash);
}
