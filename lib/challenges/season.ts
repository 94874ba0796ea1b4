import 'server-only';
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { announcements, auditLog, challenges, submissions, tasks, users } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import { metricsByName } from '@/lib/scoring/metrics';
import { requeueForRescore } from '@/lib/submissions/rescore';

/** The metadata an organizer may edit after import; the data and the answer key change only by re-importing. */
export const taskMetaSchema = z.object({
  title: z.string().trim().min(1, 'Give the task a title.').max(200, 'Use at most 200 characters.'),
  description: z.string().max(50_000, 'Use at most 50,000 characters.').default(''),
  metric: z.string().trim().min(1, 'Pick the ranking metric.'),
});
export type TaskMeta = z.input<typeof taskMetaSchema>;

/**
 * Edits a task's title, description and ranking metric. A new ranking metric re-scores
 * every submission of the task (the stored bootstrap resamples, intervals and board scores
 * are of the ranking metric), keeping the earlier scores in the re-score history.
 */
export async function updateTaskMeta({ db, challengeId, taskId, input, actorId }: { db: DbOrTx; challengeId: string; taskId: string; input: TaskMeta; actorId: string | null }) {
  const v = taskMetaSchema.parse(input);
  return db.transaction(async (tx) => {
    const [task] = await tx.select({ slug: tasks.slug, type: tasks.type, metric: tasks.metric }).from(tasks).where(and(eq(tasks.id, taskId), eq(tasks.challengeId, challengeId)));
    if (!task) throw new PodiumError('not_found:task', 'There is no such task in this challenge.');
    const info = metricsByName[v.metric];
    if (!info || info.taskType !== task.type) {
      const names = Object.values(metricsByName).filter((m) => m.taskType === task.type).map((m) => m.name);
      throw new PodiumError('bad_request:metric', `"${v.metric}" is not a metric of a ${task.type} task; use one of ${names.join(', ')}.`);
    }
    await tx.update(tasks).set({ title: v.title, description: v.description, metric: v.metric, updatedAt: new Date() }).where(eq(tasks.id, taskId));
    const requeued = v.metric !== task.metric ? await requeueForRescore({ db: tx, taskId, actorId: actorId ?? undefined, challengeId }) : 0;
    await tx.insert(auditLog).values({ challengeId, actorId, action: 'task.edit', subject: task.slug, detail: { title: v.title, metric: v.metric, previousMetric: task.metric } });
    return { slug: task.slug, metricChanged: v.metric !== task.metric, requeued };
  });
}

/** What archiving a task takes away from participants, for the confirmation to name. */
export async function taskArchiveImpact({ db, taskId }: { db: DbOrTx; taskId: string }) {
  const [row] = await db
    .select({ submissions: sql<number>`count(*)::int`, teams: sql<number>`count(distinct ${submissions.teamId})::int` })
    .from(submissions)
    .where(eq(submissions.taskId, taskId));
  return { submissions: Number(row?.submissions ?? 0), teams: Number(row?.teams ?? 0) };
}

/** Archive (soft-delete) or restore a task: archived, it leaves the challenge's pages, API, boards and track averages; nothing is deleted. */
export async function setTaskArchived({ db, challengeId, taskId, archived, actorId }: { db: DbOrTx; challengeId: string; taskId: string; archived: boolean; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(tasks)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(tasks.id, taskId), eq(tasks.challengeId, challengeId), archived ? isNull(tasks.archivedAt) : isNotNull(tasks.archivedAt)))
      .returning({ slug: tasks.slug });
    if (!row) throw new PodiumError('not_found:task', archived ? 'No such task, or it is archived already.' : 'No such archived task.');
    await tx.insert(auditLog).values({ challengeId, actorId, action: archived ? 'task.archive' : 'task.restore', subject: row.slug });
    return row;
  });
}

/** Archive or restore a whole challenge: archived, participants no longer see it anywhere. */
export async function setChallengeArchived({ db, challengeId, archived, actorId }: { db: DbOrTx; challengeId: string; archived: boolean; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(challenges)
      .set({ archivedAt: archived ? new Date() : null })
      .where(and(eq(challenges.id, challengeId), archived ? isNull(challenges.archivedAt) : isNotNull(challenges.archivedAt)))
      .returning({ slug: challenges.slug });
    if (!row) throw new PodiumError('not_found:challenge', archived ? 'No such challenge, or it is archived already.' : 'No such archived challenge.');
    await tx.insert(auditLog).values({ challengeId, actorId, action: archived ? 'challenge.archive' : 'challenge.restore', subject: row.slug });
    return row;
  });
}

export const announcementSchema = z.object({
  body: z.string().trim().min(1, 'Write the announcement.').max(20_000, 'Use at most 20,000 characters.'),
});

export async function postAnnouncement({ db, challengeId, body, actorId }: { db: DbOrTx; challengeId: string; body: string; actorId: string | null }) {
  const v = announcementSchema.parse({ body });
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(announcements).values({ challengeId, authorId: actorId, body: v.body }).returning({ id: announcements.id, createdAt: announcements.createdAt });
    await tx.insert(auditLog).values({ challengeId, actorId, action: 'announcement.post', subject: row.id });
    return row;
  });
}

export async function deleteAnnouncement({ db, challengeId, id, actorId }: { db: DbOrTx; challengeId: string; id: string; actorId: string | null }) {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(announcements).where(and(eq(announcements.id, id), eq(announcements.challengeId, challengeId))).returning({ id: announcements.id, body: announcements.body });
    if (rows.length === 0) throw new PodiumError('not_found:announcement', 'No such announcement.');
    await tx.insert(auditLog).values({ challengeId, actorId, action: 'announcement.delete', subject: id, detail: { body: rows[0].body.slice(0, 500) } });
  });
}

/** A challenge's announcements, newest first (the author's name, never their email). */
export async function listAnnouncements({ db, challengeId }: { db: DbOrTx; challengeId: string }) {
  return db
    .select({ id: announcements.id, body: announcements.body, createdAt: announcements.createdAt, author: users.name })
    .from(announcements)
    .leftJoin(users, eq(users.id, announcements.authorId))
    .where(eq(announcements.challengeId, challengeId))
    .orderBy(desc(announcements.createdAt))
    .limit(200);
}

/** The season's entries of a challenge's audit log (schedule, tasks, archive, announcements, re-scores), newest first. */
export async function listSeasonAudit({ db, challengeId, limit = 100 }: { db: DbOrTx; challengeId: string; limit?: number }) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, subject: auditLog.subject, actor: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.challengeId, challengeId), sql`(${auditLog.action} like 'challenge.%' or ${auditLog.action} like 'task.%' or ${auditLog.action} like 'announcement.%') and ${auditLog.action} <> 'challenge.join'`))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}
