'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { createApiToken, revokeApiToken, tokenNameSchema } from '@/lib/auth/tokens';
import { formAction } from '../../_lib/action';

export const createToken = formAction({ schema: z.object({ name: tokenNameSchema }), who: 'user' }, async (input, caller) => {
  const created = await createApiToken({ db: await getDb(), userId: caller!.userId, name: input.name });
  revalidatePath('/account');
  return { ok: true, data: { token: created.token, name: created.name } };
});

export const revokeToken = formAction({ schema: z.object({ tokenId: z.string() }), who: 'user' }, async (input, caller) => {
  await revokeApiToken({ db: await getDb(), userId: caller!.userId, tokenId: input.tokenId });
  revalidatePath('/account');
  return { ok: true };
});
