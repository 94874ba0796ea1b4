/**
 * Bootstrap intervals of a grouping metric, resampling true groups rather than records:
 * records of one group are not independent (they are scored as pairs), so the group is
 * the unit that was sampled. Groups are dealt to blocks and weighted Poisson(1) per
 * resample exactly as rows are for the other kinds (resample-plan.ts), with the task's
 * seed, so resample b draws the same groups for every team (paired comparisons).
 */
import type { AnswerKey } from '../answer-key';
import { resampleWeights, type ResamplePlan } from '../bootstrap/resample-plan';
import { quantile, INTERVAL_LEVEL, type Interval } from '../bootstrap/interval';
import { groupCount } from './key';
import { contingency, groupingMetricsFromContingency, groupingScratch, type GroupingMetric } from './metrics';

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

/** Interval of `metric` on the part `want` (1 public, 0 private, -1 all); null when the part is empty. */
export function groupingInterval({ key, predictions, metric, want }: { key: AnswerKey; predictions: Int32Array; metric: GroupingMetric; want: number }): Interval | null {
  const table = contingency({ truth: key.truth, predicted: predictions, mask: key.publicMask, want });
  if (table.group.length === 0) return null;
  const plan = planFor(key);
  const scratch = groupingScratch(table);
  const weights = new Float64Array(table.groups);
  const values = new Float64Array(plan.resamples);
  for (let b = 0; b < plan.resamples; b++) {
    let total = 0;
    for (let g = 0; g < table.groups; g++) {
      const original = table.groupIds[g];
      const block = plan.blockOf ? plan.blockOf[original] : original;
      weights[g] = plan.weights[block * plan.resamples + b];
      total += weights[g];
    }
    values[b] = total > 0 ? groupingMetricsFromContingency(table, weights, scratch)[metric] : NaN;
  }
  const tail = (1 - INTERVAL_LEVEL) / 2;
  const value = groupingMetricsFromContingency(table, undefined, scratch)[metric];
  return { value, low: quantile(values, tail), high: quantile(values, 1 - tail), resampledValues: values };
}
