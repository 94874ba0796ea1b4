/**
 * Every classification and matching metric we bootstrap depends on the confusion matrix
 * only through three per-class totals: rows of each true class, rows of each predicted
 * class, and correct rows of each class. Keeping those 3k numbers per resample instead
 * of k×k cells is what makes 1,000 resamples of a 50-class task cheap.
 * Layout of one stats vector (width 3k + 2): [truth counts 0..k) [predicted counts k..2k)
 * [correct per class 2k..3k) [rows] [correct rows]. A metric reads only some slots
 * (accuracy: the last two), and `slotsFor` lets the resampling skip the others.
 */
import { f1FromCounts } from '@/lib/scoring/metrics/classification';

export const classificationMetricNames = ['accuracy', 'macro_f1', 'micro_f1', 'weighted_f1', 'balanced_accuracy', 'cohen_kappa'] as const;
export const matchingMetricNames = ['f1', 'precision', 'recall'] as const;
export type CountMetric = (typeof classificationMetricNames)[number] | (typeof matchingMetricNames)[number];

export function statsWidth(k: number): number {
  return 3 * k + 2;
}

/** Which slots of the stats vector the given metrics read (1 = needed). */
export function slotsFor(metrics: readonly CountMetric[], k: number): Uint8Array {
  const slots = new Uint8Array(statsWidth(k));
  const mark = (from: number, to: number) => slots.fill(1, from, to);
  mark(3 * k, 3 * k + 2);
  for (const m of metrics) {
    if (m === 'f1' || m === 'precision' || m === 'recall') {
      for (const part of [0, k, 2 * k]) mark(part + 1, part + 2);
    } else if (m === 'balanced_accuracy') {
      mark(0, k);
      mark(2 * k, 3 * k);
    } else if (m === 'macro_f1' || m === 'weighted_f1') {
      mark(0, 3 * k);
    } else if (m === 'cohen_kappa') {
      mark(0, 2 * k);
    }
  }
  return slots;
}

export function isCountMetric(name: string): name is CountMetric {
  return (classificationMetricNames as readonly string[]).includes(name) || (matchingMetricNames as readonly string[]).includes(name);
}

/**
 * The metric from one stats vector. The arithmetic mirrors lib/scoring/metrics step by
 * step (same formulas, same summation order), so on the real rows this returns the
 * board's score bit for bit; on a resample it is the metric of the resampled rows.
 * As in scikit-learn 1.2: a class takes part in a macro average when it occurs in the
 * truth or the predictions; zero_division gives 0; balanced accuracy averages recall
 * over classes present in the truth; cohen_kappa is NaN when chance agreement is total.
 * Matching metrics are those of class 1 (a match) with k = 2. NaN when no row is drawn.
 */
export function metricFromStats(metric: CountMetric, stats: Float64Array, offset: number, k: number): number {
  const truthAt = offset;
  const predAt = offset + k;
  const tpAt = offset + 2 * k;
  const total = stats[offset + 3 * k];
  const correct = stats[offset + 3 * k + 1];
  if (total === 0) return NaN;
  switch (metric) {
    case 'f1':
    case 'precision':
    case 'recall': {
      const tp = stats[tpAt + 1];
      const fp = stats[predAt + 1] - tp;
      const fn = stats[truthAt + 1] - tp;
      if (metric === 'precision') return tp + fp > 0 ? tp / (tp + fp) : 0;
      if (metric === 'recall') return tp + fn > 0 ? tp / (tp + fn) : 0;
      return f1FromCounts(tp, tp + fp, tp + fn);
    }
    case 'accuracy':
      return correct / total;
    case 'micro_f1':
      return f1FromCounts(correct, total, total);
    case 'macro_f1':
    case 'weighted_f1': {
      let sum = 0;
      let present = 0;
      for (let c = 0; c < k; c++) {
        const support = stats[truthAt + c];
        if (support + stats[predAt + c] === 0) continue;
        const f1 = f1FromCounts(stats[tpAt + c], stats[predAt + c], support);
        sum += metric === 'macro_f1' ? f1 : f1 * support;
        present++;
      }
      return metric === 'macro_f1' ? sum / present : sum / total;
    }
    case 'balanced_accuracy': {
      let sum = 0;
      let present = 0;
      for (let c = 0; c < k; c++) {
        const support = stats[truthAt + c];
        if (support === 0) continue;
        sum += stats[tpAt + c] / support;
        present++;
      }
      return sum / present;
    }
    case 'cohen_kappa': {
      // Off-diagonal cells of the chance table, summed in the metrics module's order.
      let expectedOff = 0;
      for (let i = 0; i < k; i++) {
        const p = stats[predAt + i];
        if (p === 0) continue;
        for (let j = 0; j < k; j++) if (j !== i) expectedOff += (p * stats[truthAt + j]) / total;
      }
      return 1 - (total - correct) / expectedOff;
    }
  }
}
