import 'server-only';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { auditLog, challenges, tracks } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import { slugSchema } from './queries';

const instant = z.union([z.date(), z.string().trim().min(1)]).transform((v, ctx) => {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: `"${String(v)}" is not a date and time (use ISO 8601, e.g. 2026-12-01T00:00Z).` });
    return z.NEVER;
  }
  return d;
});
const optionalInstant = z
  .union([z.literal(''), z.null(), z.undefined(), instant])
  .transform((v) => (v === '' || v == null ? null : (v as Date)));
const count = (min: number, max: number) => z.coerce.number().int(`Use a whole number.`).min(min).max(max);

export const challengeInputSchema = z
  .object({
    slug: slugSchema,
    title: z.string().trim().min(1, 'Give the challenge a title.').max(200),
    description: z.string().max(100_000).default(''),
    rules: z.string().max(100_000).default(''),
    startAt: instant,
    endAt: instant,
    teamSizeLimit: count(1, 1000).default(5),
    dailySubmissionLimit: count(1, 10_000).default(5),
    totalSubmissionLimit: count(1, 1_000_000).default(500),
    finalSelections: count(1, 100).default(2),
    mergeDeadline: optionalInstant.default(null),
  })
  .refine((c) => c.endAt > c.startAt, { message: 'The end must come after the start.', path: ['endAt'] });
export type ChallengeInput = z.input<typeof challengeInputSchema>;

export async function createChallenge({ db, input, actorId }: { db: DbOrTx; input: ChallengeInput; actorId?: string }) {
  const values = challengeInputSchema.parse(input);
  const [row] = await db.insert(challenges).values(values).onConflictDoNothing({ target: challenges.slug }).returning();
  if (!row) throw new PodiumError('conflict:challenge_slug', `A challenge with the slug "${values.slug}" already exists.`);
  await db.insert(auditLog).values({ challengeId: row.id, actorId, action: 'challenge.create', subject: row.slug });
  return row;
}

export async function updateChallenge({
  db,
  id,
  input,
  actorId,
}: {
  db: DbOrTx;
  id: string;
  input: ChallengeInput;
  actorId?: string;
}) {
  const values = challengeInputSchema.parse(input);
  const [clash] = await db.select({ id: challenges.id }).from(challenges).where(eq(challenges.slug, values.slug));
  if (clash && clash.id !== id) throw new PodiumError('conflict:challenge_slug', `The slug "${values.slug}" is taken.`);
  const [row] = await db.update(challenges).set(values).where(eq(challenges.id, id)).returning();
  if (!row) throw new PodiumError('not_found:challenge', 'No such challenge.');
  await db.insert(auditLog).values({ challengeId: id, actorId, action: 'challenge.update', subject: row.slug });
  return row;
}

export const trackInputSchema = z.object({
  slug: slugSchema,
  title: z.string().trim().min(1, 'Give the track a title.').max(200),
  description: z.string().max(10_000).default(''),
});

/** Creates the track, or updates its title and description when the slug exists. */
export async function upsertTrack({
  db,
  challengeId,
  input,
}: {
  db: DbOrTx;
  challengeId: string;
  input: z.input<typeof trackInputSchema>;
}) {
  const values = trackInputSchema.parse(input);
  const [row] = await db
    .insert(tracks)
    .values({ ...values, challengeId })
    .onConflictDoUpdate({ target: [tracks.challengeId, tracks.slug], set: { title: values.title, description: values.description } })
    .returning();
  return row;
}
