'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { disqualifyTeam, restoreTeam, setPrivateReveal, setPublicFreeze } from '@/lib/leaderboard/admin';
import { formAction } from '../../../../_lib/action';

const base = z.object({ challenge: z.string().min(1) });

async function load(slug: string) {
  const db = await getDb();
  return { db, challenge: await getChallengeBySlug({ db, slug, includeArchived: true }) };
}

function done(slug: string) {
  boardCache.clear();
  revalidatePath(`/challenges/${slug}`, 'layout');
  revalidatePath(`/organizer/challenges/${slug}/board`);
  return { ok: true };
}

export const freezeAction = formAction({ schema: base.extend({ op: z.enum(['freeze', 'unfreeze']) }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await setPublicFreeze({ db, challengeId: challenge.id, actorId: caller!.userId, at: input.op === 'freeze' ? new Date() : null });
  return done(challenge.slug);
});

export const revealAction = formAction({ schema: base.extend({ op: z.enum(['reveal', 'hide', 'hold', 'auto']) }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  const at = input.op === 'reveal' ? new Date() : input.op === 'hide' ? null : challenge.privateRevealedAt;
  const autoReveal = input.op === 'hold' ? false : input.op === 'auto' ? true : challenge.autoReveal;
  await setPrivateReveal({ db, challengeId: challenge.id, actorId: caller!.userId, at, autoReveal });
  return done(challenge.slug);
});

export const disqualifyAction = formAction(
  { schema: base.extend({ teamId: z.uuid(), reason: z.string().trim().min(3, 'Give the reason (kept in the audit log).').max(2000) }), who: 'organizer' },
  async (input, caller) => {
    const { db, challenge } = await load(input.challenge);
    await disqualifyTeam({ db, challengeId: challenge.id, teamId: input.teamId, actorId: caller!.userId, reason: input.reason });
    return done(challenge.slug);
  },
);

export const restoreAction = formAction({ schema: base.extend({ teamId: z.uuid() }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await restoreTeam({ db, challengeId: challenge.id, teamId: input.teamId, actorId: caller!.userId });
  return done(challenge.slug);
});
