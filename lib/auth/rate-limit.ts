/**
 * Failed sign-ins are counted per email and per client address in a sliding
 * window, in the database so every web process sees the same counts.
 */
import { and, gte, inArray, lt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { signInFailures } from '@/db/schema';
import { PodiumError } from '@/lib/errors';

export type SignInLimit = { maxFailures: number; windowSeconds: number };

export function signInKeys({ email, address }: { email?: string; address?: string }): string[] {
  const keys: string[] = [];
  if (email) keys.push(`email:${email.trim().toLowerCase()}`);
  if (address) keys.push(`ip:${address}`);
  return keys;
}

/** Seconds until another attempt is allowed, or 0 when not limited. */
export async function signInRetryAfter({
  db,
  keys,
  limit,
  now = new Date(),
}: {
  db: DbOrTx;
  keys: string[];
  limit: SignInLimit;
  now?: Date;
}): Promise<number> {
  if (keys.length === 0) return 0;
  const since = new Date(now.getTime() - limit.windowSeconds * 1000);
  const rows = await db
    .select({ key: signInFailures.key, count: sql<number>`count(*)::int`, oldest: sql<Date>`min(${signInFailures.at})` })
    .from(signInFailures)
    .where(and(inArray(signInFailures.key, keys), gte(signInFailures.at, since)))
    .groupBy(signInFailures.key);
  let wait = 0;
  for (const r of rows) {
    if (Number(r.count) < limit.maxFailures) continue;
    const oldest = new Date(r.oldest).getTime();
    wait = Math.max(wait, Math.ceil((oldest + limit.windowSeconds * 1000 - now.getTime()) / 1000));
  }
  return Math.max(wait, 0);
}

export async function recordSignInFailure({ db, keys, limit }: { db: DbOrTx; keys: string[]; limit: SignInLimit }) {
  if (keys.length === 0) return;
  await db.insert(signInFailures).values(keys.map((key) => ({ key })));
  // Keep the table small: forget failures older than the window.
  await db.delete(signInFailures).where(lt(signInFailures.at, new Date(Date.now() - limit.windowSeconds * 1000)));
}

/**
 * Takes one attempt out of every key's allowance before the password is checked, so
 * parallel attempts cannot all pass the check before any failure is recorded: each
 * key is locked (an advisory lock for the transaction), counted and charged one
 * placeholder row in one transaction. With 5 allowed and 100 sent at once, exactly 5
 * get through. `release` removes the placeholders once the attempt is over (a failed
 * password records its own failure).
 */
export async function reserveSignInAttempt({
  db,
  keys,
  limit,
  now = new Date(),
}: {
  db: Db;
  keys: string[];
  limit: SignInLimit;
  now?: Date;
}): Promise<{ retryAfter: number; release: () => Promise<void> }> {
  if (keys.length === 0) return { retryAfter: 0, release: async () => {} };
  const ids = await db.transaction(async (tx) => {
    for (const key of [...keys].sort()) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`);
    const wait = await signInRetryAfter({ db: tx, keys, limit, now });
    if (wait > 0) return wait;
    const rows = await tx.insert(signInFailures).values(keys.map((key) => ({ key, at: now }))).returning({ id: signInFailures.id });
    return rows.map((r) => r.id);
  });
  if (typeof ids === 'number') return { retryAfter: ids, release: async () => {} };
  return {
    retryAfter: 0,
    release: async () => {
      await db.delete(signInFailures).where(inArray(signInFailures.id, ids));
    },
  };
}

/**
 * The sign-up throttle: `max` sign-ups per client address per window (SIGNUP_MAX_PER_WINDOW per
 * SIGNIN_WINDOW_SECONDS), counted like sign-in attempts and atomic the same way. Each sign-up is
 * charged whether or not the email already had an account, so the form cannot be used to test
 * emails in bulk either. Throws 429 `rate_limited:sign_up` naming the wait.
 */
export async function reserveSignUp({
  db,
  address,
  max,
  windowSeconds,
  now,
}: {
  db: Db;
  address: string | undefined;
  max: number;
  windowSeconds: number;
  now?: Date;
}): Promise<void> {
  const { retryAfter } = await reserveSignInAttempt({ db, keys: address ? [`signup:${address}`] : [], limit: { maxFailures: max, windowSeconds }, now });
  if (retryAfter > 0) {
    throw new PodiumError('rate_limited:sign_up', `Too many sign-ups from your address. Try again in ${retryAfter} s.`, { retryAfter });
  }
}
