// The floor of a metaxy-compile run: a Node process that only reads what the command reads and
// writes what it writes. It walks the features folder as the CLI does (every *.yaml, *.yml and
// *.json, hidden entries skipped) and reads each spec file and the config; with --history it
// reads every file of the migrations folder's streams (what `migrate` and `check` verify); then
// it writes the command's output, byte for byte, from a prepared file (bench/run.ts makes it
// from a real run: `<count>\n` then, per file, `<path>\t<size>\n`, then the bytes, in order;
// the path `-` is stdout). Reading that prepared file is the one thing it does that the
// command does not: it holds exactly the bytes written, and is read once from the page cache.
//
//   node bench/floor.mjs --features <dir> --config <file> --outputs <prepared file> --root <dir> [--history <dir>]
//
// Output paths in the prepared file are relative to --root (the folder `--out` or `--dir` names).
import { mkdirSync, readdirSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opt } = parseArgs({ options: { features: { type: 'string' }, config: { type: 'string' }, outputs: { type: 'string' }, root: { type: 'string' }, history: { type: 'string' } } });
const SPEC = /\.(?:yaml|yml|json)$/;
let bytesRead = 0;

function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full);
    else if (SPEC.test(e.name)) bytesRead += readFileSync(full, 'utf8').length;
  }
}

walk(opt.features);
bytesRead += readFileSync(opt.config, 'utf8').length;
const historyDir = opt.history;
if (historyDir !== undefined) {
  for (const stream of readdirSync(historyDir, { withFileTypes: true })) {
    if (!stream.isDirectory() || stream.name.startsWith('.')) continue;
    for (const f of readdirSync(path.join(historyDir, stream.name))) if (!f.startsWith('.')) bytesRead += readFileSync(path.join(historyDir, stream.name, f)).length;
  }
}

const blob = readFileSync(opt.outputs);
let at = blob.indexOf(10);
const count = Number(blob.subarray(0, at).toString());
const files = [];
for (let i = 0; i < count; i++) {
  const end = blob.indexOf(10, at + 1);
  const [name, size] = blob.subarray(at + 1, end).toString().split('\t');
  files.push([name, Number(size)]);
  at = end;
}
let offset = at + 1;
for (const [name, size] of files) {
  const bytes = blob.subarray(offset, offset + size);
  offset += size;
  if (name === '-') {
    writeSync(1, bytes);
  } else {
    const file = path.join(opt.root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
}
if (process.env.FLOOR_DEBUG) process.stderr.write(`read ${bytesRead} chars, wrote ${offset - at - 1} bytes in ${files.length} files\n`);
