import 'server-only';
import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions, tasks, teamMembers, teams, users } from '@/db/schema';
import { PodiumError } from '@/lib/errors';

/** The caller's team with its members and invite code (shown only to members), or null. */
export async function getMyTeam({ db, challengeId, userId }: { db: DbOrTx; challengeId: string; userId: string }) {
  const [team] = await db
    .select({ id: teams.id, name: teams.name, inviteCode: teams.inviteCode, disqualifiedAt: teams.disqualifiedAt, disqualifiedReason: teams.disqualifiedReason })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.challengeId, challengeId), eq(teamMembers.userId, userId)))
    .limit(1);
  if (!team) return null;
  const members = await db
    .select({ userId: users.id, name: users.name, email: users.email, joinedAt: teamMembers.joinedAt })
    .from(teamMembers)
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(teamMembers.teamId, team.id))
    .orderBy(asc(teamMembers.joinedAt));
  return { ...team, members };
}

/** The team an invite code opens, in the challenge it belongs to; never its members' emails. */
export async function getTeamByInvite({ db, code }: { db: DbOrTx; code: string }) {
  const [team] = await db
    .select({ id: teams.id, name: teams.name, challengeId: teams.challengeId, disqualifiedAt: teams.disqualifiedAt })
    .from(teams)
    .where(eq(teams.inviteCode, code.trim()))
    .limit(1);
  if (!team) throw new PodiumError('not_found:invite', 'This invite code is unknown; ask the team for a new link.');
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(teamMembers).where(eq(teamMembers.teamId, team.id));
  return { ...team, members: Number(n) };
}

export async function memberCount(db: DbOrTx, teamId: string): Promise<number> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return Number(n);
}

/** Whether the person has sent a (not rejected) submission to any task of the challenge. */
export async function hasSubmitted(db: DbOrTx, challengeId: string, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: submissions.id })
    .from(submissions)
    .innerJoin(tasks, eq(tasks.id, submissions.taskId))
    .where(and(eq(submissions.userId, userId), eq(tasks.challengeId, challengeId), ne(submissions.status, 'failed')))
    .limit(1);
  return Boolean(row);
}

export async function teamHasSubmissions(db: DbOrTx, teamId: string): Promise<boolean> {
  const [row] = await db.select({ id: submissions.id }).from(submissions).where(eq(submissions.teamId, teamId)).limit(1);
  return Boolean(row);
}

/** Locks team rows in a fixed order (the lock uploads take), so limits are counted without a race. */
export async function lockTeams(tx: DbOrTx, teamIds: string[]) {
  const ids = [...new Set(teamIds)].sort();
  await tx.select({ id: teams.id }).from(teams).where(inArray(teams.id, ids)).orderBy(asc(teams.id)).for('update');
}
