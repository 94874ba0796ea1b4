import { getDb } from '@/db';
import { requireOrganizer } from '@/lib/auth/caller';
import { createApiToken } from '@/lib/auth/tokens';
import { getUserByEmail } from '@/lib/auth/users';
import { tokenAddBody } from '@/lib/api/schemas';
import { PodiumError } from '@/lib/errors';
import { apiRoute, parseWith } from '../../../../_lib/api';

/** `podium token add` through the running site: a token for any account, answered once. */
export const POST = apiRoute(async ({ req, caller }) => {
  requireOrganizer(caller);
  const { email, name } = parseWith(tokenAddBody, await req.json().catch(() => undefined));
  const db = await getDb();
  const user = await getUserByEmail({ db, email });
  if (!user) throw new PodiumError('not_found:user', `There is no account with the email ${email}.`);
  const t = await createApiToken({ db, userId: user.id, name });
  return { email: user.email, name: t.name, token: t.token };
});
