'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { getDb } from '@/db';
import { challengeInputSchema, createChallenge, trackInputSchema, updateChallenge, upsertTrack } from '@/lib/challenges/admin';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { formAction } from '../_lib/action';

export const createChallengeAction = formAction({ schema: challengeInputSchema, who: 'organizer' }, async (input, caller) => {
  const row = await createChallenge({ db: await getDb(), input, actorId: caller!.userId });
  revalidatePath('/');
  redirect(`/organizer/challenges/${row.slug}`);
});

export const updateChallengeAction = formAction(
  { schema: z.intersection(challengeInputSchema, z.object({ id: z.uuid() })), who: 'organizer' },
  async (input, caller) => {
    const row = await updateChallenge({ db: await getDb(), id: input.id, input, actorId: caller!.userId });
    revalidatePath('/', 'layout');
    redirect(`/organizer/challenges/${row.slug}?saved=1`);
  },
);

export const upsertTrackAction = formAction(
  { schema: z.intersection(trackInputSchema, z.object({ challenge: z.string() })), who: 'organizer' },
  async (input) => {
    const db = await getDb();
    const challenge = await getChallengeBySlug({ db, slug: input.challenge, includeArchived: true });
    await upsertTrack({ db, challengeId: challenge.id, input });
    revalidatePath(`/organizer/challenges/${challenge.slug}`);
    return { ok: true };
  },
);
