// Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and total time per
// file, so the hot spots of a run can be read without DevTools.
// usage: node bench/profile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (url) => url.replace(/^file:\/\/.*?\/(node_modules\/|dist\/)/, '$1');
const fnSelf = new Map();
const fileSelf = new Map();
for (const [id, us] of self) {
  const { callFrame: cf } = byId.get(id);
  const key = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
  fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
  const f = short(cf.url) || `(${cf.functionName})`;
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + us);
}
const ms = (us) => `${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms\n\nself time by function:`);
for (const [k, v] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
// Inclusive time of our own functions (dist/): self plus everything they call, recursion counted once.
const children = new Map(prof.nodes.map((n) => [n.id, n.children ?? []]));
const inclusive = new Map();
const walk = (id, open) => {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${short(cf.url)}:${cf.lineNumber + 1}`;
  let sum = self.get(id) ?? 0;
  const mine = cf.url.includes('/dist/') && !open.has(key);
  if (mine) open.add(key);
  for (const c of children.get(id)) sum += walk(c, open);
  if (mine) {
    open.delete(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
  }
  return sum;
};
walk(prof.nodes[0].id, new Set());
console.log('\ninclusive time of dist/ functions:');
for (const [k, v] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
console.log('\nself time by file:');
for (const [k, v] of [...fileSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)}  ${k}`);
