'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { nameProblem } from '@/lib/auth/names';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { createTeam, joinTeamByCode, leaveTeam, mergeByCode, resetInviteCode } from '@/lib/teams/membership';
import { formAction } from '../../../../_lib/action';

const challengeField = z.object({ challenge: z.string().min(1) });

async function challengeOf(slug: string) {
  const db = await getDb();
  return { db, challenge: await getChallengeBySlug({ db, slug }) };
}

export const createTeamAction = formAction(
  { schema: challengeField.extend({ name: z.string().trim().min(2, 'Use at least 2 characters.').max(60, 'Use at most 60 characters.').refine((v) => !nameProblem(v), { message: nameProblem('\u0000') }) }), who: 'user' },
  async (input, caller) => {
    const { db, challenge } = await challengeOf(input.challenge);
    const r = await createTeam({ db, challenge, userId: caller!.userId, name: input.name });
    boardCache.clear();
    revalidatePath(`/challenges/${challenge.slug}`, 'layout');
    return { ok: true, data: { message: `You are now in "${r.name}".` } };
  },
);

export const joinTeamAction = formAction(
  { schema: challengeField.extend({ code: z.string().trim().min(4, 'Paste the invite code or link.'), whole: z.literal('on').optional() }), who: 'user' },
  async (input, caller) => {
    const { db, challenge } = await challengeOf(input.challenge);
    // A pasted invite link works as well as the bare code.
    const code = input.code.split('/').filter(Boolean).pop()!;
    if (input.whole) {
      const m = await mergeByCode({ db, challenge, userId: caller!.userId, code });
      boardCache.clear();
    revalidatePath(`/challenges/${challenge.slug}`, 'layout');
      return { ok: true, data: { message: `Your team merged into "${m.name}" (${m.members} members).` } };
    }
    const r = await joinTeamByCode({ db, challenge, userId: caller!.userId, code });
    boardCache.clear();
    revalidatePath(`/challenges/${challenge.slug}`, 'layout');
    return { ok: true, data: { message: r.merged ? `Your team and its submissions merged into "${r.name}".` : `You joined "${r.name}".` } };
  },
);

export const leaveTeamAction = formAction({ schema: challengeField, who: 'user' }, async (input, caller) => {
  const { db, challenge } = await challengeOf(input.challenge);
  const r = await leaveTeam({ db, challenge, userId: caller!.userId });
  boardCache.clear();
  revalidatePath(`/challenges/${challenge.slug}`, 'layout');
  return { ok: true, data: { message: `You left the team; you are now on your own as "${r.name}".` } };
});

export const resetInviteAction = formAction({ schema: challengeField, who: 'user' }, async (input, caller) => {
  const { db, challenge } = await challengeOf(input.challenge);
  await resetInviteCode({ db, challengeId: challenge.id, userId: caller!.userId });
  revalidatePath(`/challenges/${challenge.slug}/team`);
  return { ok: true, data: { message: 'New invite code made; the old link no longer works.' } };
});
