import 'server-only';
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions } from '@/db/schema';

/** Statuses that use a slot of the limit: scored ones, and those still on their way to a score. */
const COUNTED = ['queued', 'scoring', 'scored'] as const;

export function utcDayStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function nextUtcMidnight(now: Date): Date {
  return new Date(utcDayStart(now).getTime() + 86400_000);
}

/**
 * How many of a team's submissions to a task count against its limits: today
 * (UTC) and in total. A failed (rejected) file never counts; a queued one
 * holds its slot until it is scored or fails.
 */
export async function usedSubmissions({ db, teamId, taskId, now }: { db: DbOrTx; teamId: string; taskId: string; now: Date }) {
  const [row] = await db
    .select({
      today: sql<number>`count(*) filter (where ${submissions.createdAt} >= ${utcDayStart(now).toISOString()})::int`,
      total: sql<number>`count(*)::int`,
    })
    .from(submissions)
    .where(and(eq(submissions.teamId, teamId), eq(submissions.taskId, taskId), inArray(submissions.status, [...COUNTED])));
  return { today: Number(row.today), total: Number(row.total) };
}

export async function usedToday({ db, teamId, taskId, now }: { db: DbOrTx; teamId: string; taskId: string; now: Date }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(submissions)
    .where(
      and(
        eq(submissions.teamId, teamId),
        eq(submissions.taskId, taskId),
        inArray(submissions.status, [...COUNTED]),
        gte(submissions.createdAt, utcDayStart(now)),
      ),
    );
  return Number(row.n);
}
