/**
 * Timing of the bootstrap at the scale: 1M rows, k = 50, 1,000 resamples.
 * Run: npx tsx lib/scoring/bootstrap/bootstrap.bench.ts   (prints figures; not a test)
 */
import { mulberry32 } from '@/lib/scoring/split';
import { bootstrapIntervals } from './interval';
import { pairedTest } from './paired-test';
import { resampleWeights } from './resample-plan';

const n = 1_000_000;
const k = 50;
const rand = mulberry32(1);
const truth = new Int32Array(n);
const predicted = new Int32Array(n);
const other = new Int32Array(n);
for (let r = 0; r < n; r++) {
  truth[r] = Math.floor(rand() * k);
  predicted[r] = rand() < 0.7 ? truth[r] : Math.floor(rand() * k);
  other[r] = rand() < 0.02 ? Math.floor(rand() * k) : predicted[r];
}
const publicMask = new Uint8Array(n).map(() => (rand() < 0.3 ? 1 : 0));
// Wall time, and the process's CPU time beside it: on a busy 2-core machine the latter is the fairer figure.
let cpu0 = process.cpuUsage();
const ms = (t0: number) => {
  const cpu = process.cpuUsage(cpu0);
  cpu0 = process.cpuUsage();
  return `${(performance.now() - t0).toFixed(0)} ms (cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms)`;
};
const start = () => {
  cpu0 = process.cpuUsage();
  return performance.now();
};

for (let round = 1; round <= 3; round++) {
  let t0 = start();
  const plan = resampleWeights({ n, seed: 7, resamples: 1000 });
  console.log(`round ${round}: plan (once per task, reusable) ${ms(t0)}`);
  for (const metrics of [['accuracy'], ['macro_f1'], ['accuracy', 'macro_f1', 'micro_f1', 'weighted_f1', 'balanced_accuracy', 'cohen_kappa']]) {
    t0 = start();
    const all = bootstrapIntervals({ truth, predicted, k, metrics, seed: 7, plan });
    const allTime = ms(t0);
    t0 = start();
    bootstrapIntervals({ truth, predicted, mask: publicMask, k, metrics, seed: 7, plan });
    const publicTime = ms(t0);
    const first = all[metrics[0]];
    console.log(`  ${metrics.join('+')}: all rows ${allTime}, public 30 % ${publicTime}; ${metrics[0]} ${first.value.toFixed(4)} [${first.low.toFixed(4)}, ${first.high.toFixed(4)}]`);
  }
  const a = bootstrapIntervals({ truth, predicted, k, metrics: ['macro_f1'], seed: 7, plan }).macro_f1;
  const b = bootstrapIntervals({ truth, predicted: other, k, metrics: ['macro_f1'], seed: 7, plan }).macro_f1;
  t0 = start();
  const test = pairedTest({ a: a.resampledValues, b: b.resampledValues, observedDiff: a.value - b.value });
  console.log(`  paired test ${ms(t0)}: diff ${(a.value - b.value).toFixed(5)}, p ${test.pValue.toFixed(4)}`);
}
