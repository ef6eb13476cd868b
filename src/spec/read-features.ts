import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Feature } from '../ir/feature.js';
import { buildFeature } from './build.js';
import { openSpecCache, type FileResult, type SpecCache } from './cache.js';
import { checkGraph } from './graph.js';
import { keyString } from './keys.js';
import { eachSpecFile, parseSpecFile, parseSpecFileFast, type LoadResult, type SpecFile } from './load.js';
import { validateSchema } from './schema.js';
import { salvage } from './salvage.js';
import type { RawFeatureSpec } from './raw.js';
import { MAX_VALUE_DEPTH, tooDeep } from './depth.js';
import { diag } from '../diagnostics/codes.js';

/** FeatureSet is every valid feature of a folder, sorted by key, and every problem found. */
export interface FeatureSet {
  readonly features: readonly Feature[];
  readonly diagnostics: readonly Diagnostic[];
}

/** readFeatures loads, validates and checks every spec file under dir (relative to cwd). */
export async function readFeatures(dir: string, cwd: string): Promise<FeatureSet> {
  const cache = openSpecCache(path.resolve(cwd, dir), cwd);
  const set = new Collector();
  // File by file: a text is dropped once checked (or found in the cache).
  const diagnostics = await eachSpecFile(dir, cwd, (f) => set.add(cache.get(f) ?? cache.put(f, checkFile(f))));
  cache.save();
  const checked = set.finish();
  return { features: checked.features, diagnostics: [...diagnostics, ...checked.diagnostics] };
}

/**
 * checkFeatures runs every check on spec files already read: parse, schema and per-feature
 * checks file by file (remembered by the cache, when one is given), then across features.
 */
export function checkFeatures(files: readonly SpecFile[], cache?: SpecCache): FeatureSet {
  const set = new Collector();
  for (const file of files) set.add(cache ? (cache.get(file) ?? cache.put(file, checkFile(file))) : checkFile(file));
  return set.finish();
}

/** Collector gathers the results of each file in order, then runs the checks across features. */
class Collector {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly built: Feature[] = [];
  private readonly unreadable = new Set<string>();

  add(r: FileResult): void {
    for (const d of r.diagnostics) this.diagnostics.push(d);
    for (const f of r.features) this.built.push(f);
    for (const k of r.unreadable) this.unreadable.add(k);
  }

  finish(): FeatureSet {
    const features = checkGraph(this.built, this.diagnostics, this.unreadable);
    return { features, diagnostics: this.diagnostics };
  }
}

/**
 * checkFile runs the checks of one file on its own: parse, schema, then each feature by itself.
 * It reads the file with the fast reader when it can; a file with any problem is read again by
 * the `yaml` library, so that every diagnostic comes from the reference reader.
 */
export function checkFile(file: SpecFile): FileResult {
  const fast = parseSpecFileFast(file);
  if (fast !== null) {
    const r = checkDocs(fast);
    if (r.diagnostics.length === 0) return r;
  }
  return checkDocs(parseSpecFile(file));
}

function checkDocs(parsed: LoadResult): FileResult {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const features: Feature[] = [];
  const unreadable: string[] = [];
  for (const doc of parsed.docs) {
    const deep = parsed.shallow ? null : tooDeep(doc.data);
    if (deep !== null) {
      diagnostics.push(diag('NESTING_TOO_DEEP', doc.at(deep), MAX_VALUE_DEPTH));
      continue;
    }
    const problems = validateSchema(doc);
    diagnostics.push(...problems);
    // A document with schema problems is still checked on its well-formed parts (every problem in one run).
    const raw = problems.length === 0 ? (doc.data as RawFeatureSpec) : salvage(doc.data);
    const feature = raw === null ? null : buildFeature(doc, diagnostics, raw);
    if (feature) features.push(feature);
    else {
      const key = (doc.data as { key?: unknown } | null)?.key;
      if (typeof key === 'string' || (Array.isArray(key) && key.every((p) => typeof p === 'string'))) unreadable.push(keyString(key as string[]));
    }
  }
  return { diagnostics, features, unreadable };
}
