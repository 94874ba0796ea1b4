/**
 * Grouping and open matching at scale: `npx tsx scripts/bench/grouping.ts [--records 1000000]`.
 * Prints the time to score a shuffled CSV submission (parse, id join, contingency, all seven
 * metrics on all/public/private) and the group-bootstrap interval of the ranking metric.
 */
import { parseArgs } from 'node:util';
import { buildGroupingKey } from '@/lib/scoring/grouping/key';
import { groupingInterval } from '@/lib/scoring/grouping/bootstrap';
import { buildOpenMatchingKey } from '@/lib/scoring/open-matching/key';
import { scoreSubmission } from '@/lib/scoring/score';
import { mulberry32 } from '@/lib/scoring/split';

const { values } = parseArgs({ options: { records: { type: 'string', default: '1000000' } } });
const n = Number(values.records);
// On a shared machine wall time says little; CPU time of this process is printed beside it.
let cpu = process.cpuUsage();
const took = (t0: number) => {
  const c = process.cpuUsage(cpu);
  cpu = process.cpuUsage();
  return `${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU`;
};
const rand = mulberry32(1);
const ids = Array.from({ length: n }, (_, i) => `rec-${i}`);
// Variant-shaped groups: sizes 1–8, about half singletons.
const groups: string[] = [];
for (let g = 0; groups.length < n; g++) {
  const size = rand() < 0.5 ? 1 : 2 + Math.floor(rand() * 7);
  for (let k = 0; k < size && groups.length < n; k++) groups.push(`g${g}`);
}
let t = performance.now();
cpu = process.cpuUsage();
const key = buildGroupingKey({ ids, groups, seed: 5, publicFraction: 0.3 });
console.log(`grouping key of ${n} records: ${took(t)}`);
const order = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
const lines = ['id,group'];
for (const i of order) lines.push(`${ids[i]},${rand() < 0.1 ? `x${i}` : `c-${groups[i]}`}`);
const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
t = performance.now();
cpu = process.cpuUsage();
const r = await scoreSubmission({ key, file: { bytes }, fileName: 'groups.csv' });
console.log(`score ${n} shuffled rows (${(bytes.length / 1e6).toFixed(0)} MB CSV): ${took(t)}; pairwise_f1 ${r.all.pairwise_f1.toFixed(4)}, adjusted_rand ${r.all.adjusted_rand.toFixed(4)}`);
t = performance.now();
cpu = process.cpuUsage();
groupingInterval({ key, predictions: r.predictions, metric: 'pairwise_f1', want: 1 });
console.log(`group-bootstrap interval (1000 resamples, public part): ${took(t)}`);

const m = Math.floor(n / 2);
const left = ids.slice(0, m);
const right = ids.slice(m).map((x) => `r${x}`);
const truth = { left: left.slice(0, m / 2), right: right.slice(0, m / 2) };
const ok = buildOpenMatchingKey({ leftRecords: left, rightRecords: right, matches: truth, seed: 5, publicFraction: 0.3 });
const pairLines = ['left_id,right_id,score'];
for (let i = 0; i < m; i++) pairLines.push(`${left[i]},${right[i < m / 2 && rand() < 0.8 ? i : (i * 7) % right.length]},${rand().toFixed(4)}`);
const pairBytes = new TextEncoder().encode(pairLines.join('\n') + '\n');
t = performance.now();
cpu = process.cpuUsage();
const o = await scoreSubmission({ key: ok, file: { bytes: pairBytes }, fileName: 'pairs.csv' });
console.log(`open matching, ${m} submitted pairs against ${m / 2} true matches: ${took(t)}; precision ${o.all.precision.toFixed(4)}, recall ${o.all.recall.toFixed(4)}`);
