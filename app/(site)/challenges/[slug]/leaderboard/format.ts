/** How scores are printed on pages: enough digits to tell near-ties apart; ranks never depend on it. */
export function fmtScore(v: number | null | undefined): string {
  if (v === null || v === undefined) return '—';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(Math.abs(v) >= 100 ? 2 : 5);
}

export const baselineStyle = { background: '#f3f0ff' } as const;
