import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Feature } from '../ir/feature.js';
import type { SpecFile } from './load.js';
import { pack, unpack } from './cache-pack.js';

/** FileResult is everything checking one spec file on its own yields, in the order it was found. */
export interface FileResult {
  readonly diagnostics: readonly Diagnostic[];
  readonly features: readonly Feature[];
  /** Keys of documents that failed the schema (deps on them are not reported again). */
  readonly unreadable: readonly string[];
}

/**
 * SpecCache remembers the FileResult of each spec file by a hash of its name (as shown) and
 * text, so that an unchanged file is neither parsed nor validated again. It never changes what
 * a run prints: an entry is the exact result checking the same bytes gives.
 */
export interface SpecCache {
  get(file: SpecFile): FileResult | undefined;
  put(file: SpecFile, result: FileResult): FileResult;
  /** save writes the entries of this run (only those: the cache never grows past one folder's files). */
  save(): void;
}

const NO_CACHE: SpecCache = { get: () => undefined, put: (_f, r) => r, save: () => undefined };

let cacheDir: string | null = null;

/**
 * setSpecCacheDir turns the cache on (a directory) or off (null, the default). Only the
 * executable turns it on: in-process callers and tests read every file afresh.
 */
export function setSpecCacheDir(dir: string | null): void {
  cacheDir = dir;
}

/**
 * defaultCacheDir is `node_modules/.cache/metaxy-compile` of the nearest directory above cwd
 * that has a node_modules, else `$XDG_CACHE_HOME/metaxy-compile` (or `~/.cache/...`); null
 * when METAXYC_CACHE is `off`. METAXYC_CACHE=<dir> names the directory.
 */
export function defaultCacheDir(cwd: string, env: Readonly<Record<string, string | undefined>>, home: string): string | null {
  const named = env.METAXYC_CACHE;
  if (named === 'off' || named === '0' || named === 'false') return null;
  if (named) return path.resolve(cwd, named);
  for (let d = path.resolve(cwd); ; d = path.dirname(d)) {
    if (isDir(path.join(d, 'node_modules'))) return path.join(d, 'node_modules', '.cache', 'metaxy-compile');
    if (path.dirname(d) === d) break;
  }
  const xdg = env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : '');
  return xdg ? path.join(xdg, 'metaxy-compile') : null;
}

function isDir(p: string): boolean {
  return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * codeFingerprint hashes what decides a FileResult: the code of the stages that produce it
 * (spec/, ir/, diagnostics/, versions/, and the util/ they use), the feature schema, the parser and validator versions
 * and the serialisation format. Any edit to them empties the cache.
 */
function codeFingerprint(): string {
  const h = createHash('sha256').update(`v1 node ${process.versions.v8}\0`);
  for (const dir of ['spec', 'ir', 'diagnostics', 'versions', 'util']) {
    const full = path.join(here, '..', dir);
    for (const f of readdirSync(full).sort()) {
      if (/\.(js|ts)$/.test(f)) h.update(f).update(readFileSync(path.join(full, f)));
    }
  }
  h.update(readFileSync(path.join(here, '../../schemas/feature.schema.json')));
  const require = createRequire(import.meta.url);
  for (const pkg of ['yaml/package.json', 'ajv/package.json']) h.update(readFileSync(require.resolve(pkg)));
  return h.digest('hex');
}

/**
 * jsonExact tells whether JSON gives a value back exactly: not for NaN, infinities, -0,
 * undefined or non-plain objects (a spec may hold `.nan` or `-0`). Such a file is not cached.
 */
function jsonExact(v: unknown): boolean {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(v) && !Object.is(v, -0);
    case 'object': {
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!(i in v) || !jsonExact(v[i])) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(v) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const k in v) if (!jsonExact((v as Record<string, unknown>)[k])) return false;
      return true;
    }
    default:
      return false;
  }
}

/**
 * openSpecCache opens the cache of one features folder as seen from cwd (file names in
 * diagnostics are relative to cwd), or a cache that remembers nothing when none is set. The
 * file is a header line with the code fingerprint, then one line per spec file: its key, a tab
 * and its FileResult as JSON (parsed only when asked for; JSON.parse is the fastest way back to
 * plain data). New entries are appended; the file is rewritten with only the entries in use
 * when half of it would be stale. An unreadable or outdated cache file is ignored and rewritten;
 * an unreadable line is a miss.
 */
export function openSpecCache(root: string, cwd: string): SpecCache {
  if (cacheDir === null) return NO_CACHE;
  const dir = cacheDir;
  const file = path.join(dir, `specs-${createHash('sha256').update(`${path.resolve(cwd)}\0${root}`).digest('hex').slice(0, 24)}.jsonl`);
  const header = `metaxy-compile spec cache ${codeFingerprint()}`;
  const old = new Map<string, string>();
  let lines = -1; // entry lines in the file; -1: no usable file
  try {
    const all = readFileSync(file, 'utf8').split('\n');
    if (all[0] === header) {
      lines = 0;
      for (let i = 1; i < all.length; i++) {
        const tab = all[i]!.indexOf('\t');
        if (tab > 0) {
          old.set(all[i]!.slice(0, tab), all[i]!.slice(tab + 1));
          lines++;
        }
      }
    }
  } catch {
    // no cache yet: start empty
  }
  const used = new Map<string, string>();
  const added = new Map<string, string>();
  const keys = new WeakMap<SpecFile, string>();
  const keyOf = (f: SpecFile) => {
    let key = keys.get(f);
    if (key === undefined) keys.set(f, (key = createHash('sha256').update(f.file).update('\0').update(f.text).digest('base64')));
    return key;
  };
  return {
    get(f) {
      const key = keyOf(f);
      const hit = old.get(key);
      if (hit === undefined) return undefined;
      let result: FileResult;
      try {
        result = unpack(JSON.parse(hit) as FileResult, f.file);
      } catch {
        return undefined; // a damaged line: read the file again
      }
      used.set(key, hit);
      return result;
    },
    put(f, result) {
      if (jsonExact(result)) {
        const text = JSON.stringify(pack(result, f.file));
        used.set(keyOf(f), text);
        added.set(keyOf(f), text);
      }
      return result;
    },
    save() {
      if (added.size === 0 && used.size === lines) return;
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        if (lines >= 0 && lines + added.size <= 2 * used.size) {
          if (added.size > 0) appendFileSync(file, [...added].map(([key, text]) => `${key}\t${text}\n`).join(''));
          return;
        }
        const chunks = [header];
        for (const [key, text] of used) chunks.push(`${key}\t${text}`);
        writeFileSync(tmp, `${chunks.join('\n')}\n`);
        renameSync(tmp, file);
      } catch {
        // a cache that cannot be written only costs time
        rmSync(tmp, { force: true });
      }
    },
  };
}
