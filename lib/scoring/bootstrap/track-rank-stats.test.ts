import { describe, expect, it } from 'vitest';
import type { TrackTask } from '@/lib/leaderboard/track';
import { mulberry32 } from '@/lib/scoring/split';
import { trackRankStats } from './track-rank-stats';

const unit = { worst: 0, best: 1 };
const tasks: TrackTask[] = [
  { id: 'a', higherIsBetter: true, bounded: unit },
  { id: 'b', higherIsBetter: true, bounded: unit },
];

function noisy(score: number, sd: number, seed: number, resamples = 1000): Float64Array {
  const rand = mulberry32(seed);
  return Float64Array.from({ length: resamples }, () => score + sd * (rand() + rand() + rand() - 1.5) * 2);
}

describe('trackRankStats', () => {
  it('gives a dominant team P(first) = 1 and rank interval 1–1', () => {
    const stats = trackRankStats({
      tasks,
      teams: [
        { teamId: 'top', perTaskResampledScores: { a: noisy(0.9, 0.01, 1), b: noisy(0.9, 0.01, 2) } },
        { teamId: 'mid', perTaskResampledScores: { a: noisy(0.7, 0.01, 3), b: noisy(0.7, 0.01, 4) } },
        { teamId: 'low', perTaskResampledScores: { a: noisy(0.5, 0.01, 5), b: noisy(0.5, 0.01, 6) } },
      ],
    });
    expect(stats.rule).toBe('average');
    expect(stats.resamples).toBe(1000);
    expect(stats.teams).toEqual([
      { teamId: 'top', pFirst: 1, rankLow: 1, rankHigh: 1 },
      { teamId: 'mid', pFirst: 0, rankLow: 2, rankHigh: 2 },
      { teamId: 'low', pFirst: 0, rankLow: 3, rankHigh: 3 },
    ]);
  });

  it('splits first place between indistinguishable teams, and the shares sum to 1', () => {
    const same = { a: noisy(0.8, 0.02, 7), b: noisy(0.8, 0.02, 8) };
    const stats = trackRankStats({
      tasks,
      teams: [
        { teamId: 'x', perTaskResampledScores: same },
        { teamId: 'y', perTaskResampledScores: same },
        { teamId: 'close', perTaskResampledScores: { a: noisy(0.8, 0.02, 9), b: noisy(0.8, 0.02, 10) } },
      ],
    });
    const [x, y, close] = stats.teams;
    expect(x.pFirst).toBe(y.pFirst);
    expect(x.pFirst + y.pFirst + close.pFirst).toBeCloseTo(1, 12);
    expect(close.pFirst).toBeGreaterThan(0.3);
    expect(close.pFirst).toBeLessThan(0.7);
    expect([close.rankLow, close.rankHigh]).toEqual([1, 3]);
    expect([x.rankLow, x.rankHigh]).toEqual([1, 2]); // x and y always tie: both 1st or both 2nd
  });

  it('ranks a missing task last in every resample and follows lower-is-better tasks by mean rank', () => {
    const mixed: TrackTask[] = [
      { id: 'acc', higherIsBetter: true, bounded: unit },
      { id: 'loss', higherIsBetter: false, bounded: null },
    ];
    const stats = trackRankStats({
      tasks: mixed,
      teams: [
        { teamId: 'both', perTaskResampledScores: { acc: noisy(0.6, 0.01, 11), loss: noisy(0.3, 0.01, 12) } },
        { teamId: 'acc-only', perTaskResampledScores: { acc: noisy(0.9, 0.01, 13) } },
        { teamId: 'worse', perTaskResampledScores: { acc: noisy(0.5, 0.01, 14), loss: noisy(0.9, 0.01, 15) } },
      ],
    });
    expect(stats.rule).toBe('mean_rank');
    // Mean ranks: both (2 + 1) / 2 = 1.5, acc-only (1 + 3) / 2 = 2, worse (3 + 2) / 2 = 2.5.
    expect(stats.teams.map((t) => [t.teamId, t.pFirst, t.rankLow, t.rankHigh])).toEqual([
      ['both', 1, 1, 1],
      ['acc-only', 0, 2, 2],
      ['worse', 0, 3, 3],
    ]);
  });

  it('refuses resampled scores of different lengths', () => {
    expect(() =>
      trackRankStats({ tasks, teams: [{ teamId: 't', perTaskResampledScores: { a: new Float64Array(10), b: new Float64Array(20) } }] }),
    ).toThrow(/20 resamples on task b, others 10/);
  });
});
