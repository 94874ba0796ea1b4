import 'server-only';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions, teams } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { assertCanUseData } from '@/lib/challenges/viewing';
import type { ChallengeView } from '@/lib/challenges/queries';
import { PodiumError } from '@/lib/errors';
import type { BlobStore } from '@/lib/storage/types';
import { config } from '@/lib/config';
import { assertFailedUploadsAllowed, nextUtcMidnight, usedSubmissions } from './limits';
import { getTeamOf } from './teams';
import { wakeWorkers } from './wake';

export type NewSubmissionFile = { path: string; name: string; size: number; sha256: string };

export const submissionKey = (id: string) => `submissions/${id}/file`;

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'submission';
  return base.replace(/[\u0000-\u001f]/g, '').slice(0, 200) || 'submission';
}

/**
 * The checks that need no file, run before an upload's body is read: the caller may use
 * the data, belongs to a team, and the team is under its cap of rejected files today.
 */
export async function assertMayUpload({
  db,
  caller,
  challenge,
  now = new Date(),
  maxFailedPerDay = config().MAX_FAILED_UPLOADS_PER_DAY,
}: {
  db: DbOrTx;
  caller: Caller | null;
  challenge: ChallengeView;
  now?: Date;
  maxFailedPerDay?: number;
}) {
  const c = await assertCanUseData({ db, caller, challenge, now });
  const team = await getTeamOf({ db, challengeId: challenge.id, userId: c.userId });
  if (!team) {
    throw new PodiumError('forbidden:not_joined', `Join "${challenge.slug}" first (accept its rules); submissions belong to a team.`);
  }
  await assertFailedUploadsAllowed({ db, teamId: team.id, now, max: maxFailedPerDay });
  return { caller: c, team };
}

/**
 * Stores an uploaded prediction file and queues it for scoring. The team's
 * limits are checked and the row inserted in one transaction that first locks
 * the team's row, so concurrent uploads from one team are counted one after
 * the other: with 5 slots left, exactly 5 get in.
 */
export async function createSubmission({
  db,
  store,
  caller,
  challenge,
  taskId,
  file,
  description = '',
  now = new Date(),
  maxFailedPerDay = config().MAX_FAILED_UPLOADS_PER_DAY,
}: {
  maxFailedPerDay?: number;
  db: DbOrTx;
  store: BlobStore;
  caller: Caller | null;
  challenge: ChallengeView;
  taskId: string;
  file: NewSubmissionFile;
  description?: string;
  now?: Date;
}) {
  const c = await assertCanUseData({ db, caller, challenge, now });
  const team = await getTeamOf({ db, challengeId: challenge.id, userId: c.userId });
  if (!team) {
    throw new PodiumError('forbidden:not_joined', `Join "${challenge.slug}" first (accept its rules); submissions belong to a team.`);
  }
  if (description.length > 10_000) throw new PodiumError('bad_request:description', 'The description is longer than 10,000 characters.');
  const id = crypto.randomUUID();
  const storageKey = submissionKey(id);
  await store.putFile(storageKey, file.path);
  try {
    const created = await db.transaction(async (tx) => {
      // Serializes this team's uploads: the count below cannot race another insert.
      await tx.execute(sql`select id from ${teams} where ${teams.id} = ${team.id} for update`);
      await assertFailedUploadsAllowed({ db: tx, teamId: team.id, now, max: maxFailedPerDay });
      const used = await usedSubmissions({ db: tx, teamId: team.id, taskId, now });
      if (used.total >= challenge.totalSubmissionLimit) {
        throw new PodiumError(
          'rate_limited:total_limit',
          `Your team has used all ${challenge.totalSubmissionLimit} submissions for this task. Rejected files do not count.`,
          { limit: challenge.totalSubmissionLimit, used: used.total, resetAt: null },
        );
      }
      if (used.today >= challenge.dailySubmissionLimit) {
        const resetAt = nextUtcMidnight(now);
        throw new PodiumError(
          'rate_limited:daily_limit',
          `Your team has used its ${challenge.dailySubmissionLimit} submissions for this task today (UTC). The limit resets at ${resetAt.toISOString()}.`,
          {
            limit: challenge.dailySubmissionLimit,
            used: used.today,
            resetAt: resetAt.toISOString(),
            retryAfter: Math.ceil((resetAt.getTime() - now.getTime()) / 1000),
          },
        );
      }
      const [row] = await tx
        .insert(submissions)
        .values({
          id,
          taskId,
          teamId: team.id,
          userId: c.userId,
          fileName: cleanFileName(file.name),
          size: file.size,
          sha256: file.sha256,
          storageKey,
          description: description.trim(),
          status: 'queued',
          late: now >= challenge.endAt,
          createdAt: now,
        })
        .returning({ id: submissions.id, status: submissions.status, late: submissions.late });
      return { ...row, teamId: team.id, teamName: team.name, remainingToday: challenge.dailySubmissionLimit - used.today - 1 };
    });
    wakeWorkers(); // committed: an idle worker loop of this process claims it now
    return created;
  } catch (e) {
    await store.delete(storageKey).catch(() => {});
    throw e;
  }
}
