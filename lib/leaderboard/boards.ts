/**
 * A task's two boards from the submissions of every team: group by team, apply the
 * selection rule, rank. The private board ranks each team by the best private score
 * among its counted submissions; "earliest first" on a tie uses that submission's time.
 */
import { rankRows } from './rank-rows';
import { bestSubmission, finalSubmissionsFor, type ScoredSubmission, type SelectableSubmission } from './selection';

function byTeam<T extends { teamId: string }>(submissions: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const s of submissions) {
    const group = groups.get(s.teamId);
    if (group) group.push(s);
    else groups.set(s.teamId, [s]);
  }
  return groups;
}

/** One row per team that has a scored on-time submission: its best public one, ranked. */
export function publicBoard<T extends ScoredSubmission & { teamId: string }>({
  submissions,
  higherIsBetter,
}: {
  submissions: readonly T[];
  higherIsBetter: boolean;
}): Array<T & { rank: number }> {
  const best: T[] = [];
  for (const group of byTeam(submissions).values()) {
    const b = bestSubmission({ submissions: group, higherIsBetter });
    if (b) best.push(b);
  }
  return rankRows({ rows: best, score: (s) => s.publicScore!, at: (s) => s.createdAt, higherIsBetter });
}

/** One row per team with a scored counted submission: the one with its best private score, ranked. */
export function privateBoard<T extends SelectableSubmission & { teamId: string }>({
  submissions,
  maxSelections,
  higherIsBetter,
}: {
  submissions: readonly T[];
  maxSelections: number;
  higherIsBetter: boolean;
}): Array<T & { rank: number; selection: 'selected' | 'best_public' }> {
  const best: Array<T & { selection: 'selected' | 'best_public' }> = [];
  for (const group of byTeam(submissions).values()) {
    const final = finalSubmissionsFor({ submissions: group, maxSelections, higherIsBetter });
    if (final.best && final.reason !== 'none') best.push({ ...final.best, selection: final.reason });
  }
  return rankRows({ rows: best, score: (s) => s.privateScore!, at: (s) => s.createdAt, higherIsBetter });
}
