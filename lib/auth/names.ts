/**
 * Names people type (account names, which become team names) are shown on every
 * leaderboard and in CSV exports: control characters (NUL, newlines, escape codes) and
 * the invisible bidirectional overrides that reorder what follows are refused.
 */
export const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

export function nameProblem(name: string): string | undefined {
  return UNPRINTABLE.test(name) ? 'Use printable characters only (no control characters, line breaks or direction overrides).' : undefined;
}
