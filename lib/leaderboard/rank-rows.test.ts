import { describe, expect, it } from 'vitest';
import { competitionRanks, rankRows } from './rank-rows';

const t = (minute: number) => new Date(Date.UTC(2026, 10, 23, 10, minute));

describe('rankRows', () => {
  const rows = [
    { team: 'late-tie', score: 0.9, at: t(30) },
    { team: 'worst', score: 0.5, at: t(1) },
    { team: 'best', score: 0.95, at: t(50) },
    { team: 'early-tie', score: 0.9, at: t(10) },
    { team: 'fourth', score: 0.7, at: t(0) },
  ];

  it('ranks higher-is-better with competition ranking, ties earliest first', () => {
    const ranked = rankRows({ rows, score: (r) => r.score, at: (r) => r.at, higherIsBetter: true });
    expect(ranked.map((r) => [r.team, r.rank])).toEqual([
      ['best', 1],
      ['early-tie', 2],
      ['late-tie', 2],
      ['fourth', 4],
      ['worst', 5],
    ]);
  });

  it('ranks lower-is-better (log_loss) the other way', () => {
    const ranked = rankRows({ rows, score: (r) => r.score, at: (r) => r.at, higherIsBetter: false });
    expect(ranked.map((r) => [r.team, r.rank])).toEqual([
      ['worst', 1],
      ['fourth', 2],
      ['early-tie', 3],
      ['late-tie', 3],
      ['best', 5],
    ]);
  });

  it('treats only exactly equal doubles as tied', () => {
    const close = [
      { id: 'a', score: 0.1 + 0.2, at: 2 },
      { id: 'b', score: 0.3, at: 1 },
    ];
    const ranked = rankRows({ rows: close, score: (r) => r.score, at: (r) => r.at, higherIsBetter: true });
    expect(ranked.map((r) => [r.id, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });

  it('accepts epoch milliseconds, keeps input order on a full tie, and keeps row fields', () => {
    const same = [
      { id: 'x', s: 1, at: 5, extra: true },
      { id: 'y', s: 1, at: 5, extra: false },
    ];
    const ranked = rankRows({ rows: same, score: (r) => r.s, at: (r) => r.at, higherIsBetter: true });
    expect(ranked).toEqual([
      { id: 'x', s: 1, at: 5, extra: true, rank: 1 },
      { id: 'y', s: 1, at: 5, extra: false, rank: 1 },
    ]);
  });

  it('refuses a NaN score instead of placing it arbitrarily', () => {
    expect(() => rankRows({ rows: [{ s: NaN }], score: (r) => r.s, at: () => 0, higherIsBetter: true })).toThrow(/row 0 is NaN/);
  });
});

describe('competitionRanks', () => {
  it('gives 1, 2, 2, 4 and puts NaN last', () => {
    expect(Array.from(competitionRanks([0.5, 0.9, 0.7, 0.7, NaN], true))).toEqual([4, 1, 2, 2, 5]);
    expect(Array.from(competitionRanks([0.5, 0.9, 0.7, 0.7, NaN], false))).toEqual([1, 4, 2, 2, 5]);
  });
});
