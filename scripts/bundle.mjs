// Bundles the CLI built by tsc (dist/cli/main.js and the modules it imports) into that one
// file, in place, with esbuild: loading one file instead of ~90 ES modules takes about 50 ms
// less CPU on every run (README, Performance). yaml and ajv stay outside: they are loaded on
// first use only (src/spec/lazy.ts), by a require esbuild does not follow. The other files of
// dist/ stay as tsc wrote them (the spec cache fingerprints their code: src/spec/cache.ts).
import { buildSync } from 'esbuild';
import path from 'node:path';

/** bundleCli bundles `<dist>/cli/main.js` into itself. */
export function bundleCli(dist) {
  const main = path.join(dist, 'cli/main.js');
  buildSync({ entryPoints: [main], outfile: main, allowOverwrite: true, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['yaml', 'ajv'], logLevel: 'error' });
}
