'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { joinChallenge } from '@/lib/teams/join';
import { formAction } from '../../../_lib/action';

export const acceptRules = formAction({ schema: z.object({ challenge: z.string() }), who: 'user' }, async (input, caller) => {
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: input.challenge });
  await joinChallenge({ db, challengeId: challenge.id, userId: caller!.userId });
  revalidatePath(`/challenges/${challenge.slug}`, 'layout');
  return { ok: true };
});
