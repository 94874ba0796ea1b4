import { describe, expect, it } from 'vitest';
import { aggregateTrack, meanRankOf, metricBounds, missingTaskRank, trackRule, type TrackTask } from './track';

const unit = metricBounds('accuracy');

describe('metricBounds', () => {
  it('knows each SPEC metric', () => {
    for (const m of ['accuracy', 'macro_f1', 'micro_f1', 'weighted_f1', 'balanced_accuracy', 'f1', 'precision', 'recall', 'average_precision']) {
      expect(metricBounds(m)).toEqual({ worst: 0, best: 1 });
    }
    expect(metricBounds('cohen_kappa')).toEqual({ worst: -1, best: 1 });
    expect(metricBounds('log_loss')).toBeNull();
    expect(() => metricBounds('auc')).toThrow(/Unknown metric "auc"/);
  });
});

describe('aggregateTrack with the average rule', () => {
  const tasks: TrackTask[] = [
    { id: 'a', higherIsBetter: true, bounded: unit },
    { id: 'b', higherIsBetter: true, bounded: unit },
  ];
  const teams = [
    { teamId: 'one-task', scores: { a: 0.9 } },
    { teamId: 'steady', scores: { a: 0.6, b: 0.6 } },
    { teamId: 'mixed', scores: { a: 0.8, b: 0.5 } },
  ];
  const board = aggregateTrack({ tasks, teams });

  it('averages with the worst possible score for a missing task and marks the cell', () => {
    expect(board.rule).toBe('average');
    const oneTask = board.rows.find((r) => r.teamId === 'one-task')!;
    expect(oneTask.average).toBe(0.45);
    expect(oneTask.cells.b).toEqual({ score: null, missing: true, averaged: 0, rank: 3 });
    expect(board.rows.map((r) => [r.teamId, r.rank, r.average])).toEqual([
      ['mixed', 1, 0.65],
      ['steady', 2, 0.6],
      ['one-task', 3, 0.45],
    ]);
  });

  it('gives per-task ranks, mean rank (missing = last place) and Borda points', () => {
    const byId = Object.fromEntries(board.rows.map((r) => [r.teamId, r]));
    expect(byId['one-task'].cells.a.rank).toBe(1);
    expect(byId['one-task'].meanRank).toBe(2); // (1 + 3) / 2
    expect(byId['one-task'].borda).toBe(2); // (3 - 1) + (3 - 3)
    expect(byId.steady.meanRank).toBe(2); // (3 + 1) / 2
    expect(byId.mixed.meanRank).toBe(2); // (2 + 2) / 2
    expect(byId.mixed.borda).toBe(2);
  });
});

describe('aggregateTrack with the mean-rank rule', () => {
  it('switches to mean rank when a task is lower-is-better or unbounded', () => {
    const tasks: TrackTask[] = [
      { id: 'acc', higherIsBetter: true, bounded: unit },
      { id: 'loss', higherIsBetter: false, bounded: metricBounds('log_loss') },
    ];
    const board = aggregateTrack({
      tasks,
      teams: [
        { teamId: 'p', scores: { acc: 0.9, loss: 0.7 } },
        { teamId: 'q', scores: { acc: 0.8, loss: 0.3 } },
        { teamId: 'r', scores: { acc: 0.85, loss: 0.2 } },
        { teamId: 's', scores: { acc: 0.95 } },
      ],
    });
    expect(board.rule).toBe('mean_rank');
    // Loss ranks: r 1, q 2, p 3, s missing → 4. Accuracy ranks: s 1, p 2, r 3, q 4.
    expect(board.rows.map((r) => [r.teamId, r.rank, r.meanRank, r.borda, r.average])).toEqual([
      ['r', 1, 2, 4, null],
      ['p', 2, 2.5, 3, null],
      ['s', 2, 2.5, 3, null],
      ['q', 4, 3, 2, null],
    ]);
    expect(board.rows.find((r) => r.teamId === 's')!.cells.loss).toEqual({ score: null, missing: true, averaged: null, rank: 4 });
  });

  it('uses mean rank for cohen_kappa, whose range is [-1, 1]', () => {
    expect(trackRule([{ id: 'k', higherIsBetter: true, bounded: metricBounds('cohen_kappa') }])).toBe('mean_rank');
    expect(trackRule([{ id: 'f', higherIsBetter: true, bounded: metricBounds('macro_f1') }])).toBe('average');
  });

  it('shares a track rank between teams with equal mean rank', () => {
    const tasks: TrackTask[] = [{ id: 'loss', higherIsBetter: false, bounded: null }];
    const board = aggregateTrack({ tasks, teams: [{ teamId: 'a', scores: { loss: 0.5 } }, { teamId: 'b', scores: { loss: 0.5 } }, { teamId: 'c', scores: {} }] });
    expect(board.rows.map((r) => [r.teamId, r.rank])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 3],
    ]);
  });
});

describe('one rule for a missing task (track board and team × task matrix)', () => {
  it('gives the matrix the same mean ranks as the track board, a missing task counted as last place', () => {
    const tasks: TrackTask[] = [
      { id: 'acc', higherIsBetter: true, bounded: unit },
      { id: 'loss', higherIsBetter: false, bounded: metricBounds('log_loss') },
    ];
    const teams = [
      { teamId: 'p', scores: { acc: 0.9, loss: 0.7 } },
      { teamId: 'q', scores: { acc: 0.8 } },
      { teamId: 'r', scores: { acc: 0.85 } },
    ];
    const board = aggregateTrack({ tasks, teams });
    // The matrix knows only each task board's ranks (loss: p 1; acc: p 1, r 2, q 3).
    const taskRanks: Record<string, Record<string, number>> = { acc: { p: 1, r: 2, q: 3 }, loss: { p: 1 } };
    for (const row of board.rows) {
      const matrix = meanRankOf({ ranks: tasks.map((t) => taskRanks[t.id][row.teamId]), teamCount: teams.length });
      expect(matrix).toBe(row.meanRank);
    }
    expect(board.rows.find((r) => r.teamId === 'q')!.meanRank).toBe(3); // acc 3, loss missing → 3 (last), not 4
    expect(missingTaskRank(3)).toBe(3);
  });
});
