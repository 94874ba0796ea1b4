/** How scores are printed on pages: enough digits to tell near-ties apart; ranks never depend on it. */
export function formatMetric(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 100 ? 2 : 5);
}
