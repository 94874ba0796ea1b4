/**
 * Competition ranking ("1, 2, 2, 4") for every board. Scores are compared with exact
 * float equality: two scores are tied only when they are the same double. Metrics are
 * computed once by one code path from integer counts, so equal work gives bit-equal
 * scores; rounding for display must never decide a rank.
 */

export type Timestamp = Date | number;

export function timeOf(at: Timestamp): number {
  return typeof at === 'number' ? at : at.getTime();
}

/** Negative when score `a` is better than `b` under the metric's direction. */
export function compareScores(a: number, b: number, higherIsBetter: boolean): number {
  if (a === b) return 0;
  return higherIsBetter ? (a > b ? -1 : 1) : a < b ? -1 : 1;
}

function checkScore(value: number, index: number): number {
  if (Number.isNaN(value)) throw new TypeError(`rankRows: the score of row ${index} is NaN; unscored rows must be left out before ranking`);
  return value;
}

/**
 * Ranks rows best-first. Equal scores share the better rank and are listed
 * earliest-first by `at` (when the score was first reached); rows equal in both keep
 * their input order, so the result is deterministic.
 */
export function rankRows<T>({
  rows,
  score,
  at,
  higherIsBetter,
}: {
  rows: readonly T[];
  score: (row: T) => number;
  at: (row: T) => Timestamp;
  higherIsBetter: boolean;
}): Array<T & { rank: number }> {
  const keyed = rows.map((row, index) => ({ row, index, score: checkScore(score(row), index), at: timeOf(at(row)) }));
  keyed.sort((a, b) => compareScores(a.score, b.score, higherIsBetter) || a.at - b.at || a.index - b.index);
  let rank = 0;
  return keyed.map((k, position) => {
    if (position === 0 || k.score !== keyed[position - 1].score) rank = position + 1;
    return { ...k.row, rank };
  });
}

/**
 * Competition ranks of plain values (index-aligned), for track cells and resampled
 * boards. NaN (a metric undefined on a resample) ranks as the worst possible value.
 */
export function competitionRanks(input: ArrayLike<number>, higherIsBetter: boolean): Int32Array {
  const worst = higherIsBetter ? -Infinity : Infinity;
  const values = Float64Array.from(input, (v) => (Number.isNaN(v) ? worst : v));
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => compareScores(values[a], values[b], higherIsBetter));
  const ranks = new Int32Array(values.length);
  for (let p = 0; p < order.length; p++) {
    const i = order[p];
    ranks[i] = p > 0 && values[i] === values[order[p - 1]] ? ranks[order[p - 1]] : p + 1;
  }
  return ranks;
}
