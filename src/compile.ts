import { loadConfig, type MetaxyConfig } from './config/load.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { tableBaseName, type Feature } from './ir/feature.js';
import { readFeatures } from './spec/read-features.js';
import { computeVersions } from './versions/versions.js';

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
  const { config, diagnostics } = loadConfig({ cwd: req.cwd, explicit: req.configFile, env: req.env });
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
