/**
 * The one test over every metric in the registry: agreement with scikit-learn 1.2 on
 * fixtures, documented examples, row-order invariance, the perfect value, and refusal
 * of empty input. Values are compared to 1e-9, as docs/metrics.md promises.
 */
import { describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { classificationCases, matchingCases, sklearnVersion, type ClassificationCase, type MatchingCase } from './fixtures/sklearn-cases';
import { averagePrecision, classificationMetricsFromConfusion, logLoss, matchingMetricsFromCounts, metrics } from './metrics';
import { sortClasses } from './class-order';
import { denseLabels, groupingCases, groupingSklearnVersion, type GroupingCase } from './fixtures/grouping-cases';
import { groupingMetrics } from './grouping/metrics';

function groupingValue(name: string, c: GroupingCase): number {
  return groupingMetrics({ truth: denseLabels(c.truth), predicted: denseLabels(c.pred) })[name as 'adjusted_rand'];
}

function classificationValue(name: string, c: ClassificationCase): number {
  const classes = sortClasses(c.classes);
  const k = classes.length;
  const index = new Map(classes.map((x, i) => [x, i]));
  const truth = Int32Array.from(c.truth, (t) => index.get(t)!);
  if (name === 'log_loss') return logLoss({ truth, probabilities: Float64Array.from(c.probs!.flat()), k });
  const confusion = new Float64Array(k * k);
  c.pred.forEach((p, i) => confusion[truth[i] * k + index.get(p)!]++);
  return classificationMetricsFromConfusion({ confusion, k })[name];
}

function matchingValue(name: string, c: MatchingCase): number {
  if (name === 'average_precision') return averagePrecision({ truth: c.truth, scores: Float64Array.from(c.scores!) });
  let tp = 0, fp = 0, fn = 0, tn = 0;
  c.truth.forEach((t, i) => {
    if (c.pred[i] === 1 && t === 1) tp++;
    else if (c.pred[i] === 1) fp++;
    else if (t === 1) fn++;
    else tn++;
  });
  return matchingMetricsFromCounts({ tp, fp, fn, tn })[name];
}

function shuffled<T extends { truth: unknown[] }>(c: T, seed: number): T {
  const n = c.truth.length;
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const pick = <V>(a: V[] | undefined) => a && order.map((i) => a[i]);
  return { ...c, truth: pick(c.truth), pred: pick((c as unknown as { pred: unknown[] }).pred), probs: pick((c as unknown as { probs?: unknown[] }).probs), scores: pick((c as unknown as { scores?: unknown[] }).scores) };
}

it('fixtures come from scikit-learn 1.2', () => {
  expect(sklearnVersion).toMatch(/^1\.2\./);
  expect(groupingSklearnVersion).toMatch(/^1\.2\./);
});

describe.each(metrics.map((m) => [m.name, m] as const))('metric %s', (name, info) => {
  const cases: (ClassificationCase | MatchingCase | GroupingCase)[] = info.taskType === 'classification'
    ? classificationCases.filter((c) => name !== 'log_loss' || c.probs)
    : info.taskType === 'grouping'
      ? groupingCases
      : matchingCases.filter((c) => name !== 'average_precision' || c.scores);
  const value = (c: ClassificationCase | MatchingCase | GroupingCase) =>
    info.taskType === 'classification' ? classificationValue(name, c as ClassificationCase)
      : info.taskType === 'grouping' ? groupingValue(name, c as GroupingCase)
        : matchingValue(name, c as MatchingCase);

  it('has fixtures, including a documented scikit-learn example', () => {
    expect(cases.length).toBeGreaterThanOrEqual(3);
    expect(cases.some((c) => c.name.startsWith('sklearn '))).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('equals scikit-learn on "%s"', (_n, c) => {
    expect(Math.abs(value(c) - c.expected[name])).toBeLessThanOrEqual(1e-9);
  });

  it('does not depend on row order', () => {
    for (const c of cases) {
      for (const seed of [1, 2, 3]) expect(Math.abs(value(shuffled(c, seed)) - value(c))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('gives a perfect submission the best value', () => {
    const perfect = cases.find((c) => c.name === 'perfect')!;
    expect(perfect).toBeDefined();
    if (info.higherIsBetter) expect(value(perfect)).toBe(1);
    else expect(value(perfect)).toBeLessThan(1e-12);
    for (const c of cases) {
      if (info.higherIsBetter) expect(value(c)).toBeLessThanOrEqual(1 + 1e-12);
      else expect(value(c)).toBeGreaterThanOrEqual(0);
      // Every value lies within the registry's bounds (the track average relies on them).
      if (info.bounds) {
        expect(value(c)).toBeGreaterThanOrEqual(Math.min(info.bounds.worst, info.bounds.best) - 1e-12);
        expect(value(c)).toBeLessThanOrEqual(Math.max(info.bounds.worst, info.bounds.best) + 1e-12);
      }
    }
  });

  it('refuses empty input', () => {
    const empty = info.taskType === 'grouping'
      ? () => groupingMetrics({ truth: new Int32Array(0), predicted: new Int32Array(0) })
      : info.taskType === 'classification'
      ? () => (name === 'log_loss' ? logLoss({ truth: new Int32Array(0), probabilities: new Float64Array(0), k: 3 }) : classificationMetricsFromConfusion({ confusion: new Float64Array(9), k: 3 }))
      : () => (name === 'average_precision' ? averagePrecision({ truth: [], scores: new Float64Array(0) }) : matchingMetricsFromCounts({ tp: 0, fp: 0, fn: 0, tn: 0 }));
    let error: unknown;
    try {
      empty();
    } catch (e) {
      error = e;
    }
    expect(isPodiumError(error) && error.code).toBe('bad_request:empty_input');
  });
});

describe('documented examples', () => {
  it('f1_score docstring: macro 0.2667, micro 0.3333, weighted 0.2667', () => {
    const c = classificationCases.find((x) => x.name === 'sklearn f1_score docstring')!;
    expect(classificationValue('macro_f1', c)).toBeCloseTo(0.26666666666666666, 12);
    expect(classificationValue('micro_f1', c)).toBeCloseTo(1 / 3, 12);
  });
  it('log_loss docstring: 0.21616…', () => {
    const c = classificationCases.find((x) => x.name === 'sklearn log_loss docstring')!;
    expect(classificationValue('log_loss', c)).toBeCloseTo(0.21616187468057912, 12);
  });
  it('average_precision_score docstring: 0.8333…', () => {
    expect(averagePrecision({ truth: [0, 0, 1, 1], scores: Float64Array.from([0.1, 0.4, 0.35, 0.8]) })).toBeCloseTo(0.8333333333333333, 12);
  });
});

describe('weighted counts (bootstrap)', () => {
  it('doubling every count changes no metric', () => {
    const c = classificationCases.find((x) => x.name.startsWith('numeric labels'))!;
    const classes = sortClasses(c.classes);
    const k = classes.length;
    const confusion = new Float64Array(k * k);
    c.truth.forEach((t, i) => confusion[classes.indexOf(t) * k + classes.indexOf(c.pred[i])]++);
    const once = classificationMetricsFromConfusion({ confusion, k });
    const twice = classificationMetricsFromConfusion({ confusion: confusion.map((x) => x * 2.5), k });
    for (const m of Object.keys(once)) expect(twice[m]).toBeCloseTo(once[m], 12);
    expect(matchingMetricsFromCounts({ tp: 2.5, fp: 1.5, fn: 0.5 }).precision).toBeCloseTo(2.5 / 4, 12);
  });
});
