import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
// @ts-expect-error: a build script without types
import { validatorSource } from '../../scripts/build-validator.mjs';
// @ts-expect-error: a build script without types
import { bundleCli } from '../../scripts/bundle.mjs';
import { tempDir } from './temp.js';

const root = new URL('../../', import.meta.url).pathname;
let built: string | undefined;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
}

/**
 * builtCli builds the CLI from the current sources, as `npm run build` lays it out (dist/ beside
 * schemas/ and node_modules/, the prebuilt schema validator included, main.js bundled by
 * scripts/bundle.mjs), into a temporary folder, and returns the path of its main.js: tests that
 * run the executable as separate processes run this code, never a stale dist/. esbuild
 * transpiles each file as tsc would emit it, in about a tenth of a second; `npx tsc --noEmit`
 * checks the types.
 */
export function builtCli(): string {
  if (built) return built;
  const out = tempDir('built-cli');
  buildSync({ entryPoints: sources(path.join(root, 'src')), outdir: path.join(out, 'dist'), outbase: path.join(root, 'src'), format: 'esm', platform: 'node', target: 'node20', logLevel: 'error' });
  writeFileSync(path.join(out, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(path.join(root, 'schemas'), path.join(out, 'schemas'));
  symlinkSync(path.join(root, 'node_modules'), path.join(out, 'node_modules'));
  mkdirSync(path.join(out, 'dist/spec'), { recursive: true });
  writeFileSync(path.join(out, 'dist/spec/feature-validator.cjs'), (validatorSource as (t: string) => string)(readFileSync(path.join(root, 'schemas/feature.schema.json'), 'utf8')));
  (bundleCli as (dist: string) => void)(path.join(out, 'dist'));
  return (built = path.join(out, 'dist/cli/main.js'));
}
