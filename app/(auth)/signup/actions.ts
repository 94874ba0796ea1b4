'use server';
import { z } from 'zod';
import { getDb } from '@/db';
import { createUser, emailSchema, passwordSchema } from '@/lib/auth/users';
import { formAction } from '../../_lib/action';

const signUpSchema = z.object({
  name: z.string().trim().max(100, 'Use at most 100 characters.').optional(),
  email: emailSchema,
  password: passwordSchema,
});

/** Creates a participant account. Organizers are made by ORGANIZER_EMAILS or `podium user add --organizer`. */
export const signUp = formAction({ schema: signUpSchema, who: 'anyone' }, async (input) => {
  await createUser({ db: await getDb(), email: input.email, password: input.password, name: input.name });
  return { ok: true };
});
