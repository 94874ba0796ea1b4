'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { requeueForRescore } from '@/lib/submissions/rescore';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { formAction } from '../../../../_lib/action';

export const rescoreAction = formAction(
  { schema: z.object({ challenge: z.string(), task: z.string(), submissionId: z.uuid().optional() }), who: 'organizer' },
  async (input, caller) => {
    const db = await getDb();
    const challenge = await getChallengeBySlug({ db, slug: input.challenge, includeArchived: true });
    const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: input.task });
    const n = await db.transaction((tx) =>
      requeueForRescore({ db: tx, taskId: task.id, submissionId: input.submissionId, actorId: caller!.userId, challengeId: challenge.id }),
    );
    revalidatePath(`/organizer/challenges/${challenge.slug}/rescore`);
    return { ok: true, data: { queued: n } };
  },
);
