import 'server-only';
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { ruleAcceptances, submissionStatus, submissions, tasks, teamMembers, teams, users } from '@/db/schema';

/**
 * The organizer's view of who takes part: every team of the challenge with its
 * members (and when each accepted the rules), its submissions per task, its last
 * activity and whether it is disqualified. Baseline teams are included and marked.
 */
export async function listParticipants({ db, challengeId }: { db: DbOrTx; challengeId: string }) {
  const [teamRows, memberRows, countRows] = await Promise.all([
    db
      .select({ id: teams.id, name: teams.name, isBaseline: teams.isBaseline, disqualifiedAt: teams.disqualifiedAt, disqualifiedReason: teams.disqualifiedReason, createdAt: teams.createdAt })
      .from(teams)
      .where(eq(teams.challengeId, challengeId))
      .orderBy(asc(teams.name)),
    db
      .select({ teamId: teamMembers.teamId, userId: users.id, email: users.email, name: users.name, disabledAt: users.disabledAt, joinedAt: teamMembers.joinedAt, acceptedAt: ruleAcceptances.acceptedAt })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .leftJoin(ruleAcceptances, and(eq(ruleAcceptances.userId, teamMembers.userId), eq(ruleAcceptances.challengeId, challengeId)))
      .where(eq(teamMembers.challengeId, challengeId))
      .orderBy(asc(teamMembers.joinedAt)),
    db
      .select({
        teamId: submissions.teamId,
        taskSlug: tasks.slug,
        n: sql<number>`count(*)::int`,
        failed: sql<number>`count(*) filter (where ${submissions.status} = 'failed')::int`,
        last: sql<string>`max(${submissions.createdAt})`,
      })
      .from(submissions)
      .innerJoin(tasks, eq(tasks.id, submissions.taskId))
      .where(eq(tasks.challengeId, challengeId))
      .groupBy(submissions.teamId, tasks.slug),
  ]);
  return teamRows.map((t) => {
    const members = memberRows.filter((m) => m.teamId === t.id);
    const counts = countRows.filter((c) => c.teamId === t.id);
    const times = [t.createdAt.getTime(), ...members.map((m) => m.joinedAt.getTime()), ...counts.map((c) => new Date(c.last).getTime())];
    return {
      ...t,
      members,
      perTask: Object.fromEntries(counts.map((c) => [c.taskSlug, { submissions: Number(c.n), failed: Number(c.failed) }])),
      submissions: counts.reduce((s, c) => s + Number(c.n), 0),
      lastActivityAt: new Date(Math.max(...times)),
    };
  });
}

export const submissionFilterSchema = z.object({
  task: z.string().trim().optional().transform((v) => v || undefined),
  team: z.string().trim().optional().transform((v) => v || undefined),
  status: z.enum(submissionStatus).or(z.literal('')).optional().transform((v) => v || undefined),
});
export type SubmissionFilter = z.output<typeof submissionFilterSchema>;

const PAGE = 500;

/**
 * Every submission of the challenge for organizers, failed ones first (they are the
 * ones someone has to look at), then newest first. Filters by task slug, team name and status.
 */
export async function listChallengeSubmissions({ db, challengeId, filter }: { db: DbOrTx; challengeId: string; filter: SubmissionFilter }) {
  const where: SQL[] = [eq(tasks.challengeId, challengeId)];
  if (filter.task) where.push(eq(tasks.slug, filter.task));
  if (filter.team) where.push(eq(teams.name, filter.team));
  if (filter.status) where.push(eq(submissions.status, filter.status));
  return db
    .select({
      id: submissions.id,
      taskSlug: tasks.slug,
      teamName: teams.name,
      userEmail: users.email,
      fileName: submissions.fileName,
      size: submissions.size,
      status: submissions.status,
      error: submissions.error,
      publicScore: submissions.publicScore,
      late: submissions.late,
      createdAt: submissions.createdAt,
    })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .innerJoin(teams, eq(teams.id, submissions.teamId))
    .innerJoin(users, eq(users.id, submissions.userId))
    .where(and(...where))
    .orderBy(sql`(${submissions.status} = 'failed') desc`, desc(submissions.createdAt))
    .limit(PAGE);
}
