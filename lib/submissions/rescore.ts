import 'server-only';
import { and, desc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, scoreHistory, submissions, teams } from '@/db/schema';

/**
 * Queues submissions for scoring again (after an answer-key fix or a metric
 * change), first keeping their current scores in score_history so organizers
 * can compare old and new. Failed ones are retried too. Returns how many.
 */
export async function requeueForRescore({
  db,
  taskId,
  submissionId,
  actorId,
  challengeId,
}: {
  db: DbOrTx;
  taskId: string;
  submissionId?: string;
  actorId?: string;
  challengeId?: string;
}): Promise<number> {
  const where = and(
    eq(submissions.taskId, taskId),
    // A file rejected for its own faults is deleted once its error is recorded: only jobs that failed on our side come back.
    or(inArray(submissions.status, ['scored', 'scoring']), and(eq(submissions.status, 'failed'), isNotNull(submissions.fault))),
    submissionId ? eq(submissions.id, submissionId) : undefined,
  );
  await db.insert(scoreHistory).select(
    db
      .select({
        id: sql`gen_random_uuid()`.as('id'),
        submissionId: submissions.id,
        publicMetrics: submissions.publicMetrics,
        privateMetrics: submissions.privateMetrics,
        metricVersion: submissions.metricVersion,
        answerKeyHash: submissions.answerKeyHash,
        scoredAt: submissions.scoredAt,
        replacedAt: sql`now()`.as('replaced_at'),
      })
      .from(submissions)
      .where(and(where, eq(submissions.status, 'scored'))),
  );
  const rows = await db
    .update(submissions)
    .set({ status: 'queued', attempts: 0, leaseUntil: null, error: null, fault: null })
    .where(where)
    .returning({ id: submissions.id });
  if (rows.length > 0 && challengeId) {
    await db.insert(auditLog).values({ challengeId, actorId, action: submissionId ? 'submission.rescore' : 'task.rescore', subject: submissionId ?? taskId, detail: { count: rows.length } });
  }
  return rows.length;
}

/**
 * Each submission of a task with its current ranking scores beside the ones before its last re-score,
 * and every earlier version (score, metric version, answer-key version, when), newest first:
 * score_history keeps one row per re-score, so no version is overwritten.
 */
export async function rescoreComparison({ db, taskId, metric }: { db: DbOrTx; taskId: string; metric: string }) {
  const current = await db
    .select({
      id: submissions.id,
      team: teams.name,
      fileName: submissions.fileName,
      status: submissions.status,
      publicMetrics: submissions.publicMetrics,
      privateMetrics: submissions.privateMetrics,
      answerKeyHash: submissions.answerKeyHash,
      metricVersion: submissions.metricVersion,
      scoredAt: submissions.scoredAt,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .where(eq(submissions.taskId, taskId))
    .orderBy(desc(submissions.createdAt))
    .limit(1000);
  const history = current.length
    ? await db
        .select({
          submissionId: scoreHistory.submissionId,
          publicMetrics: scoreHistory.publicMetrics,
          privateMetrics: scoreHistory.privateMetrics,
          answerKeyHash: scoreHistory.answerKeyHash,
          metricVersion: scoreHistory.metricVersion,
          scoredAt: scoreHistory.scoredAt,
          replacedAt: scoreHistory.replacedAt,
        })
        .from(scoreHistory)
        .where(inArray(scoreHistory.submissionId, current.map((c) => c.id)))
        .orderBy(scoreHistory.submissionId, desc(scoreHistory.replacedAt))
    : [];
  const pick = (m: unknown) => (m as Record<string, number> | null)?.[metric] ?? null;
  const bySubmission = new Map<string, typeof history>();
  for (const h of history) bySubmission.set(h.submissionId, [...(bySubmission.get(h.submissionId) ?? []), h]);
  return current.map((c) => {
    const versions = (bySubmission.get(c.id) ?? []).map((h) => ({
      public: pick(h.publicMetrics),
      private: pick(h.privateMetrics),
      metricVersion: h.metricVersion,
      answerKeyHash: h.answerKeyHash,
      scoredAt: h.scoredAt,
      replacedAt: h.replacedAt,
    }));
    const h = versions[0];
    return {
      ...c,
      newPublic: pick(c.publicMetrics),
      newPrivate: pick(c.privateMetrics),
      oldPublic: h ? h.public : null,
      oldPrivate: h ? h.private : null,
      oldAnswerKeyHash: h?.answerKeyHash ?? null,
      rescored: Boolean(h),
      /** Earlier versions, newest first (the current one is the row itself). */
      versions,
    };
  });
}
