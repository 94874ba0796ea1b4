import 'server-only';
import { and, asc, eq, lte } from 'drizzle-orm';
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
