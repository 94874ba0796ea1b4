import 'server-only';
/**
 * A team's own submissions across a challenge, and the file each one sent. Only the
 * team's members get them: the membership is in the WHERE clause, so anyone else's
 * submission is "not found" (404), never "forbidden".
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, teamMembers, tasks } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { canSeePrivateScores } from '@/lib/challenges/viewing';
import { PodiumError } from '@/lib/errors';

/** Every submission of the caller's team on every task of the challenge, newest first (private scores only once the caller may see them). */
export async function listMyChallengeSubmissions({ db, caller, challenge, now = new Date() }: {
  db: DbOrTx;
  caller: Caller;
  challenge: { id: string; endAt: Date; privateRevealedAt: Date | null; autoReveal: boolean };
  now?: Date;
}) {
  const rows = await db
    .select({
      id: submissions.id,
      taskSlug: tasks.slug,
      taskTitle: tasks.title,
      metric: tasks.metric,
      fileName: submissions.fileName,
      size: submissions.size,
      status: submissions.status,
      error: submissions.error,
      late: submissions.late,
      selected: submissions.selected,
      publicScore: submissions.publicScore,
      privateScore: submissions.privateScore,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, submissions.teamId), eq(teamMembers.userId, caller.userId), eq(teamMembers.challengeId, challenge.id)))
    .where(eq(tasks.challengeId, challenge.id))
    .orderBy(asc(tasks.position), asc(tasks.createdAt), desc(submissions.createdAt))
    .limit(5000);
  const showPrivate = canSeePrivateScores({ caller, challenge, now });
  return rows.map((r) => ({ ...r, privateScore: showPrivate ? r.privateScore : null }));
}

export type MyChallengeSubmission = Awaited<ReturnType<typeof listMyChallengeSubmissions>>[number];

/** Where the file a submission sent is stored, for a member of the team that sent it; anyone else gets 404. */
export async function getMySubmissionFile({ db, caller, id }: { db: DbOrTx; caller: Caller; id: string }) {
  if (!z.uuid().safeParse(id).success) throw new PodiumError('not_found:submission', 'No such submission.');
  const [row] = await db
    .select({ fileName: submissions.fileName, size: submissions.size, sha256: submissions.sha256, storageKey: submissions.storageKey, challengeSlug: challenges.slug })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(challenges, eq(challenges.id, tasks.challengeId))
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, submissions.teamId), eq(teamMembers.userId, caller.userId)))
    .where(eq(submissions.id, id))
    .limit(1);
  if (!row) throw new PodiumError('not_found:submission', 'No such submission.');
  return row;
}
