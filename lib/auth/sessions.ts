/**
 * Session revocation: cookies are signed JWTs that cannot be recalled, so each
 * carries the user's `session_version`; signing out (or changing the password)
 * bumps it, and every request compares (lib/auth/caller.ts, the jwt callback).
 */
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';

export async function currentSessionVersion({ db, userId }: { db: DbOrTx; userId: string }): Promise<number | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(userId)) return undefined;
  const [row] = await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1);
  return row?.v;
}

/** Ends every session of the user (all browsers); API tokens are revoked separately. */
export async function revokeSessions({ db, userId }: { db: DbOrTx; userId: string }): Promise<void> {
  await db.update(users).set({ sessionVersion: sql`${users.sessionVersion} + 1` }).where(eq(users.id, userId));
}
