/**
 * How metrics are named and printed for people: "Macro F1", not `macro_f1`, and one
 * number format per metric on every page, matrix and CSV export (the JSON API keeps
 * full precision). Ranks never depend on the printed digits.
 */
import { metrics } from './index';

// Each metric's label lives in its registry entry; only names that are not metrics are added here.
const LABELS: Record<string, string> = {
  ...Object.fromEntries(metrics.map((m) => [m.name, m.label])),
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
