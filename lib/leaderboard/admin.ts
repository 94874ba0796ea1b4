import 'server-only';
/**
 * Organizer controls over a challenge's boards. Each change is written to the audit
 * log with who made it (and, for a disqualification, why).
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, challenges, teams, users } from '@/db/schema';
import { PodiumError } from '@/lib/errors';

export async function setPublicFreeze({ db, challengeId, actorId, at }: { db: DbOrTx; challengeId: string; actorId: string; at: Date | null }) {
  await db.update(challenges).set({ publicFrozenAt: at }).where(eq(challenges.id, challengeId));
  await db.insert(auditLog).values({ challengeId, actorId, action: at ? 'board.freeze' : 'board.unfreeze', detail: at ? { at: at.toISOString() } : null });
}

/** `at` reveals the private board from then on; null withdraws a manual reveal. `autoReveal` holds or restores the reveal at the end. */
export async function setPrivateReveal({
  db,
  challengeId,
  actorId,
  at,
  autoReveal,
}: {
  db: DbOrTx;
  challengeId: string;
  actorId: string;
  at: Date | null;
  autoReveal: boolean;
}) {
  await db.update(challenges).set({ privateRevealedAt: at, autoReveal }).where(eq(challenges.id, challengeId));
  await db.insert(auditLog).values({
    challengeId,
    actorId,
    action: at ? 'board.reveal' : autoReveal ? 'board.reveal_at_end' : 'board.hold',
    detail: { at: at?.toISOString() ?? null, autoReveal },
  });
}

export async function disqualifyTeam({ db, challengeId, teamId, actorId, reason, now = new Date() }: { db: DbOrTx; challengeId: string; teamId: string; actorId: string; reason: string; now?: Date }) {
  const text = reason.trim();
  if (text.length < 3) throw new PodiumError('bad_request:reason', 'Give the reason for the disqualification (it is kept in the audit log).');
  const [t] = await db
    .update(teams)
    .set({ disqualifiedAt: now, disqualifiedReason: text })
    .where(and(eq(teams.id, teamId), eq(teams.challengeId, challengeId)))
    .returning({ name: teams.name });
  if (!t) throw new PodiumError('not_found:team', 'No such team in this challenge.');
  await db.insert(auditLog).values({ challengeId, actorId, action: 'team.disqualify', subject: t.name, detail: { teamId, reason: text } });
}

export async function restoreTeam({ db, challengeId, teamId, actorId }: { db: DbOrTx; challengeId: string; teamId: string; actorId: string }) {
  const [t] = await db
    .update(teams)
    .set({ disqualifiedAt: null, disqualifiedReason: null })
    .where(and(eq(teams.id, teamId), eq(teams.challengeId, challengeId)))
    .returning({ name: teams.name });
  if (!t) throw new PodiumError('not_found:team', 'No such team in this challenge.');
  await db.insert(auditLog).values({ challengeId, actorId, action: 'team.restore', subject: t.name, detail: { teamId } });
}

export async function listTeamsForOrganizer({ db, challengeId }: { db: DbOrTx; challengeId: string }) {
  return db
    .select({ id: teams.id, name: teams.name, isBaseline: teams.isBaseline, disqualifiedAt: teams.disqualifiedAt, disqualifiedReason: teams.disqualifiedReason })
    .from(teams)
    .where(eq(teams.challengeId, challengeId))
    .orderBy(teams.name);
}

const boardActions = ['board.freeze', 'board.unfreeze', 'board.reveal', 'board.reveal_at_end', 'board.hold', 'team.disqualify', 'team.restore', 'team.merge'];

export async function listBoardAudit({ db, challengeId, limit = 100 }: { db: DbOrTx; challengeId: string; limit?: number }) {
  return db
    .select({ at: auditLog.at, action: auditLog.action, subject: auditLog.subject, detail: auditLog.detail, actor: users.email })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.challengeId, challengeId), inArray(auditLog.action, boardActions)))
    .orderBy(desc(auditLog.at))
    .limit(limit);
}
