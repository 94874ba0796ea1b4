'use server';
import { z } from 'zod';
import { getDb } from '@/db';
import { passwordSchema } from '@/lib/auth/users';
import { usePasswordReset } from '@/lib/people/users';
import { formAction } from '../../../_lib/action';

export const resetPasswordAction = formAction(
  { schema: z.object({ token: z.string().min(1).max(200), password: passwordSchema }), who: 'anyone' },
  async (input) => {
    const email = await usePasswordReset({ db: await getDb(), token: input.token, password: input.password });
    return { ok: true, data: { email } };
  },
);
