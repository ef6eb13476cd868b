import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Feature } from '../ir/feature.js';
import { buildFeature } from './build.js';
import { checkGraph } from './graph.js';
import { keyString } from './keys.js';
import { parseSpecFile, readSpecFiles, type SpecFile } from './load.js';
import { validateSchema } from './schema.js';

/** FeatureSet is every valid feature of a folder, sorted by key, and every problem found. */
export interface FeatureSet {
  readonly features: readonly Feature[];
  readonly diagnostics: readonly Diagnostic[];
}

/** readFeatures loads, validates and checks every spec file under dir (relative to cwd). */
export async function readFeatures(dir: string, cwd: string): Promise<FeatureSet> {
  const { files, diagnostics } = await readSpecFiles(dir, cwd);
  const set = checkFeatures(files);
  return { features: set.features, diagnostics: [...diagnostics, ...set.diagnostics] };
}

/** checkFeatures runs every check on spec files already read: parse, schema, per-feature, then across features. */
export function checkFeatures(files: readonly SpecFile[]): FeatureSet {
  const diagnostics: Diagnostic[] = [];
  const built: Feature[] = [];
  const unreadable = new Set<string>();
  for (const file of files) {
    const parsed = parseSpecFile(file);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.docs) {
      const problems = validateSchema(doc);
      diagnostics.push(...problems);
      // Unknown keys leave the shape intact: check the rest of the document too.
      if (problems.some((p) => p.code !== 'UNKNOWN_KEY')) {
        const key = (doc.data as { key?: unknown } | null)?.key;
        if (typeof key === 'string' || Array.isArray(key)) unreadable.add(keyString(key as string[]));
        continue;
      }
      const feature = buildFeature(doc, diagnostics);
      if (feature) built.push(feature);
    }
  }
  const features = checkGraph(built, diagnostics, unreadable);
  return { features, diagnostics };
}
