import { getDb } from '@/db';
import { requireOrganizer } from '@/lib/auth/caller';
import { userAddBody } from '@/lib/api/schemas';
import { addOrUpdateUser } from '@/lib/people/users';
import { apiRoute, parseWith } from '../../../../_lib/api';

/** `podium user add` through the running site; the same rules as the local command. */
export const POST = apiRoute(async ({ req, caller }) => {
  const organizer = requireOrganizer(caller);
  const input = parseWith(userAddBody, await req.json().catch(() => undefined));
  return addOrUpdateUser({ db: await getDb(), ...input, actorId: organizer.userId });
});
