import { cpSync, existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { dialectOfStoreType } from '../../src/config/stores.js';
import { tempDir } from './temp.js';

/** GoldenCase is one golden folder with the SQL stores its metaxy.toml defines. */
export interface GoldenCase {
  readonly name: string;
  readonly dir: string;
  /** Extra command-line arguments from args.txt. */
  readonly args: readonly string[];
  readonly stores: readonly { readonly name: string; readonly dialect: string }[];
}

/** goldenCases lists the case folders under golden/<kind>/, sorted. */
export function goldenCases(kind: string): GoldenCase[] {
  const root = new URL(`../../golden/${kind}/`, import.meta.url).pathname;
  return readdirSync(root)
    .sort()
    .map((name) => {
      const dir = path.join(root, name);
      const argsFile = path.join(dir, 'args.txt');
      const args = existsSync(argsFile) ? readFileSync(argsFile, 'utf8').trim().split(/\s+/) : [];
      const { config } = loadConfig({ cwd: dir, env: {} });
      const stores = Object.entries(config.stores)
        .map(([n, s]) => ({ name: n, dialect: dialectOfStoreType(s.type) ?? '' }))
        .filter((s) => s.dialect !== '')
        .sort((a, b) => (a.name < b.name ? -1 : 1));
      return { name, dir, args, stores };
    });
}

/**
 * shuffledCopy copies a case folder with its spec files renamed, their documents split into files
 * of their own in reverse order, and the originals set aside: the same features, read in
 * another order, from other files.
 */
export function shuffledCopy(dir: string): string {
  const copy = tempDir('det');
  cpSync(dir, copy, { recursive: true });
  const features = path.join(copy, 'features');
  for (const [i, f] of readdirSync(features).sort().reverse().entries()) {
    const docs = readFileSync(path.join(features, f), 'utf8').split(/^---$/m);
    renameSync(path.join(features, f), path.join(features, `zz-${i}-${f}.bak`));
    docs.reverse().forEach((doc, j) => writeFileSync(path.join(features, `${String.fromCharCode(97 + ((i + j) % 26))}${j}-${i}.yml`), doc));
  }
  return copy;
}
