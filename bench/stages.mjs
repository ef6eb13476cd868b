// Splits a .cpuprofile of one metaxy-compile run into pipeline stages (inclusive times of the
// functions that start each stage), for the README's "where the time goes". Functions are
// found in their module (an unbundled build) or in the bundled dist/cli/main.js by name
// (esbuild keeps names; one that clashes gets a digit appended).
// usage: node bench/stages.mjs <file.cpuprofile>
import { readFileSync } from 'node:fs';

const prof = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
const STAGES = [
  ['read spec files', /^(readFileSync|findSpecFiles)$/, /spec\/load\.js/],
  ['spec cache: read + JSON.parse', /^(openSpecCache|get)$/, /spec\/cache\.js/],
  ['parse + validate + build (misses)', /^checkFile$/, /spec\/read-features\.js/],
  ['spec cache: write', /^(put|save)$/, /spec\/cache\.js/],
  ['checks across features', /^checkGraph$/, /spec\/graph\.js/],
  ['resolve', /^resolve$/, /resolve\/resolve\.js/],
  ['emit SQL (dialects)', /^(createScript|render)$/, /(compile|migrate)\.js/],
  ['read history: JSON.parse state', /^parseState$/, /migrations\/state\.js/],
  ['history format (cli chooseFormat)', /^chooseFormat$/, /cli\/migrate-command\.js/],
  ['diff + plan', /^(diff|plan)$/, /(diff\/diff|plan\/plan)\.js/],
  ['state JSON', /^stateText$/, /migrations\/state\.js/],
  ['checksums (SHA-256)', /^(runningSum|hashFile)$/, /migrations\/sum\.js/],
  ['write files', /^writeAtomic$/, /cli\/write-file\.js/],
];
const totals = new Map(STAGES.map(([name]) => [name, 0]));
let gc = 0;
const other = new Map();
let all = 0;
const walk = (id, inStage) => {
  const n = byId.get(id);
  const cf = n.callFrame;
  const bundled = /cli\/main\.js$/.test(cf.url);
  const name = bundled ? cf.functionName.replace(/\d+$/, '') : cf.functionName;
  const stage = inStage ?? STAGES.find(([, fn, url]) => fn.test(name) && (bundled || url.test(cf.url)))?.[0];
  const t = self.get(id) ?? 0;
  all += t;
  if (cf.functionName === '(garbage collector)') gc += t;
  else if (stage) totals.set(stage, totals.get(stage) + t);
  else if (process.env.STAGES_DEBUG && t > 0) other.set(`${cf.functionName} ${cf.url.split('/').slice(-2).join('/')}`, (other.get(`${cf.functionName} ${cf.url.split('/').slice(-2).join('/')}`) ?? 0) + t);
  for (const c of n.children ?? []) walk(c, stage);
};
walk(prof.nodes[0].id, undefined);
const ms = (us) => `${Math.round(us / 1000)} ms`;
let staged = 0;
for (const [name, us] of totals) if (us > 0) { staged += us; console.log(`${name.padEnd(36)} ${ms(us).padStart(8)}`); }
console.log(`${'garbage collection'.padEnd(36)} ${ms(gc).padStart(8)}`);
console.log(`${'start, module loading, other'.padEnd(36)} ${ms(all - staged - gc).padStart(8)}`);
console.log(`${'total (sampled)'.padEnd(36)} ${ms(all).padStart(8)}`);
if (process.env.STAGES_DEBUG) for (const [k, v] of [...other].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  other: ${k} ${ms(v)}`);
