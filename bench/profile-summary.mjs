#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`, or `npm run bench -- --cpu-prof`): self time by
// function and by source area (firemend src/ folder, ssh2, node internals), to find where a run's CPU goes.
//   node bench/profile-summary.mjs FILE.cpuprofile [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
const prof = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(url) {
  if (!url) return '(native/idle/gc)';
  let m = /\/dist\/src\/([^/]+)\//.exec(url);
  if (m) return `firemend src/${m[1]}`;
  m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return `npm ${m[1]}`;
  if (url.startsWith('node:')) return `node ${url.slice(5).split('/')[0]}`;
  return url;
}
const fn = new Map();
const areas = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const cf = n.callFrame;
  const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + t);
  const a = cf.functionName === '(garbage collector)' ? '(garbage collector)' : cf.functionName === '(idle)' ? '(idle)' : area(cf.url);
  areas.set(a, (areas.get(a) ?? 0) + t);
}
const pct = (t) => `${((100 * t) / total).toFixed(1).padStart(5)} %  ${(t / 1e6).toFixed(2).padStart(7)} s`;
console.log(`total sampled: ${(total / 1e6).toFixed(2)} s\n\nby area:`);
for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 25)) console.log(`${pct(t)}  ${a}`);
console.log('\nby function (self time):');
for (const [k, t] of [...fn].sort((x, y) => y[1] - x[1]).slice(0, Number(values.top))) console.log(`${pct(t)}  ${k}`);
