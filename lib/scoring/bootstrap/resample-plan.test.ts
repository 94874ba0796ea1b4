import { describe, expect, it } from 'vitest';
import { resampleWeights } from './resample-plan';

describe('resampleWeights', () => {
  it('gives the same resamples for the same seed and different ones for another seed', () => {
    const a = resampleWeights({ n: 5000, seed: 11, resamples: 200, maxBlocks: 300 });
    const b = resampleWeights({ n: 5000, seed: 11, resamples: 200, maxBlocks: 300 });
    const c = resampleWeights({ n: 5000, seed: 12, resamples: 200, maxBlocks: 300 });
    expect(b.weights).toEqual(a.weights);
    expect(b.blockOf).toEqual(a.blockOf);
    expect(c.weights).not.toEqual(a.weights);
  });

  it('keeps resample b the same whatever the number of resamples', () => {
    const short = resampleWeights({ n: 50, seed: 3, resamples: 10 });
    const long = resampleWeights({ n: 50, seed: 3, resamples: 1000 });
    for (let g = 0; g < 50; g++) expect(Array.from(short.weights.subarray(g * 10, g * 10 + 10))).toEqual(Array.from(long.weights.subarray(g * 1000, g * 1000 + 10)));
  });

  it('is pinned: a change of generator would change every stored interval', () => {
    const plan = resampleWeights({ n: 100, seed: 2026, resamples: 10 });
    let sum = 0;
    for (const w of plan.weights) sum += w;
    expect(Array.from(plan.weights.subarray(0, 10))).toEqual([3, 2, 2, 0, 1, 0, 2, 0, 1, 3]);
    expect(sum).toBe(993);
  });

  it('draws Poisson(1) weights: mean 1, variance 1, P(0) = 1/e', () => {
    const { weights } = resampleWeights({ n: 1000, seed: 5, resamples: 1000 });
    let sum = 0;
    let sumSq = 0;
    let zeros = 0;
    for (const w of weights) {
      sum += w;
      sumSq += w * w;
      if (w === 0) zeros++;
    }
    const mean = sum / weights.length;
    expect(Math.abs(mean - 1)).toBeLessThan(0.005);
    expect(Math.abs(sumSq / weights.length - mean * mean - 1)).toBeLessThan(0.01);
    expect(Math.abs(zeros / weights.length - Math.exp(-1))).toBeLessThan(0.003);
  });

  it('uses one block per row up to maxBlocks, then deals rows evenly to maxBlocks blocks', () => {
    const small = resampleWeights({ n: 700, seed: 1, resamples: 5, maxBlocks: 1024 });
    expect(small.blocks).toBe(700);
    expect(small.blockOf).toBeNull();
    const large = resampleWeights({ n: 100_000, seed: 1, resamples: 5, maxBlocks: 100 });
    expect(large.blocks).toBe(100);
    const sizes = new Array(100).fill(0);
    for (const g of large.blockOf!) sizes[g]++;
    // 1,000 rows per block on average; a hash deals them like a multinomial (sd ≈ 31).
    expect(Math.min(...sizes)).toBeGreaterThan(850);
    expect(Math.max(...sizes)).toBeLessThan(1150);
  });

  it('refuses nonsense sizes', () => {
    expect(() => resampleWeights({ n: 0, seed: 1 })).toThrow(/n must be a positive integer/);
    expect(() => resampleWeights({ n: 10, seed: 1, resamples: 0 })).toThrow(/resamples/);
    expect(() => resampleWeights({ n: 10, seed: 1.5 })).toThrow(/seed/);
  });
});
