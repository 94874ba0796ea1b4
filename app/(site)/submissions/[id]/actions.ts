'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { methodInputSchema, setMethodNotes } from '@/lib/submissions/methods';
import { formAction } from '../../../_lib/action';

export const saveMethod = formAction(
  { schema: z.intersection(methodInputSchema, z.object({ submissionId: z.string() })), who: 'user' },
  async (input, caller) => {
    await setMethodNotes({ db: await getDb(), caller: caller!, submissionId: input.submissionId, notes: input.notes, tags: input.tags });
    revalidatePath(`/submissions/${input.submissionId}`);
    return { ok: true };
  },
);
