/**
 * Rank bands: how a board says "these teams are statistically tied". Rows come in rank
 * order, each with its resampled values on the task's shared plan.
 *
 * Definition: starting from a team, walk up the board one team at a time while the
 * next team is not distinguishable from it (paired test at 0.05); do the same walking
 * down. The band runs from the rank of the last team reached above to the rank of the
 * last team reached below — e.g. "1–3" for the 2nd team when it is tied with the 1st
 * and the 3rd but not the 4th. The walk stops at the first distinguishable team, so a
 * band is always a run of consecutive rows; it is computed per team, so bands of
 * neighbours may overlap ("1–3", "2–4").
 */
import { pairedTest, type PairedTestResult } from './paired-test';

export interface BandInput {
  rank: number;
  score: number;
  resampledValues: Float64Array;
}

export interface RankBand {
  from: number;
  to: number;
  /** "2" or "1–3" (en dash), ready to show. */
  label: string;
}

export interface RowSignificance {
  band: RankBand;
  /** Against the row just above (null for the first row). */
  vsAbove: PairedTestResult | null;
  /** Against the first row (null for the first row). */
  vsLeader: PairedTestResult | null;
}

export type PairTest = (i: number, j: number) => PairedTestResult;

function bootstrapPairTest(rows: readonly BandInput[]): PairTest {
  return (i, j) => pairedTest({ a: rows[i].resampledValues, b: rows[j].resampledValues, observedDiff: rows[i].score - rows[j].score });
}

function label(from: number, to: number): string {
  return from === to ? String(from) : `${from}–${to}`;
}

/**
 * Bands plus the neighbour and leader tests for each row. `test` defaults to the paired
 * bootstrap on `resampledValues`; pass McNemar-based comparisons instead when per-row
 * predictions are available for an accuracy task.
 */
export function boardSignificance(rows: readonly BandInput[], test: PairTest = bootstrapPairTest(rows)): RowSignificance[] {
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].rank < rows[i - 1].rank) throw new RangeError('boardSignificance: rows must be in rank order');
  }
  const memo = new Map<number, PairedTestResult>();
  const tested = (i: number, j: number): PairedTestResult => {
    const [x, y] = i < j ? [i, j] : [j, i];
    const key = x * rows.length + y;
    let result = memo.get(key);
    if (!result) {
      result = test(x, y);
      memo.set(key, result);
    }
    return result;
  };
  return rows.map((row, i) => {
    let up = i;
    while (up > 0 && !tested(i, up - 1).distinguishable) up--;
    let down = i;
    while (down < rows.length - 1 && !tested(i, down + 1).distinguishable) down++;
    const from = rows[up].rank;
    const to = rows[down].rank;
    return {
      band: { from, to, label: label(from, to) },
      vsAbove: i > 0 ? tested(i, i - 1) : null,
      vsLeader: i > 0 ? tested(i, 0) : null,
    };
  });
}

/** Just the bands (see boardSignificance). */
export function rankBands(rows: readonly BandInput[], test?: PairTest): RankBand[] {
  return boardSignificance(rows, test).map((r) => r.band);
}
