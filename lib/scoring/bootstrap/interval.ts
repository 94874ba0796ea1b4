/**
 * 95 % percentile bootstrap intervals, computed at scoring time. Every team of a task
 * uses the same plan (seed, resamples, blocks), so resample b means the same rows for
 * all of them and `resampledValues` can be compared pairwise (see paired-test.ts).
 */
import { classBlockSums, meanBlockSums, observedSums, resampledSums } from './block-sums';
import { isCountMetric, metricFromStats, slotsFor, type CountMetric } from './class-stats';
import { DEFAULT_RESAMPLES, resampleWeights, type ResamplePlan } from './resample-plan';

export interface Interval {
  /** The metric on the rows themselves (no resampling). */
  value: number;
  low: number;
  high: number;
  /** The metric in each resample, index-aligned across teams of the task. NaN where undefined. */
  resampledValues: Float64Array;
}

export const INTERVAL_LEVEL = 0.95;

/**
 * Quantile with linear interpolation between order statistics (numpy's default). NaN
 * values (a metric undefined on some resample, e.g. no rows drawn) are left out.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).filter((v) => !Number.isNaN(v)).sort();
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function interval(value: number, resampledValues: Float64Array): Interval {
  const tail = (1 - INTERVAL_LEVEL) / 2;
  return { value, low: quantile(resampledValues, tail), high: quantile(resampledValues, 1 - tail), resampledValues };
}

interface PlanInput {
  seed: number;
  resamples?: number;
  /** Reuse one plan for every submission of a task (it holds 1–3 MB for 1M rows). */
  plan?: ResamplePlan;
}

function planFor(n: number, { seed, resamples = DEFAULT_RESAMPLES, plan }: PlanInput): ResamplePlan {
  if (!plan) return resampleWeights({ n, seed, resamples });
  if (plan.n !== n || plan.seed !== seed || plan.resamples !== resamples) {
    throw new RangeError(`bootstrap: the plan is for n=${plan.n}, seed=${plan.seed}, resamples=${plan.resamples}, not n=${n}, seed=${seed}, resamples=${resamples}`);
  }
  return plan;
}

export interface ClassRowsInput extends PlanInput {
  /** Class index of each row from the answer key; matching tasks use 0/1 with k = 2. */
  truth: Int32Array;
  predicted: Int32Array;
  /** One byte per row, 1 = in the board's part (public or private); absent = all rows. */
  mask?: Uint8Array | null;
  k: number;
}

/** Intervals for several count metrics at once: the row pass and the resampling run once. */
export function bootstrapIntervals<M extends string>(input: ClassRowsInput & { metrics: readonly M[] }): Record<M, Interval> {
  for (const m of input.metrics) {
    if (!isCountMetric(m)) throw new RangeError(`bootstrap: no interval for metric "${m}"; log_loss goes through bootstrapMeanInterval`);
    if ((m === 'f1' || m === 'precision' || m === 'recall') && input.k !== 2) {
      throw new RangeError(`bootstrap: the matching metric "${m}" needs k = 2 (0 = no match, 1 = match), got k = ${input.k}`);
    }
  }
  const { truth, predicted, mask, k } = input;
  const plan = planFor(truth.length, input);
  const metrics = input.metrics as unknown as CountMetric[];
  const sums = classBlockSums({ plan, truth, predicted, mask, k, slots: slotsFor(metrics, k) });
  const observed = observedSums(sums);
  const resampled = resampledSums(plan, sums);
  const out = {} as Record<M, Interval>;
  for (const m of input.metrics) {
    const metric = m as unknown as CountMetric;
    const values = new Float64Array(plan.resamples);
    for (let b = 0; b < plan.resamples; b++) values[b] = metricFromStats(metric, resampled, b * sums.width, k);
    out[m] = interval(metricFromStats(metric, observed, 0, k), values);
  }
  return out;
}

export function bootstrapInterval(input: ClassRowsInput & { metric: string }): Interval {
  const { metric, ...rest } = input;
  return bootstrapIntervals({ ...rest, metrics: [metric] })[metric];
}

/**
 * Interval of a mean of per-row values, e.g. log_loss from each row's −log p(true
 * class) (scikit-learn's log_loss is that mean, clipping included).
 */
export function bootstrapMeanInterval(input: PlanInput & { values: Float64Array; mask?: Uint8Array | null }): Interval {
  const plan = planFor(input.values.length, input);
  const sums = meanBlockSums({ plan, values: input.values, mask: input.mask });
  const resampled = resampledSums(plan, sums);
  const values = new Float64Array(plan.resamples);
  for (let b = 0; b < plan.resamples; b++) values[b] = resampled[2 * b] > 0 ? resampled[2 * b + 1] / resampled[2 * b] : NaN;
  // The observed mean in row order, as the metrics module sums it, so it equals the board's value exactly.
  let sum = 0;
  let count = 0;
  for (let r = 0; r < input.values.length; r++) {
    if (input.mask && input.mask[r] === 0) continue;
    sum += input.values[r];
    count++;
  }
  return interval(count > 0 ? sum / count : NaN, values);
}
