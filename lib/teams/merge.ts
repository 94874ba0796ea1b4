import 'server-only';
/**
 * Team merges, as Kaggle does them: before the merge deadline, and only when the merged
 * team stays within the challenge's limits — its size, and per task its submissions in
 * total and on every single UTC day. Submissions and members move to the team that
 * is joined; the other team disappears.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { rowsOf } from '@/db/client';
import { auditLog, submissions, tasks, teamMembers, teams } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import { lockTeams, memberCount } from './queries';

export interface TeamChallenge {
  id: string;
  endAt: Date;
  mergeDeadline: Date | null;
  teamSizeLimit: number;
  dailySubmissionLimit: number;
  totalSubmissionLimit: number;
  finalSelections: number;
}

/** The instant after which teams with submissions can no longer change: the merge deadline, else the end. */
export function mergeClosesAt(c: TeamChallenge): Date {
  return c.mergeDeadline && c.mergeDeadline < c.endAt ? c.mergeDeadline : c.endAt;
}

export function assertMergeOpen(c: TeamChallenge, now: Date, what = 'Teams can merge') {
  const closes = mergeClosesAt(c);
  if (now >= closes) throw new PodiumError('conflict:merge_closed', `${what} only until ${closes.toISOString()}.`);
}

/** Throws when the two teams' submissions together would break a per-task limit. */
async function assertWithinLimits(tx: DbOrTx, c: TeamChallenge, teamIds: string[]) {
  const counted = and(inArray(submissions.teamId, teamIds), ne(submissions.status, 'failed'));
  const [overTotal] = await tx
    .select({ task: tasks.slug, n: sql<number>`count(*)::int` })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .where(counted)
    .groupBy(tasks.slug)
    .having(sql`count(*) > ${c.totalSubmissionLimit}`)
    .limit(1);
  if (overTotal) {
    throw new PodiumError(
      'conflict:merge_over_limit',
      `Together the teams have ${overTotal.n} submissions to "${overTotal.task}"; the limit is ${c.totalSubmissionLimit} per team.`,
    );
  }
  const day = sql`date_trunc('day', ${submissions.createdAt} at time zone 'UTC')`;
  const over = rowsOf<{ task: string; day: string; n: number }>(
    await tx.execute(sql`
      select ${tasks.slug} as task, to_char(${day}, 'YYYY-MM-DD') as day, count(*)::int as n
      from ${submissions} join ${tasks} on ${tasks.id} = ${submissions.taskId}
      where ${counted}
      group by ${tasks.slug}, ${day}
      having count(*) > ${c.dailySubmissionLimit}
      order by 2 limit 1`),
  );
  if (over.length) {
    throw new PodiumError(
      'conflict:merge_over_limit',
      `Together the teams sent ${over[0].n} submissions to "${over[0].task}" on ${over[0].day} (UTC); the limit is ${c.dailySubmissionLimit} a day.`,
    );
  }
}

/**
 * Moves every member and submission of `fromTeamId` into `intoTeamId` and deletes the
 * first. Where the two teams' final selections for a task add up to more than allowed,
 * the absorbed team's selections for that task are cleared.
 */
export async function mergeTeams({
  db,
  challenge,
  fromTeamId,
  intoTeamId,
  actorId,
  now = new Date(),
}: {
  db: DbOrTx;
  challenge: TeamChallenge;
  fromTeamId: string;
  intoTeamId: string;
  actorId: string;
  now?: Date;
}) {
  if (fromTeamId === intoTeamId) throw new PodiumError('conflict:same_team', 'You are already in this team.');
  assertMergeOpen(challenge, now);
  return db.transaction(async (tx) => {
    await lockTeams(tx, [fromTeamId, intoTeamId]);
    const both = await tx
      .select({ id: teams.id, name: teams.name, disqualifiedAt: teams.disqualifiedAt })
      .from(teams)
      .where(and(inArray(teams.id, [fromTeamId, intoTeamId]), eq(teams.challengeId, challenge.id)));
    const from = both.find((t) => t.id === fromTeamId);
    const into = both.find((t) => t.id === intoTeamId);
    if (!from || !into) throw new PodiumError('not_found:team', 'No such team in this challenge.');
    if (from.disqualifiedAt || into.disqualifiedAt) throw new PodiumError('conflict:team_disqualified', 'A disqualified team cannot merge.');
    const size = (await memberCount(tx, fromTeamId)) + (await memberCount(tx, intoTeamId));
    if (size > challenge.teamSizeLimit) {
      throw new PodiumError('conflict:team_full', `Together the teams would have ${size} members; the limit is ${challenge.teamSizeLimit}.`);
    }
    await assertWithinLimits(tx, challenge, [fromTeamId, intoTeamId]);

    const crowded = rowsOf<{ task_id: string }>(
      await tx.execute(sql`
        select ${submissions.taskId} as task_id from ${submissions}
        where ${submissions.teamId} in (${fromTeamId}, ${intoTeamId}) and ${submissions.selected}
        group by ${submissions.taskId} having count(*) > ${challenge.finalSelections}`),
    ).map((r) => r.task_id);
    if (crowded.length) {
      await tx
        .update(submissions)
        .set({ selected: false })
        .where(and(eq(submissions.teamId, fromTeamId), inArray(submissions.taskId, crowded)));
    }
    await tx.update(submissions).set({ teamId: intoTeamId }).where(eq(submissions.teamId, fromTeamId));
    await tx.update(teamMembers).set({ teamId: intoTeamId }).where(eq(teamMembers.teamId, fromTeamId));
    await tx.delete(teams).where(eq(teams.id, fromTeamId));
    await tx.insert(auditLog).values({
      challengeId: challenge.id,
      actorId,
      action: 'team.merge',
      subject: into.name,
      detail: { from: from.name, fromTeamId, intoTeamId, members: size },
    });
    return { teamId: intoTeamId, name: into.name, members: size };
  });
}
