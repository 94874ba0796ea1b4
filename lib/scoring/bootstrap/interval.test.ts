import { describe, expect, it } from 'vitest';
import { classificationMetricsFromConfusion, logLossFromRows } from '@/lib/scoring/metrics';
import { mulberry32 } from '@/lib/scoring/split';
import { bootstrapInterval, bootstrapIntervals, bootstrapMeanInterval, quantile } from './interval';
import { resampleWeights } from './resample-plan';

/** Rows of a binary task where the submission is right with probability `accuracy`. */
function simulate(n: number, accuracy: number, rand: () => number) {
  const truth = new Int32Array(n);
  const predicted = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    truth[r] = rand() < 0.5 ? 1 : 0;
    predicted[r] = rand() < accuracy ? truth[r] : 1 - truth[r];
  }
  return { truth, predicted };
}

function coverage({ tasks, n, maxBlocks }: { tasks: number; n: number; maxBlocks?: number }): number {
  const rand = mulberry32(20261123);
  let covered = 0;
  for (let task = 0; task < tasks; task++) {
    const accuracy = 0.6 + 0.35 * rand();
    const { truth, predicted } = simulate(n, accuracy, rand);
    const plan = resampleWeights({ n, seed: task, resamples: 1000, maxBlocks });
    const { low, high } = bootstrapInterval({ truth, predicted, k: 2, metric: 'accuracy', seed: task, plan });
    if (low <= accuracy && accuracy <= high) covered++;
  }
  return covered / tasks;
}

describe('bootstrapInterval coverage (simulated tasks with a known true accuracy)', () => {
  it('covers the true accuracy in 93–97 % of 400 tasks (one block per row)', () => {
    const share = coverage({ tasks: 400, n: 400 });
    console.log(`row-level bootstrap coverage: ${share}`);
    expect(share).toBeGreaterThanOrEqual(0.93);
    expect(share).toBeLessThanOrEqual(0.97);
  });

  it('covers it in 93–97 % of 300 tasks when rows share blocks (20,000 rows, 256 blocks)', () => {
    const share = coverage({ tasks: 300, n: 20_000, maxBlocks: 256 });
    console.log(`blocked bootstrap coverage: ${share}`);
    expect(share).toBeGreaterThanOrEqual(0.93);
    expect(share).toBeLessThanOrEqual(0.97);
  });
});

describe('bootstrapInterval', () => {
  const rand = mulberry32(7);
  const n = 3000;
  const k = 5;
  const truth = new Int32Array(n);
  const predicted = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    truth[r] = Math.floor(rand() * k);
    predicted[r] = rand() < 0.7 ? truth[r] : Math.floor(rand() * k);
  }

  it('reports the board value exactly and brackets it', () => {
    const confusion = new Float64Array(k * k);
    for (let r = 0; r < n; r++) confusion[truth[r] * k + predicted[r]]++;
    const expected = classificationMetricsFromConfusion({ confusion, k });
    const all = bootstrapIntervals({ truth, predicted, k, seed: 1, metrics: ['accuracy', 'macro_f1', 'balanced_accuracy', 'cohen_kappa'] });
    for (const [metric, result] of Object.entries(all)) {
      expect(result.value).toBe(expected[metric]);
      expect(result.low).toBeLessThan(result.value);
      expect(result.high).toBeGreaterThan(result.value);
      expect(result.resampledValues).toHaveLength(1000);
    }
    // Binomial standard error √(0.76·0.24/3000) ≈ 0.0078, so the 95 % interval is ≈ 0.031 wide.
    expect(all.accuracy.high - all.accuracy.low).toBeGreaterThan(0.026);
    expect(all.accuracy.high - all.accuracy.low).toBeLessThan(0.035);
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = bootstrapInterval({ truth, predicted, k, metric: 'macro_f1', seed: 42 });
    const b = bootstrapInterval({ truth, predicted, k, metric: 'macro_f1', seed: 42 });
    const c = bootstrapInterval({ truth, predicted, k, metric: 'macro_f1', seed: 43 });
    expect(b).toEqual(a);
    expect(c.resampledValues).not.toEqual(a.resampledValues);
  });

  it('looks only at the rows of the mask', () => {
    const mask = new Uint8Array(n).map((_, r) => (r % 3 === 0 ? 1 : 0));
    const changed = predicted.slice();
    for (let r = 0; r < n; r++) if (!mask[r]) changed[r] = (changed[r] + 1) % k;
    const a = bootstrapInterval({ truth, predicted, mask, k, metric: 'accuracy', seed: 9 });
    const b = bootstrapInterval({ truth, predicted: changed, mask, k, metric: 'accuracy', seed: 9 });
    expect(b).toEqual(a);
    const kept = Array.from(mask).reduce((s, m) => s + m, 0);
    let right = 0;
    for (let r = 0; r < n; r++) if (mask[r] && truth[r] === predicted[r]) right++;
    expect(a.value).toBe(right / kept);
  });

  it('refuses a plan made for another task and labels outside [0, k)', () => {
    const plan = resampleWeights({ n: n + 1, seed: 1 });
    expect(() => bootstrapInterval({ truth, predicted, k, metric: 'accuracy', seed: 1, plan })).toThrow(/plan is for n=3001/);
    expect(() => bootstrapInterval({ truth, predicted, k: 3, metric: 'accuracy', seed: 1 })).toThrow(/class indices must lie in \[0, 3\)/);
    expect(() => bootstrapInterval({ truth, predicted, k, metric: 'f1', seed: 1 })).toThrow(/needs k = 2/);
    expect(() => bootstrapInterval({ truth, predicted, k, metric: 'log_loss', seed: 1 })).toThrow(/bootstrapMeanInterval/);
  });
});

describe('bootstrapMeanInterval (log_loss)', () => {
  it('gives the metrics module value exactly and an interval of the expected width', () => {
    const rand = mulberry32(3);
    const losses = Float64Array.from({ length: 5000 }, () => -Math.log(0.05 + 0.95 * rand()));
    const result = bootstrapMeanInterval({ values: losses, seed: 8 });
    expect(result.value).toBe(logLossFromRows({ losses }));
    let sq = 0;
    for (const v of losses) sq += (v - result.value) ** 2;
    const standardError = Math.sqrt(sq / losses.length / losses.length);
    // A 95 % interval spans about 2 × 1.96 standard errors.
    expect((result.high - result.low) / standardError).toBeGreaterThan(3.6);
    expect((result.high - result.low) / standardError).toBeLessThan(4.3);
  });
});

describe('quantile', () => {
  it('interpolates like numpy and ignores NaN', () => {
    expect(quantile([4, 1, 3, 2, NaN], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.025)).toBe(1.1);
    expect(quantile([NaN], 0.5)).toBeNaN();
  });
});
