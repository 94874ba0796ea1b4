import type { AnswerKey } from '@/lib/scoring/answer-key';
import { bootstrapIntervals, bootstrapMeanInterval, isCountMetric, resampleWeights, type ResamplePlan } from '@/lib/scoring/bootstrap';
import type { ScoreResult } from '@/lib/scoring/score';
import { groupingInterval } from '@/lib/scoring/grouping/bootstrap';
import { groupingMetricNames, type GroupingMetric } from '@/lib/scoring/grouping/metrics';

export type Part = 'public' | 'private';
export type PartIntervals = Partial<Record<Part, [number, number]>>;

const planCache = new Map<string, { plan: ResamplePlan; privateMask: Uint8Array }>();

function planFor(key: AnswerKey) {
  const id = key.hash ?? `${key.seed}:${key.n}`;
  let hit = planCache.get(id);
  if (!hit) {
    const privateMask = new Uint8Array(key.n);
    for (let i = 0; i < key.n; i++) privateMask[i] = key.publicMask[i] ? 0 : 1;
    // Every submission of a task shares the task's seed, so resample b is the same rows for every team (paired).
    hit = { plan: resampleWeights({ n: key.n, seed: key.seed }), privateMask };
    if (planCache.size > 8) planCache.clear();
    planCache.set(id, hit);
  }
  return hit;
}

/**
 * 95% bootstrap intervals of the ranking metric on the public and the private
 * rows, and the resampled values themselves (index-aligned across the task's
 * teams, for paired tests between them). Metrics without an interval
 * (average_precision) give none.
 */
export function rankingIntervals({ key, result, metric }: { key: AnswerKey; result: ScoreResult; metric: string }) {
  // Open matching: a submission's false positives are not key rows, so row resampling does not apply; no interval.
  if (key.kind === 'open_matching') return { intervals: {} as PartIntervals, resamples: {} as Partial<Record<Part, Float64Array>> };
  if (key.kind === 'grouping') return groupingIntervals(key, result, metric);
  const { plan, privateMask } = planFor(key);
  const masks: Record<Part, Uint8Array> = { public: key.publicMask, private: privateMask };
  const intervals: PartIntervals = {};
  const resamples: Partial<Record<Part, Float64Array>> = {};
  for (const part of ['public', 'private'] as const) {
    if (!masks[part].some((v) => v === 1)) continue;
    let iv;
    if (isCountMetric(metric)) {
      const k = key.kind === 'matching' ? 2 : key.classes.length;
      iv = bootstrapIntervals({ truth: key.truth, predicted: result.predictions, mask: masks[part], k, seed: key.seed, plan, metrics: [metric] })[metric];
    } else if (metric === 'log_loss' && result.losses) {
      iv = bootstrapMeanInterval({ values: result.losses, mask: masks[part], seed: key.seed, plan });
    } else continue;
    intervals[part] = [iv.low, iv.high];
    resamples[part] = iv.resampledValues;
  }
  return { intervals, resamples };
}

/** Grouping: true groups are resampled, not rows (lib/scoring/grouping/bootstrap.ts). */
function groupingIntervals(key: AnswerKey, result: ScoreResult, metric: string) {
  const intervals: PartIntervals = {};
  const resamples: Partial<Record<Part, Float64Array>> = {};
  if (!(groupingMetricNames as readonly string[]).includes(metric)) return { intervals, resamples };
  for (const [part, want] of [['public', 1], ['private', 0]] as const) {
    const iv = groupingInterval({ key, predictions: result.predictions, metric: metric as GroupingMetric, want });
    if (!iv) continue;
    intervals[part] = [iv.low, iv.high];
    resamples[part] = iv.resampledValues;
  }
  return { intervals, resamples };
}

/** Public then private resampled values as one Float64 blob (lengths in the first 8 bytes). */
export function encodeResamples(r: Partial<Record<Part, Float64Array>>): Uint8Array {
  const a = r.public ?? new Float64Array(0);
  const b = r.private ?? new Float64Array(0);
  const out = new Float64Array(2 + a.length + b.length);
  out[0] = a.length;
  out[1] = b.length;
  out.set(a, 2);
  out.set(b, 2 + a.length);
  return new Uint8Array(out.buffer);
}

export function decodeResamples(bytes: Uint8Array): Record<Part, Float64Array> {
  const f = new Float64Array(bytes.slice().buffer);
  const a = f[0];
  const b = f[1];
  return { public: f.subarray(2, 2 + a), private: f.subarray(2 + a, 2 + a + b) };
}
