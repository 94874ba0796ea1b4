import 'server-only';
import { and, asc, eq, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions } from '@/db/schema';

export interface HistoryPoint {
  at: Date;
  score: number;
  /** The team's best public score so far, in the metric's direction. */
  best: number;
}

/**
 * A team's public scores on a task over time with the best-so-far line. Only public
 * scores, and only up to `cutoff` when the viewer sees a frozen board.
 */
export async function getScoreHistory({
  db,
  taskId,
  teamId,
  higherIsBetter,
  cutoff = null,
}: {
  db: DbOrTx;
  taskId: string;
  teamId: string;
  higherIsBetter: boolean;
  cutoff?: Date | null;
}): Promise<HistoryPoint[]> {
  const rows = await db
    .select({ at: submissions.createdAt, score: submissions.publicScore })
    .from(submissions)
    .where(
      and(
        eq(submissions.taskId, taskId),
        eq(submissions.teamId, teamId),
        eq(submissions.status, 'scored'),
        eq(submissions.late, false),
        cutoff ? lte(submissions.createdAt, cutoff) : undefined,
      ),
    )
    .orderBy(asc(submissions.createdAt));
  let best: number | null = null;
  const out: HistoryPoint[] = [];
  for (const r of rows) {
    if (r.score === null) continue;
    best = best === null || (higherIsBetter ? r.score > best : r.score < best) ? r.score : best;
    out.push({ at: r.at, score: r.score, best });
  }
  return out;
}

export interface RaceTeamLine {
  teamId: string;
  /** The team's best public score at the end of each UTC day it submitted on. */
  points: { day: Date; best: number }[];
}

/**
 * The leaderboard over time for the given teams (the board's top ten): each team's best
 * public score by UTC day, from its scored on-time submissions up to `cutoff` (a frozen
 * board shows the race as it stood at the freeze). Public scores only.
 */
export async function getRaceHistory({
  db,
  taskId,
  teamIds,
  higherIsBetter,
  cutoff = null,
}: {
  db: DbOrTx;
  taskId: string;
  teamIds: string[];
  higherIsBetter: boolean;
  cutoff?: Date | null;
}): Promise<RaceTeamLine[]> {
  if (teamIds.length === 0) return [];
  const rows = await db
    .select({ teamId: submissions.teamId, at: submissions.createdAt, score: submissions.publicScore })
    .from(submissions)
    .where(
      and(
        eq(submissions.taskId, taskId),
        inArray(submissions.teamId, teamIds),
        eq(submissions.status, 'scored'),
        eq(submissions.late, false),
        cutoff ? lte(submissions.createdAt, cutoff) : undefined,
      ),
    )
    .orderBy(asc(submissions.createdAt));
  const lines = new Map(teamIds.map((id) => [id, { teamId: id, points: [] as { day: Date; best: number }[] }]));
  for (const r of rows) {
    if (r.score === null) continue;
    const line = lines.get(r.teamId)!;
    const day = new Date(Date.UTC(r.at.getUTCFullYear(), r.at.getUTCMonth(), r.at.getUTCDate()));
    const last = line.points[line.points.length - 1];
    const prev = last?.best;
    const best = prev === undefined || (higherIsBetter ? r.score > prev : r.score < prev) ? r.score : prev;
    if (last && last.day.getTime() === day.getTime()) last.best = best;
    else line.points.push({ day, best });
  }
  return [...lines.values()];
}
