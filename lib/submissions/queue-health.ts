import 'server-only';
import { and, desc, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, tasks, teams } from '@/db/schema';

/** A queued job older than this means no worker is taking jobs. */
export const STUCK_QUEUED_MS = 5 * 60_000;

export type QueueHealth = {
  queued: number;
  scoring: number;
  /** Jobs no worker is moving: scoring with an expired lease (its worker died), or queued for over 5 minutes. */
  stuck: number;
  /** Jobs that failed on our side (not bad files) in the last 24 hours. */
  failedOnOurSide24h: number;
  oldestQueuedAt: Date | null;
  /** Age of the oldest queued job (GET /api/health). Fields may be added; none change meaning. */
  oldestQueuedSeconds: number | null;
};

const stuckWhere = (now: Date) =>
  or(
    and(eq(submissions.status, 'scoring'), lt(submissions.leaseUntil, now)),
    and(eq(submissions.status, 'queued'), lt(submissions.createdAt, new Date(now.getTime() - STUCK_QUEUED_MS))),
  );

/** Counts for the organizers' console and `/api/health` (one grouped query over the queue index). */
export async function getQueueHealth({ db, now = new Date() }: { db: DbOrTx; now?: Date }): Promise<QueueHealth> {
  const dayAgo = new Date(now.getTime() - 86400_000);
  const [row] = await db
    .select({
      queued: sql<number>`count(*) filter (where ${submissions.status} = 'queued')::int`,
      scoring: sql<number>`count(*) filter (where ${submissions.status} = 'scoring')::int`,
      stuck: sql<number>`count(*) filter (where ${stuckWhere(now)})::int`,
      failed: sql<number>`count(*) filter (where ${submissions.status} = 'failed' and ${submissions.fault} is not null and ${submissions.createdAt} >= ${dayAgo.toISOString()})::int`,
      oldest: sql<Date | null>`min(${submissions.createdAt}) filter (where ${submissions.status} = 'queued')`,
    })
    .from(submissions)
    .where(or(sql`${submissions.status} in ('queued', 'scoring')`, and(eq(submissions.status, 'failed'), isNotNull(submissions.fault))));
  return {
    queued: Number(row?.queued ?? 0),
    scoring: Number(row?.scoring ?? 0),
    stuck: Number(row?.stuck ?? 0),
    failedOnOurSide24h: Number(row?.failed ?? 0),
    oldestQueuedAt: row?.oldest ? new Date(row.oldest) : null,
    oldestQueuedSeconds: row?.oldest ? Math.max(0, Math.round((now.getTime() - new Date(row.oldest).getTime()) / 1000)) : null,
  };
}

export type TroubledJob = {
  id: string;
  challenge: string;
  task: string;
  team: string;
  status: string;
  state: 'stuck' | 'failed';
  attempts: number;
  fault: string | null;
  error: string | null;
  createdAt: Date;
  leaseUntil: Date | null;
  workerId: string | null;
};

/** Stuck jobs and jobs that failed on our side, newest first, for the organizers' console. */
export async function listTroubledJobs({ db, now = new Date(), limit = 100 }: { db: DbOrTx; now?: Date; limit?: number }): Promise<TroubledJob[]> {
  const rows = await db
    .select({
      id: submissions.id,
      challenge: challenges.slug,
      task: tasks.slug,
      team: teams.name,
      status: submissions.status,
      attempts: submissions.attempts,
      fault: submissions.fault,
      error: submissions.error,
      createdAt: submissions.createdAt,
      leaseUntil: submissions.leaseUntil,
      workerId: submissions.workerId,
    })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(challenges, eq(challenges.id, tasks.challengeId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(or(stuckWhere(now), and(eq(submissions.status, 'failed'), isNotNull(submissions.fault))))
    .orderBy(desc(submissions.createdAt))
    .limit(limit);
  return rows.map((r) => ({ ...r, state: r.status === 'failed' ? 'failed' : 'stuck' }));
}
