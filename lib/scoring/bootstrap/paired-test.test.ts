import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/scoring/split';
import { bootstrapInterval } from './interval';
import { mcnemarTest, pairedTest } from './paired-test';
import { resampleWeights } from './resample-plan';

const n = 5000;
const rand = mulberry32(31);
const truth = Int32Array.from({ length: n }, () => Math.floor(rand() * 3));
const strong = truth.map((t) => (rand() < 0.8 ? t : (t + 1) % 3));
const plan = resampleWeights({ n, seed: 77 });

/** `strong` with its first `count` correct rows made wrong: a known accuracy gap of count / n. */
function weakened(count: number, startAt = 0): Int32Array {
  const out = strong.slice();
  let changed = 0;
  for (let r = startAt; r < n && changed < count; r++) {
    if (out[r] === truth[r]) {
      out[r] = (truth[r] + 1) % 3;
      changed++;
    }
  }
  return out;
}

function accuracy(predicted: Int32Array) {
  return bootstrapInterval({ truth, predicted, k: 3, metric: 'accuracy', seed: 77, plan });
}

describe('pairedTest (paired bootstrap)', () => {
  it('finds a real 2-point accuracy gap that the two intervals alone do not separate', () => {
    const a = accuracy(strong);
    const b = accuracy(weakened(100));
    expect(a.value - b.value).toBeCloseTo(0.02, 12);
    expect(b.high).toBeGreaterThan(a.low); // the unpaired intervals overlap…
    const test = pairedTest({ a: a.resampledValues, b: b.resampledValues, observedDiff: a.value - b.value });
    expect(test).toEqual({ method: 'paired_bootstrap', pValue: 2 / 1001, distinguishable: true }); // …the paired test does not flip once
  });

  it('does not flag two copies of one submission, nor two that trade an equal number of rows', () => {
    const a = accuracy(strong);
    const copy = accuracy(strong.slice());
    expect(pairedTest({ a: a.resampledValues, b: copy.resampledValues, observedDiff: 0 })).toEqual({ method: 'paired_bootstrap', pValue: 1, distinguishable: false });
    // Wrong on 20 other rows and right on 20 rows `strong` misses: same accuracy, different rows.
    const traded = weakened(20, 2500);
    let fixed = 0;
    for (let r = 0; r < n && fixed < 20; r++) {
      if (traded[r] !== truth[r]) {
        traded[r] = truth[r];
        fixed++;
      }
    }
    const b = accuracy(traded);
    expect(b.value).toBe(a.value);
    expect(pairedTest({ a: a.resampledValues, b: b.resampledValues, observedDiff: a.value - b.value }).distinguishable).toBe(false);
  });

  it('does not flag a gap of 3 rows in 5,000', () => {
    const a = accuracy(strong);
    const b = accuracy(weakened(3));
    const test = pairedTest({ a: a.resampledValues, b: b.resampledValues, observedDiff: a.value - b.value });
    expect(test.distinguishable).toBe(false);
    // The sign flips only when all 3 rows get weight 0: P = e⁻³, so p ≈ 2e⁻³ ≈ 0.0996.
    expect(test.pValue).toBeCloseTo(0.0959, 4);
  });

  it('is symmetric in the order of the teams', () => {
    const a = accuracy(strong);
    const b = accuracy(weakened(12));
    const ab = pairedTest({ a: a.resampledValues, b: b.resampledValues, observedDiff: a.value - b.value });
    const ba = pairedTest({ a: b.resampledValues, b: a.resampledValues, observedDiff: b.value - a.value });
    expect(ba).toEqual(ab);
  });
});

describe('mcnemarTest', () => {
  function pair(onlyA: number, onlyB: number, both: number) {
    const len = onlyA + onlyB + both + 10;
    const t = new Int32Array(len);
    const a = new Int32Array(len);
    const b = new Int32Array(len);
    for (let r = 0; r < len; r++) {
      const rightA = r < onlyA || r >= onlyA + onlyB;
      const rightB = r >= onlyA;
      a[r] = rightA && r < len - 10 ? 0 : 1;
      b[r] = rightB && r < len - 10 ? 0 : 1; // the last 10 rows both get wrong
    }
    return { truth: t, a, b };
  }

  it('uses the exact binomial test below 25 discordant rows', () => {
    const clear = mcnemarTest(pair(10, 2, 50));
    expect(clear).toMatchObject({ method: 'mcnemar_exact', distinguishable: true, onlyA: 10, onlyB: 2 });
    expect(clear.pValue).toBeCloseTo(158 / 4096, 12); // 2 · P(X ≤ 2), X ~ Bin(12, ½)
    const r = mcnemarTest(pair(17, 7, 50));
    expect(r.method).toBe('mcnemar_exact');
    expect(r.pValue).toBeCloseTo(0.06391465663909912, 12);
    expect(r.distinguishable).toBe(false);
  });

  it('uses χ² with continuity correction from 25 discordant rows', () => {
    const r = mcnemarTest(pair(30, 10, 100));
    expect(r.method).toBe('mcnemar_chi2');
    expect(r.pValue).toBeCloseTo(0.002663119259138554, 6);
    expect(mcnemarTest(pair(20, 20, 5)).pValue).toBe(1);
  });

  it('finds the same gap as the paired bootstrap, and nothing between copies', () => {
    const gap = mcnemarTest({ truth, a: strong, b: weakened(100) });
    expect(gap).toMatchObject({ method: 'mcnemar_chi2', onlyA: 100, onlyB: 0, distinguishable: true });
    expect(gap.pValue).toBeLessThan(1e-20);
    expect(mcnemarTest({ truth, a: strong, b: strong })).toMatchObject({ method: 'mcnemar_exact', pValue: 1, distinguishable: false });
  });

  it('counts only the rows of the mask', () => {
    const mask = new Uint8Array(n).fill(1, 2500);
    expect(mcnemarTest({ truth, a: strong, b: weakened(20, 0), mask })).toMatchObject({ onlyA: 0, onlyB: 0, pValue: 1 });
  });
});
