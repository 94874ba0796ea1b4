'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { announcementSchema, deleteAnnouncement, postAnnouncement, setChallengeArchived, setTaskArchived, taskMetaSchema, updateTaskMeta } from '@/lib/challenges/season';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { formAction } from '../../../_lib/action';

const base = z.object({ challenge: z.string().min(1) });

async function load(slug: string) {
  const db = await getDb();
  return { db, challenge: await getChallengeBySlug({ db, slug, includeArchived: true }) };
}

function done(slug: string) {
  boardCache.clear();
  revalidatePath('/', 'layout');
  revalidatePath(`/organizer/challenges/${slug}`);
  return { ok: true };
}

export const updateTaskAction = formAction({ schema: z.intersection(taskMetaSchema, base.extend({ taskId: z.uuid() })), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await updateTaskMeta({ db, challengeId: challenge.id, taskId: input.taskId, input, actorId: caller!.userId });
  return done(challenge.slug);
});

export const archiveTaskAction = formAction({ schema: base.extend({ taskId: z.uuid(), archived: z.enum(['1', '0']) }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await setTaskArchived({ db, challengeId: challenge.id, taskId: input.taskId, archived: input.archived === '1', actorId: caller!.userId });
  return done(challenge.slug);
});

export const archiveChallengeAction = formAction({ schema: base.extend({ archived: z.enum(['1', '0']) }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await setChallengeArchived({ db, challengeId: challenge.id, archived: input.archived === '1', actorId: caller!.userId });
  return done(challenge.slug);
});

export const postAnnouncementAction = formAction({ schema: z.intersection(announcementSchema, base), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await postAnnouncement({ db, challengeId: challenge.id, body: input.body, actorId: caller!.userId });
  return done(challenge.slug);
});

export const deleteAnnouncementAction = formAction({ schema: base.extend({ id: z.uuid() }), who: 'organizer' }, async (input, caller) => {
  const { db, challenge } = await load(input.challenge);
  await deleteAnnouncement({ db, challengeId: challenge.id, id: input.id, actorId: caller!.userId });
  return done(challenge.slug);
});
