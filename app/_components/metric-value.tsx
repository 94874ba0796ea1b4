/** Metric values with enough digits to tell close teams apart. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return v.toFixed(5);
}
