import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { dialectOfStoreType } from '../../src/config/stores.js';

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
