#!/usr/bin/env node
import { homedir } from 'node:os';
import { defaultCacheDir, setSpecCacheDir } from '../spec/cache.js';
import { EXIT } from './io.js';
import { run } from './run.js';

/**
 * The `metaxy-compile` executable: process I/O around `run`, with the spec cache on
 * (METAXYC_CACHE=off turns it off). An unexpected error is a bug: one line asking for a report
 * and exit 70 (never 1, which `check` uses for drift); `--debug` adds the stack.
 */
const argv = process.argv.slice(2);
const chunks: string[] = [];
let code: number;
try {
  setSpecCacheDir(defaultCacheDir(process.cwd(), process.env, homedir()));
  code = await run(argv, {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => chunks.push(t),
    stderr: (t) => process.stderr.write(t),
  });
} catch (e) {
  const detail = e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e);
  process.stderr.write(`metaxy-compile: internal error (${detail}); this is a bug: please report it with the command line and the input that caused it${argv.includes('--debug') ? '' : ' (rerun with --debug for the stack)'}\n`);
  if (argv.includes('--debug') && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  chunks.length = 0;
  code = EXIT.internal;
}
process.stdout.write(chunks.join(''));
process.exitCode = code;
