'use server';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDb } from '@/db';
import { createPasswordReset, setUserDisabled, setUserRole } from '@/lib/people/users';
import { formAction } from '../../_lib/action';

const who = z.object({ userId: z.uuid() });

export const setRoleAction = formAction({ schema: who.extend({ role: z.enum(['organizer', 'participant']) }), who: 'organizer' }, async (input, caller) => {
  await setUserRole({ db: await getDb(), actorId: caller!.userId, userId: input.userId, role: input.role });
  revalidatePath('/organizer/users');
  return { ok: true };
});

export const setDisabledAction = formAction({ schema: who.extend({ disabled: z.enum(['1', '0']) }), who: 'organizer' }, async (input, caller) => {
  await setUserDisabled({ db: await getDb(), actorId: caller!.userId, userId: input.userId, disabled: input.disabled === '1' });
  revalidatePath('/organizer/users');
  return { ok: true };
});

export const resetLinkAction = formAction({ schema: who, who: 'organizer' }, async (input, caller) => {
  const r = await createPasswordReset({ db: await getDb(), actorId: caller!.userId, userId: input.userId });
  revalidatePath('/organizer/users');
  return { ok: true, data: { path: r.path, expiresAt: r.expiresAt.toISOString(), email: r.email } };
});
