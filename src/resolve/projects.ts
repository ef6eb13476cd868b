import { diag } from '../diagnostics/codes.js';
import { noSpan, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Feature } from '../ir/feature.js';

/**
 * checkProject is the problem of a project asked for by name (`--project`) that no feature
 * belongs to, naming the projects that exist; a feature without `project` belongs to the
 * config's. None when some feature belongs to it.
 */
export function checkProject(features: readonly Feature[], project: string, defaultProject: string | null): Diagnostic[] {
  const projects = new Set(features.map((f) => f.project ?? defaultProject));
  if (projects.has(project)) return [];
  const names = [...projects].map((p) => (p === null ? '(none: no project set)' : p)).sort();
  return [diag('UNKNOWN_PROJECT', noSpan('<command line>'), project, names.join(', ') || 'no features')];
}

/** ProjectFilter selects the features of one project, or of all. */
export type ProjectFilter = { readonly all: true } | { readonly all: false; readonly project: string | null };

/** selectFeatures keeps the features of the filter's project (a feature without `project` belongs to the config's). */
export function selectFeatures(features: readonly Feature[], projects: ProjectFilter, defaultProject: string | null): Feature[] {
  return features.filter((f) => projects.all || (f.project ?? defaultProject) === projects.project);
}
