import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { resolveCaller, requireOrganizer, type Caller } from '@/lib/auth/caller';
import { authSecret, config, isBuildPhase } from '@/lib/config';
import { isPodiumError } from '@/lib/errors';
import { forbidden, redirect } from 'next/navigation';

export async function callerFromHeaders(h: Headers): Promise<Caller | null> {
  const cfg = config();
  return resolveCaller({ db: await getDb(), headers: h, secret: authSecret(cfg), organizerEmails: cfg.ORGANIZER_EMAILS });
}

/**
 * The signed-in user of a page or server action (no API tokens on pages), or null. Resolved once per
 * request (React's cache): the layout and the page ask for it, the session is decoded and read once.
 */
export const getCaller = cache(async function getCaller(): Promise<Caller | null> {
  await connection(); // pages that know their caller are never prerendered at build time
  if (isBuildPhase()) return null; // the static 404 page still renders the layout at build time
  const h = new Headers(await headers());
  h.delete('authorization');
  try {
    return await callerFromHeaders(h);
  } catch (e) {
    if (isPodiumError(e)) return null;
    throw e;
  }
});

/** For pages: sends anonymous visitors to sign in and answers 403 to participants. */
export async function pageOrganizer(from: string): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  try {
    return requireOrganizer(caller);
  } catch {
    forbidden();
  }
}

export async function pageCaller(from: string): Promise<Caller> {
  const caller = await getCaller();
  if (!caller) redirect(`/signin?callbackUrl=${encodeURIComponent(from)}`);
  return caller;
}
