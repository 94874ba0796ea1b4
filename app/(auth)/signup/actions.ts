'use server';
import { headers } from 'next/headers';
import { z } from 'zod';
import { getDb } from '@/db';
import { clientAddressFrom } from '@/lib/auth/client-address';
import { nameProblem } from '@/lib/auth/names';
import { reserveSignUp } from '@/lib/auth/rate-limit';
import { createUser, emailSchema, passwordSchema } from '@/lib/auth/users';
import { config } from '@/lib/config';
import { isPodiumError } from '@/lib/errors';
import { formAction } from '../../_lib/action';

const signUpSchema = z.object({
  name: z
    .string()
    .trim()
    .max(100, 'Use at most 100 characters.')
    .refine((v) => !nameProblem(v), { message: nameProblem('\u0000') })
    .optional(),
  email: emailSchema,
  password: passwordSchema,
});

/**
 * Creates a participant account. Organizers are made by ORGANIZER_EMAILS or `podium user add --organizer`.
 * An email that already has an account gets the same answer as a new one (the form then signs in, which
 * works only with that account's password), so the form does not tell strangers who has an account;
 * sign-ups per address are limited like sign-ins.
 */
export const signUp = formAction({ schema: signUpSchema, who: 'anyone' }, async (input) => {
  const db = await getDb();
  const cfg = config();
  const address = clientAddressFrom(await headers(), cfg.TRUSTED_PROXIES);
  await reserveSignUp({ db, address, max: cfg.SIGNUP_MAX_PER_WINDOW, windowSeconds: cfg.SIGNIN_WINDOW_SECONDS });
  try {
    await createUser({ db, email: input.email, password: input.password, name: input.name });
  } catch (e) {
    if (!(isPodiumError(e) && e.code === 'conflict:email_taken')) throw e;
  }
  return { ok: true };
});
