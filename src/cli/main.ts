#!/usr/bin/env node
import { run } from './run.js';

/** The `metaxy-compile` executable: process I/O around `run`. */
const chunks: string[] = [];
const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (t) => chunks.push(t),
  stderr: (t) => process.stderr.write(t),
});
process.stdout.write(chunks.join(''));
process.exitCode = code;
