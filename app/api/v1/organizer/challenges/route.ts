import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { requireOrganizer } from '@/lib/auth/caller';
import { challengeInputSchema, createChallenge } from '@/lib/challenges/admin';
import { apiRoute, parseWith } from '../../../../_lib/api';

/** Creates a challenge with the console's own schema (`podium challenge add` through the running site). */
export const POST = apiRoute(async ({ req, caller }) => {
  const organizer = requireOrganizer(caller);
  const input = parseWith(challengeInputSchema, await req.json().catch(() => undefined));
  const c = await createChallenge({ db: await getDb(), input, actorId: organizer.userId });
  return NextResponse.json({ slug: c.slug, title: c.title, startAt: c.startAt.toISOString(), endAt: c.endAt.toISOString() }, { status: 201 });
});
