/**
 * Grouping metrics from the contingency table (truth group × predicted cluster), never
 * from pairs: a 1M-record task has ~10^12 record pairs, but at most 1M non-empty cells.
 *
 * - pairwise precision/recall/F1: over the unordered record pairs each grouping puts
 *   together; precision is 0 when no pair is predicted (zero_division=0, as elsewhere).
 * - B-cubed precision/recall/F1 (Bagga & Baldwin 1998): per record, the share of its
 *   predicted cluster (precision) or its true group (recall) that is in both, averaged.
 * - adjusted_rand: scikit-learn 1.2's adjusted_rand_score (pair_confusion_matrix, exact
 *   integers, 1.0 when no pair is counted wrong).
 *
 * Bootstrap intervals resample true groups: see bootstrap.ts.
 */
import { refuseEmpty } from '../metrics/empty-input';
import { f1FromCounts } from '../metrics/classification';

export type Contingency = {
  /** Per non-empty cell: its truth group, predicted cluster and record count. */
  group: Int32Array;
  cluster: Int32Array;
  count: Float64Array;
  groups: number;
  clusters: number;
  /** Part group index → the key's truth group index (the bootstrap weights are per key group). */
  groupIds: Int32Array;
};

export const groupingMetricNames = ['pairwise_f1', 'pairwise_precision', 'pairwise_recall', 'bcubed_f1', 'bcubed_precision', 'bcubed_recall', 'adjusted_rand'] as const;
export type GroupingMetric = (typeof groupingMetricNames)[number];

/**
 * Cells of the rows with `mask[r] === want` (all rows when want < 0). Truth and predicted
 * labels are dense indices; clusters are renumbered so a part's table stays small.
 */
export function contingency({ truth, predicted, mask, want = -1 }: { truth: Int32Array; predicted: Int32Array; mask?: Uint8Array; want?: number }): Contingency {
  const cellOf = new Map<number, number>();
  const clusterOf = new Map<number, number>();
  const groupOf = new Map<number, number>();
  const g: number[] = [];
  const c: number[] = [];
  const n: number[] = [];
  const ids: number[] = [];
  for (let r = 0; r < truth.length; r++) {
    if (want >= 0 && mask![r] !== want) continue;
    let t = groupOf.get(truth[r]);
    if (t === undefined) {
      groupOf.set(truth[r], (t = groupOf.size));
      ids.push(truth[r]);
    }
    let p = clusterOf.get(predicted[r]);
    if (p === undefined) clusterOf.set(predicted[r], (p = clusterOf.size));
    // Exact as a double: both indices are below 2^26 for any key we can hold.
    const k = t * 67108864 + p;
    const cell = cellOf.get(k);
    if (cell === undefined) {
      cellOf.set(k, g.length);
      g.push(t);
      c.push(p);
      n.push(1);
    } else n[cell]++;
  }
  return { group: Int32Array.from(g), cluster: Int32Array.from(c), count: Float64Array.from(n), groups: groupOf.size, clusters: clusterOf.size, groupIds: Int32Array.from(ids) };
}

const pairs = (x: number) => (x * (x - 1)) / 2;

/** All seven metrics of one contingency table. */
export function groupingMetricsFromContingency(table: Contingency): Record<GroupingMetric, number> {
  const { group, cluster, count } = table;
  const groupSize = new Float64Array(table.groups);
  const clusterSize = new Float64Array(table.clusters);
  let total = 0;
  let together = 0; // pairs in the same group and the same cluster (true positives)
  for (let i = 0; i < group.length; i++) {
    const m = count[i];
    groupSize[group[i]] += m;
    clusterSize[cluster[i]] += m;
    total += m;
    together += pairs(m);
  }
  if (!(total > 0)) refuseEmpty('grouping metrics', 'at least one record', `${total} records`);
  let truePairs = 0;
  for (let t = 0; t < groupSize.length; t++) truePairs += pairs(groupSize[t]);
  let predictedPairs = 0;
  for (let p = 0; p < clusterSize.length; p++) predictedPairs += pairs(clusterSize[p]);
  let bPrecision = 0;
  let bRecall = 0;
  for (let i = 0; i < group.length; i++) {
    const sq = count[i] * count[i];
    bPrecision += sq / clusterSize[cluster[i]];
    bRecall += sq / groupSize[group[i]];
  }
  bPrecision /= total;
  bRecall /= total;
  const precision = predictedPairs > 0 ? together / predictedPairs : 0;
  const recall = truePairs > 0 ? together / truePairs : 0;
  return {
    pairwise_f1: f1FromCounts(together, predictedPairs, truePairs),
    pairwise_precision: precision,
    pairwise_recall: recall,
    bcubed_f1: bPrecision + bRecall === 0 ? 0 : (2 * bPrecision * bRecall) / (bPrecision + bRecall),
    bcubed_precision: bPrecision,
    bcubed_recall: bRecall,
    adjusted_rand: adjustedRand({ tp: together, predictedPairs, truePairs, allPairs: pairs(total) }),
  };
}


/**
 * scikit-learn's formula on unordered pair counts (its ordered counts are twice these,
 * which cancels). Integer counts go through BigInt: tp·tn reaches 10^23 for 1M records,
 * past the 2^53 a double holds exactly.
 */
function adjustedRand({ tp, predictedPairs, truePairs, allPairs }: { tp: number; predictedPairs: number; truePairs: number; allPairs: number }): number {
  const fp = predictedPairs - tp;
  const fn = truePairs - tp;
  const tn = allPairs - tp - fp - fn;
  if (fn === 0 && fp === 0) return 1;
  if ([tp, fp, fn, tn].every((x) => Number.isSafeInteger(x))) {
    const [a, b, c, d] = [tp, fp, fn, tn].map(BigInt);
    const num = 2n * (a * d - c * b);
    const den = (a + c) * (c + d) + (a + b) * (b + d);
    return bigRatio(num, den);
  }
  return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
}

/** num/den as a double, correctly rounded enough for 1e-15 relative error even past 2^53. */
function bigRatio(num: bigint, den: bigint): number {
  if (den === 0n) return NaN;
  const neg = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  const whole = n / d;
  const rest = n % d;
  // 2^60 fractional resolution: plenty for a value whose magnitude is at most 1.
  const frac = Number((rest << 60n) / d) / 2 ** 60;
  const v = Number(whole) + frac;
  return neg ? -v : v;
}

export function groupingMetrics({ truth, predicted }: { truth: Int32Array; predicted: Int32Array }): Record<GroupingMetric, number> {
  return groupingMetricsFromContingency(contingency({ truth, predicted }));
}
