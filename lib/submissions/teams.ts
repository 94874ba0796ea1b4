import 'server-only';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { teamMembers, teams } from '@/db/schema';

/** The caller's team in a challenge, or undefined when they have not joined. */
export async function getTeamOf({ db, challengeId, userId }: { db: DbOrTx; challengeId: string; userId: string }) {
  const [row] = await db
    .select({ id: teams.id, name: teams.name, isBaseline: teams.isBaseline, disqualifiedAt: teams.disqualifiedAt, disqualifiedReason: teams.disqualifiedReason })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.challengeId, challengeId), eq(teamMembers.userId, userId)))
    .limit(1);
  return row;
}
