import 'server-only';
import { and, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions } from '@/db/schema';
import { PodiumError } from '@/lib/errors';

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

/**
 * Rejected files cost the site a read and a parse each, so a team may send only
 * `max` of them per UTC day (all tasks together); past it, uploads get 429 until
 * midnight UTC. Only files rejected for their own faults count (`fault` is null),
 * never a job that failed on our side.
 */
export async function assertFailedUploadsAllowed({ db, teamId, now, max }: { db: DbOrTx; teamId: string; now: Date; max: number }) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(submissions)
    .where(and(eq(submissions.teamId, teamId), eq(submissions.status, 'failed'), isNull(submissions.fault), gte(submissions.createdAt, utcDayStart(now))));
  const used = Number(row.n);
  if (used < max) return;
  const resetAt = nextUtcMidnight(now);
  throw new PodiumError(
    'rate_limited:failed_uploads',
    `Your team has sent ${used} rejected files today (UTC), the most allowed (MAX_FAILED_UPLOADS_PER_DAY = ${max}). Check files offline with \`podium score\` first; uploads reopen at ${resetAt.toISOString()}.`,
    { limit: max, used, resetAt: resetAt.toISOString(), retryAfter: Math.ceil((resetAt.getTime() - now.getTime()) / 1000) },
  );
}
