import 'server-only';
/**
 * Final selections: a team marks up to `finalSelections` submissions per task for the
 * private board. The owner condition sits in the WHERE clause (a submission of another
 * team is "not found"), and the count is taken with the team's row locked, the same
 * lock uploads take, so two clicks at once cannot select N + 1.
 */
import { and, count, eq, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { challenges, submissions, tasks, teamMembers, teams } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { requireCaller } from '@/lib/auth/caller';
import { PodiumError } from '@/lib/errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function setFinalSelection({
  db,
  caller,
  submissionId,
  selected,
  now = new Date(),
}: {
  db: DbOrTx;
  caller: Caller | null;
  submissionId: string;
  selected: boolean;
  now?: Date;
}): Promise<{ id: string; selected: boolean; selectedCount: number; limit: number }> {
  const c = requireCaller(caller);
  if (!UUID.test(submissionId)) throw new PodiumError('not_found:submission', 'There is no such submission of your team.');
  return db.transaction(async (tx) => {
    const [s] = await tx
      .select({
        id: submissions.id,
        teamId: submissions.teamId,
        taskId: submissions.taskId,
        task: tasks.slug,
        status: submissions.status,
        late: submissions.late,
        endAt: challenges.endAt,
        limit: challenges.finalSelections,
      })
      .from(submissions)
      .innerJoin(tasks, eq(tasks.id, submissions.taskId))
      .innerJoin(challenges, eq(challenges.id, tasks.challengeId))
      .innerJoin(teamMembers, and(eq(teamMembers.teamId, submissions.teamId), eq(teamMembers.userId, c.userId)))
      .where(eq(submissions.id, submissionId))
      .limit(1);
    if (!s) throw new PodiumError('not_found:submission', 'There is no such submission of your team.');
    if (now >= s.endAt) {
      throw new PodiumError('conflict:selection_closed', `Final selections closed when the challenge ended (${s.endAt.toISOString()}).`);
    }
    if (selected && (s.late || s.status === 'failed')) {
      throw new PodiumError('conflict:not_selectable', s.late ? 'A late submission cannot be selected.' : 'A rejected submission cannot be selected.');
    }
    await tx.execute(sql`select id from ${teams} where ${teams.id} = ${s.teamId} for update`);
    const [{ n }] = await tx
      .select({ n: count() })
      .from(submissions)
      .where(and(eq(submissions.teamId, s.teamId), eq(submissions.taskId, s.taskId), eq(submissions.selected, true), ne(submissions.id, s.id)));
    const others = Number(n);
    if (selected && others >= s.limit) {
      throw new PodiumError(
        'conflict:too_many_selections',
        `Your team already selected ${others} of ${s.limit} final submissions for "${s.task}"; unselect one first.`,
      );
    }
    await tx
      .update(submissions)
      .set({ selected })
      .where(and(eq(submissions.id, s.id), eq(submissions.teamId, s.teamId)));
    return { id: s.id, selected, selectedCount: others + (selected ? 1 : 0), limit: s.limit };
  });
}
