import 'server-only';
import { asc, eq, and, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { challenges, ruleAcceptances, tracks, type Challenge } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { PodiumError } from '@/lib/errors';

export const slugSchema = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters.')
  .max(64, 'Use at most 64 characters.')
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes (e.g. "grand-challenge-2026").');

/** Columns a challenge list or page may show to anyone who can see it. */
const publicColumns = {
  id: challenges.id,
  slug: challenges.slug,
  title: challenges.title,
  description: challenges.description,
  rules: challenges.rules,
  startAt: challenges.startAt,
  endAt: challenges.endAt,
  teamSizeLimit: challenges.teamSizeLimit,
  dailySubmissionLimit: challenges.dailySubmissionLimit,
  totalSubmissionLimit: challenges.totalSubmissionLimit,
  finalSelections: challenges.finalSelections,
  mergeDeadline: challenges.mergeDeadline,
  publicFrozenAt: challenges.publicFrozenAt,
  privateRevealedAt: challenges.privateRevealedAt,
  autoReveal: challenges.autoReveal,
  archivedAt: challenges.archivedAt,
};
export type ChallengeView = Pick<Challenge, keyof typeof publicColumns>;

/** Every challenge but the archived ones is listed to signed-in users and visitors; organizer pages ask for archived ones too. */
export async function listChallenges({ db, includeArchived }: { db: DbOrTx; caller?: Caller | null; includeArchived?: boolean }): Promise<ChallengeView[]> {
  return db
    .select(publicColumns)
    .from(challenges)
    .where(includeArchived ? undefined : isNull(challenges.archivedAt))
    .orderBy(asc(challenges.startAt));
}

/** An archived challenge is "not found" unless the caller (an organizer page) asks for it. */
export async function getChallengeBySlug({ db, slug, includeArchived }: { db: DbOrTx; slug: string; includeArchived?: boolean }): Promise<ChallengeView> {
  const [row] = await db
    .select(publicColumns)
    .from(challenges)
    .where(and(eq(challenges.slug, slug), includeArchived ? undefined : isNull(challenges.archivedAt)))
    .limit(1);
  if (!row) throw new PodiumError('not_found:challenge', `There is no challenge "${slug}".`);
  return row;
}

export async function listTracks({ db, challengeId }: { db: DbOrTx; challengeId: string }) {
  return db
    .select({ id: tracks.id, slug: tracks.slug, title: tracks.title, description: tracks.description })
    .from(tracks)
    .where(eq(tracks.challengeId, challengeId))
    .orderBy(asc(tracks.position), asc(tracks.slug));
}

export async function hasAcceptedRules({ db, challengeId, userId }: { db: DbOrTx; challengeId: string; userId: string }) {
  const [row] = await db
    .select({ at: ruleAcceptances.acceptedAt })
    .from(ruleAcceptances)
    .where(and(eq(ruleAcceptances.challengeId, challengeId), eq(ruleAcceptances.userId, userId)))
    .limit(1);
  return row?.at ?? null;
}
