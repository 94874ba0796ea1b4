import 'server-only';
/**
 * Moving people between teams. One team per person per challenge (a unique index
 * holds it); the size limit holds; after the merge deadline someone who has submitted
 * stays where they are. Someone alone in a team that has submissions brings them
 * along, which is a merge and follows the merge rules.
 */
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, ruleAcceptances, teamMembers, teams } from '@/db/schema';
import { assertTeamActive } from '@/lib/challenges/viewing';
import { PodiumError } from '@/lib/errors';
import { newInviteCode, soloTeamName } from './join';
import { assertMergeOpen, mergeTeams, type TeamChallenge } from './merge';
import { hasSubmitted, lockTeams, memberCount, teamHasSubmissions } from './queries';

export const teamNameRule = /^[^\u0000-\u001f]{2,60}$/;

function assertRunning(c: TeamChallenge, now: Date) {
  if (now >= c.endAt) throw new PodiumError('conflict:challenge_ended', 'The challenge has ended; teams no longer change.');
}

async function currentTeam(db: DbOrTx, challengeId: string, userId: string) {
  const [row] = await db
    .select({ teamId: teamMembers.teamId, name: teams.name, disqualifiedAt: teams.disqualifiedAt, disqualifiedReason: teams.disqualifiedReason })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teamMembers.challengeId, challengeId), eq(teamMembers.userId, userId)));
  return row ?? null;
}

async function assertMayMove(db: DbOrTx, c: TeamChallenge, userId: string, now: Date) {
  if (await hasSubmitted(db, c.id, userId)) assertMergeOpen(c, now, 'Someone who has submitted can change teams');
}

async function assertNameFree(db: DbOrTx, challengeId: string, name: string) {
  const [clash] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.challengeId, challengeId), eq(teams.name, name)));
  if (clash) throw new PodiumError('conflict:team_name', `A team named "${name}" already exists in this challenge.`);
}

/**
 * Names the caller's own team. Alone, they rename their team of one (its submissions
 * stay); in a team with others, they leave it for a new team of that name.
 */
export async function createTeam({ db, challenge, userId, name, now = new Date() }: { db: DbOrTx; challenge: TeamChallenge; userId: string; name: string; now?: Date }) {
  const clean = name.trim();
  if (!teamNameRule.test(clean)) throw new PodiumError('bad_request:team_name', 'A team name has 2 to 60 characters.');
  assertRunning(challenge, now);
  return db.transaction(async (tx) => {
    const current = await currentTeam(tx, challenge.id, userId);
    if (!current) throw new PodiumError('forbidden:not_joined', 'Accept the challenge rules first.');
    assertTeamActive(current);
    await assertNameFree(tx, challenge.id, clean);
    if ((await memberCount(tx, current.teamId)) === 1) {
      await tx.update(teams).set({ name: clean }).where(eq(teams.id, current.teamId));
      await tx.insert(auditLog).values({ challengeId: challenge.id, actorId: userId, action: 'team.rename', subject: clean, detail: { from: current.name } });
      return { teamId: current.teamId, name: clean };
    }
    await assertMayMove(tx, challenge, userId, now);
    const [team] = await tx.insert(teams).values({ challengeId: challenge.id, name: clean, inviteCode: newInviteCode() }).returning({ id: teams.id });
    await tx.update(teamMembers).set({ teamId: team.id, joinedAt: now }).where(and(eq(teamMembers.challengeId, challenge.id), eq(teamMembers.userId, userId)));
    await tx.insert(auditLog).values({ challengeId: challenge.id, actorId: userId, action: 'team.create', subject: clean, detail: { left: current.name } });
    return { teamId: team.id, name: clean };
  });
}

/** Leaves a team with other members for a new team of one. */
export async function leaveTeam({ db, challenge, userId, now = new Date() }: { db: DbOrTx; challenge: TeamChallenge; userId: string; now?: Date }) {
  assertRunning(challenge, now);
  return db.transaction(async (tx) => {
    const current = await currentTeam(tx, challenge.id, userId);
    if (!current) throw new PodiumError('forbidden:not_joined', 'You are not in a team in this challenge.');
    assertTeamActive(current); // leaving would shed the disqualification
    if ((await memberCount(tx, current.teamId)) === 1) throw new PodiumError('conflict:alone', 'You are the only member of your team; there is nothing to leave.');
    await assertMayMove(tx, challenge, userId, now);
    const name = await soloTeamName(tx, challenge.id, userId);
    const [team] = await tx.insert(teams).values({ challengeId: challenge.id, name, inviteCode: newInviteCode() }).returning({ id: teams.id });
    await tx.update(teamMembers).set({ teamId: team.id, joinedAt: now }).where(and(eq(teamMembers.challengeId, challenge.id), eq(teamMembers.userId, userId)));
    await tx.insert(auditLog).values({ challengeId: challenge.id, actorId: userId, action: 'team.leave', subject: current.name, detail: { newTeam: name } });
    return { teamId: team.id, name };
  });
}

/**
 * The one rule on joining a team by invite: a disqualified team takes no new members, and
 * the members of a disqualified team cannot leave it for another (that would shed the
 * disqualification). Checked in joinTeamByCode, which the team page, the invite page and
 * every other way of joining go through.
 */
export function assertMayJoinTeam({
  current,
  target,
}: {
  current: { name: string; disqualifiedAt: Date | null; disqualifiedReason?: string | null } | null;
  target: { name: string; disqualifiedAt: Date | null };
}): void {
  if (target.disqualifiedAt) throw new PodiumError('conflict:team_disqualified', `"${target.name}" was disqualified and takes no new members.`);
  if (current?.disqualifiedAt) {
    const why = current.disqualifiedReason ? ` (reason: ${current.disqualifiedReason})` : '';
    throw new PodiumError(
      'forbidden:team_disqualified',
      `Your team "${current.name}" was disqualified${why}: its members cannot join another team. Write to the organizers if you think this is a mistake.`,
    );
  }
}

/**
 * Joins the team an invite code opens, accepting the challenge rules on the way. Alone
 * in a team with submissions, the caller merges that team into the joined one.
 */
export async function joinTeamByCode({
  db,
  challenge,
  userId,
  code,
  now = new Date(),
}: {
  db: DbOrTx;
  challenge: TeamChallenge;
  userId: string;
  code: string;
  now?: Date;
}): Promise<{ teamId: string; name: string; merged: boolean }> {
  assertRunning(challenge, now);
  const [target] = await db
    .select({ id: teams.id, name: teams.name, disqualifiedAt: teams.disqualifiedAt })
    .from(teams)
    .where(and(eq(teams.inviteCode, code.trim()), eq(teams.challengeId, challenge.id)));
  if (!target) throw new PodiumError('not_found:invite', 'This invite code is unknown in this challenge; ask the team for a new link.');
  const current = await currentTeam(db, challenge.id, userId);
  if (current?.teamId === target.id) return { teamId: target.id, name: target.name, merged: false };
  assertMayJoinTeam({ current, target });
  if (current && (await memberCount(db, current.teamId)) === 1 && (await teamHasSubmissions(db, current.teamId))) {
    await mergeTeams({ db, challenge, fromTeamId: current.teamId, intoTeamId: target.id, actorId: userId, now });
    return { teamId: target.id, name: target.name, merged: true };
  }
  return db.transaction(async (tx) => {
    await lockTeams(tx, current ? [current.teamId, target.id] : [target.id]);
    // Again under the locks: a disqualification between the first check and here still counts.
    const [locked] = await tx.select({ name: teams.name, disqualifiedAt: teams.disqualifiedAt }).from(teams).where(eq(teams.id, target.id));
    if (!locked) throw new PodiumError('not_found:invite', 'This invite code is unknown in this challenge; ask the team for a new link.');
    assertMayJoinTeam({ current: current ? await currentTeam(tx, challenge.id, userId) : null, target: locked });
    await tx.insert(ruleAcceptances).values({ challengeId: challenge.id, userId }).onConflictDoNothing();
    const size = await memberCount(tx, target.id);
    if (size + 1 > challenge.teamSizeLimit) {
      throw new PodiumError('conflict:team_full', `"${target.name}" already has ${size} members; the limit is ${challenge.teamSizeLimit}.`);
    }
    if (current) {
      await assertMayMove(tx, challenge, userId, now);
      await tx.update(teamMembers).set({ teamId: target.id, joinedAt: now }).where(and(eq(teamMembers.challengeId, challenge.id), eq(teamMembers.userId, userId)));
      // An empty team of one without submissions leaves nothing worth keeping.
      if ((await memberCount(tx, current.teamId)) === 0 && !(await teamHasSubmissions(tx, current.teamId))) {
        await tx.delete(teams).where(eq(teams.id, current.teamId));
      }
    } else {
      await tx.insert(teamMembers).values({ teamId: target.id, challengeId: challenge.id, userId, joinedAt: now });
    }
    await tx.insert(auditLog).values({ challengeId: challenge.id, actorId: userId, action: 'team.join', subject: target.name, detail: { left: current?.name ?? null } });
    return { teamId: target.id, name: target.name, merged: false };
  });
}

/** A new invite code for the caller's team; the old link stops working. */
export async function resetInviteCode({ db, challengeId, userId }: { db: DbOrTx; challengeId: string; userId: string }) {
  const current = await currentTeam(db, challengeId, userId);
  if (!current) throw new PodiumError('forbidden:not_joined', 'You are not in a team in this challenge.');
  const inviteCode = newInviteCode();
  await db.update(teams).set({ inviteCode }).where(eq(teams.id, current.teamId));
  return { inviteCode };
}

/** Merges the caller's whole team (members and submissions) into the team an invite code opens. */
export async function mergeByCode({ db, challenge, userId, code, now = new Date() }: { db: DbOrTx; challenge: TeamChallenge; userId: string; code: string; now?: Date }) {
  assertRunning(challenge, now);
  const current = await currentTeam(db, challenge.id, userId);
  if (!current) throw new PodiumError('forbidden:not_joined', 'You are not in a team in this challenge.');
  const [target] = await db
    .select({ id: teams.id, name: teams.name, disqualifiedAt: teams.disqualifiedAt })
    .from(teams)
    .where(and(eq(teams.inviteCode, code.trim()), eq(teams.challengeId, challenge.id)));
  if (!target) throw new PodiumError('not_found:invite', 'This invite code is unknown in this challenge; ask the team for a new link.');
  if (target.id !== current.teamId) assertMayJoinTeam({ current, target });
  return mergeTeams({ db, challenge, fromTeamId: current.teamId, intoTeamId: target.id, actorId: userId, now });
}
