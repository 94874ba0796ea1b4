/**
 * The metric registry: every metric a task can rank by, with its direction and what
 * the submission must carry for it. Names are those of docs/metrics.md.
 */
export { classificationMetricsFromConfusion, f1FromCounts } from './classification';
export { matchingMetricsFromCounts } from './matching';
export { logLoss, logLossFromRows, rowLogLoss, LOG_LOSS_EPS } from './log-loss';
export { averagePrecision } from './average-precision';

export type MetricInfo = {
  name: string;
  /** Open matching (`"candidates": "open"`) is a matching task and uses the matching metrics. */
  taskType: 'classification' | 'matching' | 'grouping';
  /** How pages name it, e.g. "Macro F1". */
  label: string;
  higherIsBetter: boolean;
  /** Worst and best possible values; null when unbounded (log_loss). */
  bounds: { worst: number; best: number } | null;
  /** What the submission must contain beyond labels for this metric to be computed. */
  needs?: 'probabilities' | 'score';
  /** The scikit-learn 1.2 call it equals (or the reference definition, for grouping). */
  sklearn: string;
};

const UNIT = { worst: 0, best: 1 };

export const metrics: readonly MetricInfo[] = [
  { name: 'accuracy', label: 'Accuracy', bounds: UNIT, taskType: 'classification', higherIsBetter: true, sklearn: 'accuracy_score' },
  { name: 'macro_f1', label: 'Macro F1', bounds: UNIT, taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='macro', zero_division=0)" },
  { name: 'micro_f1', label: 'Micro F1', bounds: UNIT, taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='micro', zero_division=0)" },
  { name: 'weighted_f1', label: 'Weighted F1', bounds: UNIT, taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='weighted', zero_division=0)" },
  { name: 'balanced_accuracy', label: 'Balanced accuracy', bounds: UNIT, taskType: 'classification', higherIsBetter: true, sklearn: 'balanced_accuracy_score' },
  { name: 'cohen_kappa', label: "Cohen's kappa", bounds: { worst: -1, best: 1 }, taskType: 'classification', higherIsBetter: true, sklearn: 'cohen_kappa_score' },
  { name: 'log_loss', label: 'Log loss', bounds: null, taskType: 'classification', higherIsBetter: false, needs: 'probabilities', sklearn: 'log_loss(labels=classes)' },
  { name: 'f1', label: 'F1', bounds: UNIT, taskType: 'matching', higherIsBetter: true, sklearn: 'f1_score(zero_division=0)' },
  { name: 'precision', label: 'Precision', bounds: UNIT, taskType: 'matching', higherIsBetter: true, sklearn: 'precision_score(zero_division=0)' },
  { name: 'recall', label: 'Recall', bounds: UNIT, taskType: 'matching', higherIsBetter: true, sklearn: 'recall_score(zero_division=0)' },
  { name: 'average_precision', label: 'Average precision', bounds: UNIT, taskType: 'matching', higherIsBetter: true, needs: 'score', sklearn: 'average_precision_score' },
  { name: 'pairwise_f1', label: 'Pairwise F1', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'F1 over the record pairs each grouping puts together' },
  { name: 'pairwise_precision', label: 'Pairwise precision', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'share of predicted same-group pairs that are true (0 when none)' },
  { name: 'pairwise_recall', label: 'Pairwise recall', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'share of true same-group pairs predicted' },
  { name: 'bcubed_f1', label: 'B-cubed F1', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'harmonic mean of B-cubed precision and recall' },
  { name: 'bcubed_precision', label: 'B-cubed precision', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'mean over records of |cluster ∩ group| / |cluster|' },
  { name: 'bcubed_recall', label: 'B-cubed recall', bounds: UNIT, taskType: 'grouping', higherIsBetter: true, sklearn: 'mean over records of |cluster ∩ group| / |group|' },
  { name: 'adjusted_rand', label: 'Adjusted Rand index', bounds: { worst: -0.5, best: 1 }, taskType: 'grouping', higherIsBetter: true, sklearn: 'adjusted_rand_score' },
];

export const metricsByName: Readonly<Record<string, MetricInfo>> = Object.fromEntries(metrics.map((m) => [m.name, m]));

/**
 * Bumped whenever any metric's code could change a value; stored with every score so
 * a score can be traced to the code that made it.
 */
export const METRIC_VERSION = 'podium-metrics-1+sklearn-1.2';
