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
import { PairSet } from './intern';

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
  const rows = truth.length;
  // Labels are dense indices: a typed array renumbers them (a Map only for sparse labels, e.g. in tests).
  const groupOf = renumbering(truth, rows);
  const clusterOf = renumbering(predicted, rows);
  const cells = new PairSet(Math.min(rows, 1 << 20));
  let g = new Int32Array(1024);
  let c = new Int32Array(1024);
  let n = new Float64Array(1024);
  let cellCount = 0;
  const ids: number[] = [];
  for (let r = 0; r < rows; r++) {
    if (want >= 0 && mask![r] !== want) continue;
    let t = groupOf.get(truth[r]);
    if (t < 0) {
      t = groupOf.add(truth[r]);
      ids.push(truth[r]);
    }
    let p = clusterOf.get(predicted[r]);
    if (p < 0) p = clusterOf.add(predicted[r]);
    const cell = cells.getOrSet(t, p, cellCount);
    if (cell < 0) {
      if (cellCount === g.length) {
        g = grow(g, new Int32Array(g.length * 2));
        c = grow(c, new Int32Array(c.length * 2));
        n = grow(n, new Float64Array(n.length * 2));
      }
      g[cellCount] = t;
      c[cellCount] = p;
      n[cellCount] = 1;
      cellCount++;
    } else n[cell]++;
  }
  return { group: g.slice(0, cellCount), cluster: c.slice(0, cellCount), count: n.slice(0, cellCount), groups: groupOf.size, clusters: clusterOf.size, groupIds: Int32Array.from(ids) };
}

function grow<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** Label → first-appearance index: a typed array over [0, max] when labels are dense enough, else a Map. */
function renumbering(labels: Int32Array, rows: number): { size: number; get(x: number): number; add(x: number): number } {
  let min = 0;
  let max = -1;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] > max) max = labels[i];
    if (labels[i] < min) min = labels[i];
  }
  if (min >= 0 && max < 4 * rows + 1024) {
    const index = new Int32Array(max + 1).fill(-1);
    const out = { size: 0, get: (x: number) => index[x], add: (x: number) => (index[x] = out.size++) };
    return out;
  }
  const map = new Map<number, number>();
  const out = { size: 0, get: (x: number) => map.get(x) ?? -1, add: (x: number) => (map.set(x, out.size), out.size++) };
  return out;
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
