/**
 * How metrics are named and printed for people: "Macro F1", not `macro_f1`, and one
 * number format per metric on every page, matrix and CSV export (the JSON API keeps
 * full precision). Ranks never depend on the printed digits.
 */

const LABELS: Record<string, string> = {
  accuracy: 'Accuracy',
  macro_f1: 'Macro F1',
  micro_f1: 'Micro F1',
  weighted_f1: 'Weighted F1',
  balanced_accuracy: 'Balanced accuracy',
  cohen_kappa: "Cohen's kappa",
  log_loss: 'Log loss',
  f1: 'F1',
  precision: 'Precision',
  recall: 'Recall',
  average_precision: 'Average precision',
  pairwise_f1: 'Pairwise F1',
  pairwise_precision: 'Pairwise precision',
  pairwise_recall: 'Pairwise recall',
  bcubed_f1: 'B³ F1',
  bcubed_precision: 'B³ precision',
  bcubed_recall: 'B³ recall',
  adjusted_rand: 'Adjusted Rand index',
  n_rows: 'Rows',
};

/** The name people write: "Macro F1". An unknown name is shown with its underscores as spaces. */
export function metricLabel(name: string): string {
  return LABELS[name] ?? name.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Digits after the point for a metric: 4 everywhere (enough to tell near-ties apart on the demo's test sets). */
export function metricDigits(name: string): number {
  return name === 'n_rows' ? 0 : 4;
}

/**
 * A metric value as every page and CSV prints it: a fixed number of digits for that
 * metric, so "1.0000" sits beside "0.8413" (never "1" beside "0.84127"). Missing or
 * NaN is "—" (pages) — CSV callers pass `empty: ''`.
 */
export function formatMetricValue(name: string, v: number | null | undefined, { empty = '—' }: { empty?: string } = {}): string {
  if (v === null || v === undefined || Number.isNaN(v)) return empty;
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  return v.toFixed(metricDigits(name));
}

/** An interval as "0.8102–0.8543": the same format for both ends as for the score. */
export function formatInterval(name: string, iv: readonly [number, number] | null | undefined): string {
  if (!iv) return '—';
  return `${formatMetricValue(name, iv[0])}–${formatMetricValue(name, iv[1])}`;
}
