// A preload (`node --import <this file> ...`) that counts the file-system calls that change the
// disk (create, write, sync, close, rename, link, remove, mkdir) and, at the call numbered
// MXC_KILL_AT (1-based), kills its own process with SIGKILL: before the call (MXC_KILL_MODE
// unset or `before`), or halfway through a write (`torn`: half of the bytes written, then
// killed). With MXC_FS_LOG set, it appends every counted call, one JSON line each, to that file
// (to learn the kill points). The code under test knows nothing of it: fs and node:fs's named
// ESM exports are replaced before the CLI is loaded.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const killAt = Number(process.env.MXC_KILL_AT ?? 0);
const torn = process.env.MXC_KILL_MODE === 'torn';
const log = process.env.MXC_FS_LOG;
const { appendFileSync, writeSync: rawWriteSync, writeFileSync: rawWriteFileSync } = fs;
const WRITES = new Set(['writeSync', 'writeFileSync', 'appendFileSync']);
const MUTATING = ['openSync', 'writeSync', 'writeFileSync', 'appendFileSync', 'fsyncSync', 'closeSync', 'renameSync', 'linkSync', 'unlinkSync', 'rmSync', 'rmdirSync', 'mkdirSync', 'mkdtempSync', 'copyFileSync', 'ftruncateSync', 'truncateSync', 'symlinkSync'];
const fds = new Set();
let count = 0;
let inside = false; // node's fs calls its own exports (writeFileSync opens, writes, closes): one call counts once

function die() {
  process.kill(process.pid, 'SIGKILL');
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // the signal is on its way
}

/** half writes the first half of what a write call would write, as the call would. */
function half(name, args) {
  const [target, data, ...rest] = args;
  const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const part = bytes.subarray(0, Math.floor(bytes.length / 2));
  if (name === 'writeSync') rawWriteSync(target, part);
  else rawWriteFileSync(target, part, ...rest);
}

for (const name of MUTATING) {
  const original = fs[name];
  fs[name] = function counted(...args) {
    if (inside) return original.apply(this, args);
    // Opening for reading and closing what was opened for reading change nothing.
    if (name === 'openSync' && !/[wax+]/.test(String(args[1] ?? 'r'))) return original.apply(this, args);
    if (name === 'closeSync' && !fds.has(args[0])) return original.apply(this, args);
    // Writes to stdout and stderr are not the disk's.
    if (name === 'writeSync' && !fds.has(args[0])) return original.apply(this, args);
    inside = true;
    try {
      count++;
      if (log) appendFileSync(log, `${JSON.stringify({ n: count, call: name, path: typeof args[0] === 'string' ? args[0] : null })}\n`);
      if (count === killAt) {
        if (torn && WRITES.has(name)) half(name, args);
        die();
      }
      const result = original.apply(this, args);
      if (name === 'openSync') fds.add(result);
      if (name === 'closeSync') fds.delete(args[0]);
      return result;
    } finally {
      inside = false;
    }
  };
}
syncBuiltinESMExports();
