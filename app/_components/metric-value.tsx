import { formatMetricValue } from '@/lib/scoring/metrics/labels';

/** How scores are printed on pages: the metric's one format (lib/scoring/metrics/labels.ts); ranks never depend on it. */
export function formatMetric(v: number | null | undefined, metric = 'score'): string {
  return formatMetricValue(metric, v);
}
