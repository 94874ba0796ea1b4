import 'server-only';
import crypto from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, ruleAcceptances, teamMembers, teams, users } from '@/db/schema';

export function newInviteCode(): string {
  return crypto.randomBytes(9).toString('base64url');
}

/**
 * Accepts the challenge's rules and, for someone not yet in a team, creates
 * their team of one. Idempotent: joining twice changes nothing.
 */
export async function joinChallenge({ db, challengeId, userId }: { db: DbOrTx; challengeId: string; userId: string }) {
  return db.transaction(async (tx) => {
    await tx.insert(ruleAcceptances).values({ challengeId, userId }).onConflictDoNothing();
    const [member] = await tx
      .select({ teamId: teamMembers.teamId })
      .from(teamMembers)
      .where(and(eq(teamMembers.challengeId, challengeId), eq(teamMembers.userId, userId)));
    if (member) return { teamId: member.teamId, created: false };
    const name = await soloTeamName(tx, challengeId, userId);
    const [team] = await tx.insert(teams).values({ challengeId, name, inviteCode: newInviteCode() }).returning({ id: teams.id });
    await tx.insert(teamMembers).values({ teamId: team.id, challengeId, userId });
    await tx.insert(auditLog).values({ challengeId, actorId: userId, action: 'challenge.join', subject: name });
    return { teamId: team.id, created: true };
  });
}

/** A free team name for someone on their own: their name, or a numbered variant when taken. */
export async function soloTeamName(db: DbOrTx, challengeId: string, userId: string): Promise<string> {
  const [user] = await db.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, userId));
  const base = (user.name?.trim() || user.email.split('@')[0]).slice(0, 60);
  // Team names are unique per challenge; a clash gets a numbered suffix.
  const [{ n }] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(teams)
    .where(and(eq(teams.challengeId, challengeId), sql`${teams.name} = ${base} or ${teams.name} like ${base + ' (%)'}`));
  return n === 0 ? base : `${base} (${n + 1})`;
}
