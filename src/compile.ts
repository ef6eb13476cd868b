import path from 'node:path';
import { loadConfig, type MetaxyConfig } from './config/load.js';
import { optionsFor } from './config/options.js';
import { selectStore } from './config/store.js';
import type { Dialect, EmitContext } from './dialects/dialect.js';
import { dialectFor } from './dialects/registry.js';
import { renderScript, renderStatements } from './emit/statement.js';
import type { SchemaState } from './ir/schema.js';
import { checkProject, type ProjectFilter } from './resolve/projects.js';
import { resolve } from './resolve/resolve.js';
import type { Diagnostic, Span } from './diagnostics/diagnostic.js';
import { tableBaseName, type Feature } from './ir/feature.js';
import { readFeatures } from './spec/read-features.js';
import { computeVersions } from './versions/versions.js';
import { diag } from './diagnostics/codes.js';
import { sqlalchemyModule, type PythonSource } from './python/sqlalchemy.js';
import { sqlmodelPackage } from './python/sqlmodel.js';
import { selectFeatures } from './resolve/projects.js';

/** Inputs are the configuration and features of one run, with every problem found reading them. */
export interface Inputs {
  readonly config: MetaxyConfig;
  readonly features: readonly Feature[];
  readonly diagnostics: readonly Diagnostic[];
}

/** InputRequest names the features folder and where the configuration comes from. */
export interface InputRequest {
  readonly featuresDir: string;
  readonly cwd: string;
  readonly configFile?: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** loadInputs is the first stage of every command: configuration, then features. */
export async function loadInputs(req: InputRequest): Promise<Inputs> {
  const { config, diagnostics } = loadConfig({ cwd: req.cwd, explicit: req.configFile, env: req.env, featuresDir: req.featuresDir });
  const set = await readFeatures(req.featuresDir, req.cwd);
  return { config, features: set.features, diagnostics: [...diagnostics, ...set.diagnostics] };
}

/** versionsReport is the JSON of `metaxy-compile versions` (metaxy.md), keys sorted. */
export function versionsReport(inputs: Inputs): object {
  const versions = computeVersions(inputs.features, inputs.config.hashTruncationLength);
  const features: Record<string, object> = {};
  for (const f of inputs.features) {
    const v = versions.get(f.key)!;
    features[f.key] = {
      table: tableBaseName(f.parts),
      feature_version: v.featureVersion,
      code_version: v.codeVersion,
      feature_spec_version: v.specVersion,
      fields: v.fields,
    };
  }
  return { features };
}

/** StoreRequest picks the store and projects of a store command. */
export interface StoreRequest {
  readonly store?: string;
  readonly project?: string;
  readonly allProjects: boolean;
}

/** StoreSchema is the resolved schema of one store, with the dialect and context to emit it. */
export interface StoreSchema {
  readonly schema: SchemaState;
  readonly dialect: Dialect;
  readonly ctx: EmitContext;
}

/** resolveStore picks the store, its dialect and options, and resolves the features into its tables. */
export function resolveStore(inputs: Inputs, req: StoreRequest): { result: StoreSchema | null; diagnostics: Diagnostic[] } {
  const named = req.project === undefined ? [] : checkProject(inputs.features, req.project, inputs.config.project);
  const { store, diagnostics } = selectStore(inputs.config, req.store);
  if (!store || named.length > 0) return { result: null, diagnostics: [...diagnostics, ...named] };
  const dialect = dialectFor(store.dialect);
  const options = optionsFor(inputs.config.compile, store.name);
  const projects = projectFilter(inputs, req);
  const storeSpan = inputs.config.stores[store.name]!.span;
  const resolved = resolve(inputs.features, {
    store,
    options,
    projects,
    defaultProject: inputs.config.project,
    rules: dialect.rules,
    storeSpan,
    enableMapDatatype: inputs.config.enableMapDatatype,
    supports: dialect.supports,
  });
  return { result: { schema: resolved.schema, dialect, ctx: { store, options } }, diagnostics: resolved.diagnostics };
}

function projectFilter(inputs: Inputs, req: Omit<StoreRequest, 'store'>): ProjectFilter {
  return req.allProjects ? { all: true } : { all: false, project: req.project ?? inputs.config.project };
}

/**
 * pythonSource says what generated Python is made from: the features folder (an absolute path),
 * named relative to `base` (the working directory, or the folder the Python is written into),
 * the projects, and what writes it again.
 */
export function pythonSource(inputs: Inputs, features: string, base: string, req: Omit<StoreRequest, 'store'>, command: 'sqlalchemy' | 'sqlmodel' | 'migrate'): PythonSource {
  const dir = path.relative(base, features).split(path.sep).join('/') || '.';
  const p = projectFilter(inputs, req);
  const again = command === 'migrate' ? '`metaxy-compile migrate` writes it again with every migration' : `run \`metaxy-compile ${command}\` again when they change`;
  return { featuresDir: dir, projects: p.all ? 'every project' : p.project === null ? 'the features of no project' : `project "${p.project}"`, again };
}

/**
 * sqlalchemyScript is the module of the `sqlalchemy` command, whose `metadata` holds the store's
 * tables; or, for a dialect SQLAlchemy describes only through another package, the problem that
 * refuses it (at `span`, where the store is configured).
 */
export function sqlalchemyScript(s: StoreSchema, span: Span, source: PythonSource): { text: string } | { refused: Diagnostic } {
  const sa = s.dialect.tools.sqlalchemy;
  if (sa.types !== null) return { text: sqlalchemyModule(s, sa.types, source) };
  return { refused: diag('SQLALCHEMY_NEEDS_PACKAGE', span, s.ctx.store.name, s.dialect.label, sa.package) };
}

/** sqlmodelScript is the `__init__.py` of the `sqlmodel` command's package: a feature class per selected feature. */
export function sqlmodelScript(inputs: Inputs, req: Omit<StoreRequest, 'store'>, source: PythonSource): { text: string | null; diagnostics: Diagnostic[] } {
  const named = req.project === undefined ? [] : checkProject(inputs.features, req.project, inputs.config.project);
  if (named.length > 0) return { text: null, diagnostics: named };
  const features = selectFeatures(inputs.features, projectFilter(inputs, req), inputs.config.project);
  const text = sqlmodelPackage({ features, defaultProject: inputs.config.project, options: inputs.config.compile.global, source });
  return { text, diagnostics: [] };
}

/** createScript prints the complete DDL of a store: system tables, then feature tables in dependency order. */
export function createScript(s: StoreSchema): string {
  const groups = s.schema.tables.map((t) => renderStatements(s.dialect.createTable(t, s.ctx)));
  const header = [`Complete DDL of store "${s.ctx.store.name}" (${s.dialect.label}), generated by metaxy-compile.`];
  return renderScript(groups, { header, transaction: s.dialect.supports.transactionalDdl });
}
