/**
 * Which submissions of a team count on each board. The public board shows the team's
 * best public score; the private board counts only what the team selected before the
 * deadline (or, when it selected nothing, its best public submission — as Kaggle does).
 */
import { compareScores, timeOf, type Timestamp } from './rank-rows';

export interface ScoredSubmission {
  publicScore: number | null;
  createdAt: Timestamp;
  /** Sent after the challenge ended: shown to the team, never counted on a board. */
  late?: boolean;
}

/** The better of two submissions by the given scores; on a tie, the earlier one. */
function better<T extends { createdAt: Timestamp }>(a: T, b: T, scoreA: number, scoreB: number, higherIsBetter: boolean): T {
  const c = compareScores(scoreA, scoreB, higherIsBetter);
  if (c !== 0) return c < 0 ? a : b;
  return timeOf(b.createdAt) < timeOf(a.createdAt) ? b : a;
}

/**
 * The team's submission for the public board: the best public score among its scored,
 * on-time submissions; on a tie, the earliest (the one that reached the score first).
 * Null when the team has nothing to show.
 */
export function bestSubmission<T extends ScoredSubmission>({
  submissions,
  higherIsBetter,
}: {
  submissions: readonly T[];
  higherIsBetter: boolean;
}): T | null {
  let best: T | null = null;
  for (const s of submissions) {
    if (s.late || s.publicScore === null || Number.isNaN(s.publicScore)) continue;
    best = best === null ? s : better(best, s, best.publicScore!, s.publicScore, higherIsBetter);
  }
  return best;
}

export interface SelectableSubmission extends ScoredSubmission {
  id: string | number;
  selected: boolean;
  late: boolean;
  /** Known once scored; only the private board reads it. */
  privateScore?: number | null;
}

export interface FinalSelection<T> {
  /** The submissions that count for the private board, oldest first. */
  counted: T[];
  /** 'selected': the team's own choice; 'best_public': nothing valid was selected. */
  reason: 'selected' | 'best_public' | 'none';
  /** The counted submission with the best private score (tie → earliest), if any is scored. */
  best: T | null;
}

/**
 * The private-board rule. Counted: the team's selected, on-time submissions, at most
 * `maxSelections` of them. The selection form enforces the limit; should the store ever
 * hold more, the earliest `maxSelections` count, so the outcome never depends on the
 * hidden private scores. A late submission never counts, selected or not. With no valid
 * selection the best public submission counts instead. The team's private score is the
 * best private score among the counted ones.
 */
export function finalSubmissionsFor<T extends SelectableSubmission>({
  submissions,
  maxSelections,
  higherIsBetter,
}: {
  submissions: readonly T[];
  maxSelections: number;
  higherIsBetter: boolean;
}): FinalSelection<T> {
  if (!Number.isInteger(maxSelections) || maxSelections < 1) {
    throw new RangeError(`finalSubmissionsFor: maxSelections must be a positive integer, got ${maxSelections}`);
  }
  const byTime = (a: T, b: T) => timeOf(a.createdAt) - timeOf(b.createdAt);
  const selected = submissions.filter((s) => s.selected && !s.late).sort(byTime).slice(0, maxSelections);
  let counted: T[];
  let reason: FinalSelection<T>['reason'];
  if (selected.length > 0) {
    counted = selected;
    reason = 'selected';
  } else {
    const fallback = bestSubmission({ submissions, higherIsBetter });
    counted = fallback ? [fallback] : [];
    reason = fallback ? 'best_public' : 'none';
  }
  let best: T | null = null;
  for (const s of counted) {
    if (s.privateScore === null || s.privateScore === undefined || Number.isNaN(s.privateScore)) continue;
    best = best === null ? s : better(best, s, best.privateScore!, s.privateScore, higherIsBetter);
  }
  return { counted, reason, best };
}
