/**
 * The metric registry: every metric a task can rank by, with its direction and what
 * the submission must carry for it. Names are SPEC.md's.
 */
export { classificationMetricsFromConfusion, f1FromCounts } from './classification';
export { matchingMetricsFromCounts } from './matching';
export { logLoss, logLossFromRows, rowLogLoss, LOG_LOSS_EPS } from './log-loss';
export { averagePrecision } from './average-precision';

export type MetricInfo = {
  name: string;
  taskType: 'classification' | 'matching';
  higherIsBetter: boolean;
  /** What the submission must contain beyond labels for this metric to be computed. */
  needs?: 'probabilities' | 'score';
  /** The scikit-learn 1.2 call it equals. */
  sklearn: string;
};

export const metrics: readonly MetricInfo[] = [
  { name: 'accuracy', taskType: 'classification', higherIsBetter: true, sklearn: 'accuracy_score' },
  { name: 'macro_f1', taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='macro', zero_division=0)" },
  { name: 'micro_f1', taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='micro', zero_division=0)" },
  { name: 'weighted_f1', taskType: 'classification', higherIsBetter: true, sklearn: "f1_score(average='weighted', zero_division=0)" },
  { name: 'balanced_accuracy', taskType: 'classification', higherIsBetter: true, sklearn: 'balanced_accuracy_score' },
  { name: 'cohen_kappa', taskType: 'classification', higherIsBetter: true, sklearn: 'cohen_kappa_score' },
  { name: 'log_loss', taskType: 'classification', higherIsBetter: false, needs: 'probabilities', sklearn: 'log_loss(labels=classes)' },
  { name: 'f1', taskType: 'matching', higherIsBetter: true, sklearn: 'f1_score(zero_division=0)' },
  { name: 'precision', taskType: 'matching', higherIsBetter: true, sklearn: 'precision_score(zero_division=0)' },
  { name: 'recall', taskType: 'matching', higherIsBetter: true, sklearn: 'recall_score(zero_division=0)' },
  { name: 'average_precision', taskType: 'matching', higherIsBetter: true, needs: 'score', sklearn: 'average_precision_score' },
];

export const metricsByName: Readonly<Record<string, MetricInfo>> = Object.fromEntries(metrics.map((m) => [m.name, m]));

/**
 * Bumped whenever any metric's code could change a value; stored with every score so
 * a score can be traced to the code that made it.
 */
export const METRIC_VERSION = 'podium-metrics-1+sklearn-1.2';
