/**
 * Bootstrap intervals of a grouping metric, resampling true groups rather than records:
 * records of one group are scored together (as pairs), so the group is the unit that
 * was sampled.
 *
 * Each metric is a ratio of sums over true groups, with every group's share fixed by
 * the observed grouping (as a row's correctness is fixed when rows are resampled):
 *   tp_g = Σ_j C(n_gj, 2)                      pairs of g put together
 *   pp_g = Σ_j C(n_gj, 2) + n_gj (b_j − n_gj)/2  predicted pairs, a cross-group pair half to each group
 *   tt_g = C(a_g, 2)                          true pairs of g
 *   a_g, Σ_j n_gj²/b_j, Σ_j n_gj²/a_g         records and the B-cubed numerators
 * so Σ_g pp_g = Σ_j C(b_j, 2) and with every weight 1 the values are exactly the
 * observed ones. Groups are dealt to blocks and weighted Poisson(1) per resample as rows
 * are for the other kinds (resample-plan.ts), with the task's seed, so resample b draws
 * the same groups for every team (paired comparisons); a resample costs blocks × 6 sums.
 */
import type { AnswerKey } from '../answer-key';
import { resampleWeights, type ResamplePlan } from '../bootstrap/resample-plan';
import { quantile, INTERVAL_LEVEL, type Interval } from '../bootstrap/interval';
import { f1FromCounts } from '../metrics/classification';
import { groupCount } from './key';
import { contingency, groupingMetricsFromContingency, type Contingency, type GroupingMetric } from './metrics';

const plans = new Map<string, ResamplePlan>();

function planFor(key: AnswerKey): ResamplePlan {
  const id = `${key.hash ?? ''}:${key.seed}:${key.n}`;
  let plan = plans.get(id);
  if (!plan) {
    plan = resampleWeights({ n: groupCount(key), seed: key.seed });
    if (plans.size > 8) plans.clear();
    plans.set(id, plan);
  }
  return plan;
}

const WIDTH = 6; // tp, pp, tt, records, B-cubed precision numerator, B-cubed recall numerator

/** Per true group of the table (part index), the six sums above. */
export function groupStats(table: Contingency): Float64Array {
  const { group, cluster, count } = table;
  const a = new Float64Array(table.groups);
  const b = new Float64Array(table.clusters);
  for (let i = 0; i < group.length; i++) {
    a[group[i]] += count[i];
    b[cluster[i]] += count[i];
  }
  const s = new Float64Array(table.groups * WIDTH);
  for (let i = 0; i < group.length; i++) {
    const g = group[i] * WIDTH;
    const n = count[i];
    const bj = b[cluster[i]];
    s[g] += (n * (n - 1)) / 2;
    s[g + 1] += (n * (n - 1)) / 2 + (n * (bj - n)) / 2;
    s[g + 4] += (n * n) / bj;
    s[g + 5] += (n * n) / a[group[i]];
  }
  for (let t = 0; t < table.groups; t++) {
    s[t * WIDTH + 2] = (a[t] * (a[t] - 1)) / 2;
    s[t * WIDTH + 3] = a[t];
  }
  return s;
}

/** A metric from summed group stats (weighted or not). */
export function metricFromGroupSums(metric: GroupingMetric, s: ArrayLike<number>, at = 0): number {
  const [tp, pp, tt, n, bp, br] = [s[at], s[at + 1], s[at + 2], s[at + 3], s[at + 4], s[at + 5]];
  if (!(n > 0)) return NaN;
  switch (metric) {
    case 'pairwise_precision': return pp > 0 ? tp / pp : 0;
    case 'pairwise_recall': return tt > 0 ? tp / tt : 0;
    case 'pairwise_f1': return f1FromCounts(tp, pp, tt);
    case 'bcubed_precision': return bp / n;
    case 'bcubed_recall': return br / n;
    case 'bcubed_f1': return bp + br === 0 ? 0 : (2 * (bp / n) * (br / n)) / (bp / n + br / n);
    case 'adjusted_rand': {
      const fp = pp - tp;
      const fn = tt - tp;
      const tn = (n * (n - 1)) / 2 - tp - fp - fn;
      if (fp === 0 && fn === 0) return 1;
      return (2 * (tp * tn - fn * fp)) / ((tp + fn) * (fn + tn) + (tp + fp) * (fp + tn));
    }
  }
}

/** Interval of `metric` on the part `want` (1 public, 0 private, -1 all); null when the part is empty. */
export function groupingInterval({ key, predictions, metric, want }: { key: AnswerKey; predictions: Int32Array; metric: GroupingMetric; want: number }): Interval | null {
  const table = contingency({ truth: key.truth, predicted: predictions, mask: key.publicMask, want });
  if (table.group.length === 0) return null;
  const plan = planFor(key);
  const stats = groupStats(table);
  const blockSums = new Float64Array(plan.blocks * WIDTH);
  for (let g = 0; g < table.groups; g++) {
    const original = table.groupIds[g];
    const block = plan.blockOf ? plan.blockOf[original] : original;
    for (let k = 0; k < WIDTH; k++) blockSums[block * WIDTH + k] += stats[g * WIDTH + k];
  }
  const sums = new Float64Array(plan.resamples * WIDTH);
  for (let block = 0; block < plan.blocks; block++) {
    const base = block * WIDTH;
    if (blockSums[base + 3] === 0) continue;
    for (let b = 0; b < plan.resamples; b++) {
      const w = plan.weights[block * plan.resamples + b];
      if (w === 0) continue;
      for (let k = 0; k < WIDTH; k++) sums[b * WIDTH + k] += w * blockSums[base + k];
    }
  }
  const values = new Float64Array(plan.resamples);
  for (let b = 0; b < plan.resamples; b++) values[b] = metricFromGroupSums(metric, sums, b * WIDTH);
  const tail = (1 - INTERVAL_LEVEL) / 2;
  // The board's value, computed exactly (BigInt for the ARI) rather than from the sums.
  const value = groupingMetricsFromContingency(table)[metric];
  return { value, low: quantile(values, tail), high: quantile(values, 1 - tail), resampledValues: values };
}
