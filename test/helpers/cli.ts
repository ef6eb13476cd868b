import { run } from '../../src/cli/run.js';

/** CliResult is what one in-process CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** runCli runs the CLI in-process in cwd with the given environment (no METAXY_ variables of the host leak in). */
export async function runCli(argv: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, { cwd, env, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}
