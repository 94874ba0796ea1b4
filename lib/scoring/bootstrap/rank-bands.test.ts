import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@/lib/scoring/split';
import { boardSignificance, rankBands, type BandInput } from './rank-bands';

/** Resampled values: the score plus independent normal noise (Box–Muller), fixed seed. */
function noisy(score: number, sd: number, seed: number, resamples = 1000): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: resamples }, () => score + sd * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
}

describe('rankBands', () => {
  // Differences of one step (0.005) are within noise (sd of a difference ≈ 0.0042),
  // two steps are not, and the fourth team is far behind.
  const rows: BandInput[] = [0.9, 0.895, 0.89, 0.8].map((score, i) => ({ rank: i + 1, score, resampledValues: noisy(score, 0.003, 100 + i) }));

  it('spans from the best to the worst rank of the consecutive teams a team is tied with', () => {
    expect(rankBands(rows).map((b) => b.label)).toEqual(['1–2', '1–3', '2–3', '4']);
  });

  it('reports the tests against the team above and against the leader', () => {
    const significance = boardSignificance(rows);
    expect(significance[0].vsAbove).toBeNull();
    expect(significance[0].vsLeader).toBeNull();
    expect(significance[1].vsAbove!.distinguishable).toBe(false);
    expect(significance[2].vsAbove!.distinguishable).toBe(false);
    expect(significance[2].vsLeader!.distinguishable).toBe(true);
    expect(significance[3].vsAbove).toEqual({ method: 'paired_bootstrap', pValue: 2 / 1001, distinguishable: true });
  });

  it('keeps teams with one score (shared rank) in one band', () => {
    const same = noisy(0.7, 0.01, 1);
    const tied: BandInput[] = [
      { rank: 1, score: 0.95, resampledValues: noisy(0.95, 0.001, 2) },
      { rank: 2, score: 0.7, resampledValues: same },
      { rank: 2, score: 0.7, resampledValues: same },
    ];
    expect(rankBands(tied)).toEqual([
      { from: 1, to: 1, label: '1' },
      { from: 2, to: 2, label: '2' },
      { from: 2, to: 2, label: '2' },
    ]);
  });

  it('accepts another pairwise test (e.g. McNemar) and refuses rows out of rank order', () => {
    const allTied = () => ({ method: 'mcnemar_exact' as const, pValue: 0.5, distinguishable: false });
    expect(rankBands(rows, allTied).map((b) => b.label)).toEqual(['1–4', '1–4', '1–4', '1–4']);
    expect(() => rankBands([rows[1], rows[0]])).toThrow(/rank order/);
  });
});
