import 'server-only';
import type { DbOrTx } from '@/db/client';
import type { Caller } from '@/lib/auth/caller';
import { requireCaller } from '@/lib/auth/caller';
import { PodiumError } from '@/lib/errors';
import { hasAcceptedRules, type ChallengeView } from './queries';

/**
 * Data of a challenge goes to organizers, and to participants who accepted its
 * rules once it has started.
 */
export async function assertCanUseData({
  db,
  caller,
  challenge,
  now = new Date(),
}: {
  db: DbOrTx;
  caller: Caller | null;
  challenge: ChallengeView;
  now?: Date;
}): Promise<Caller> {
  const c = requireCaller(caller);
  if (c.role === 'organizer') return c;
  if (now < challenge.startAt) {
    throw new PodiumError('forbidden:not_started', `The challenge "${challenge.slug}" starts at ${challenge.startAt.toISOString()}; its data opens then.`);
  }
  const accepted = await hasAcceptedRules({ db, challengeId: challenge.id, userId: c.userId });
  if (!accepted) {
    throw new PodiumError(
      'forbidden:rules_not_accepted',
      `Accept the rules of "${challenge.slug}" first: the button on the challenge page, \`npx podium join ${challenge.slug}\`, or POST /api/v1/challenges/${challenge.slug}/join.`,
    );
  }
  return c;
}

/** Whether `assertCanUseData` lets the caller through: for deciding what to offer (links), never instead of it when serving. */
export async function canUseData(args: Parameters<typeof assertCanUseData>[0]): Promise<boolean> {
  try {
    await assertCanUseData(args);
    return true;
  } catch (e) {
    if (e instanceof PodiumError && (e.kind === 'forbidden' || e.kind === 'unauthorized')) return false;
    throw e;
  }
}
