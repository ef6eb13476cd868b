#!/usr/bin/env node
import { homedir } from 'node:os';
import { defaultCacheDir, setSpecCacheDir } from '../spec/cache.js';
import { run } from './run.js';

/** The `metaxy-compile` executable: process I/O around `run`, with the spec cache on (METAXYC_CACHE=off turns it off). */
setSpecCacheDir(defaultCacheDir(process.cwd(), process.env, homedir()));
const chunks: string[] = [];
const code = await run(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (t) => chunks.push(t),
  stderr: (t) => process.stderr.write(t),
});
process.stdout.write(chunks.join(''));
process.exitCode = code;
