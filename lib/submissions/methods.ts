import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { submissions, teamMembers } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { PodiumError } from '@/lib/errors';

export const SUGGESTED_TAGS = ['gradient boosting', 'text embeddings', 'image embeddings', 'fine-tuned transformer', 'AutoML', 'ensemble', 'linear model', 'rules', 'blocking + classifier'];

export const methodInputSchema = z.object({
  notes: z.string().max(20_000, 'Use at most 20,000 characters.').default(''),
  tags: z
    .string()
    .default('')
    .transform((s) =>
      [...new Set(s.split(',').map((t) => t.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean))],
    )
    .pipe(z.array(z.string().max(40, 'A tag has at most 40 characters.')).max(8, 'Use at most 8 tags.')),
});

/** Notes and tags on one of the caller's team's submissions; the owner check is in the WHERE clause. */
export async function setMethodNotes({ db, caller, submissionId, notes, tags }: { db: DbOrTx; caller: Caller; submissionId: string; notes: string; tags: string[] }) {
  if (!z.uuid().safeParse(submissionId).success) throw new PodiumError('not_found:submission', 'No such submission.');
  const rows = await db
    .update(submissions)
    .set({ methodNotes: notes, tags })
    .where(
      and(
        eq(submissions.id, submissionId),
        sql`exists (select 1 from ${teamMembers} where ${teamMembers.teamId} = ${submissions.teamId} and ${teamMembers.userId} = ${caller.userId})`,
      ),
    )
    .returning({ id: submissions.id });
  if (rows.length === 0) throw new PodiumError('not_found:submission', 'No such submission.');
}

export async function methodsOf({ db, submissionIds }: { db: DbOrTx; submissionIds: string[] }) {
  if (submissionIds.length === 0) return new Map<string, { notes: string; tags: string[] }>();
  const rows = await db
    .select({ id: submissions.id, notes: submissions.methodNotes, tags: submissions.tags })
    .from(submissions)
    .where(inArray(submissions.id, submissionIds));
  return new Map(rows.map((r) => [r.id, { notes: r.notes, tags: r.tags }]));
}
