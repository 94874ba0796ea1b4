import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { teamMembers, teams, users } from '@/db/schema';
import { baselinePredictions } from '@/datasets/baseline';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { effectiveRole } from '@/lib/auth/users';
import type { BlobStore } from '@/lib/storage/types';
import { createSubmission } from '@/lib/submissions/create';
import { getPublishedFile, listTaskFiles, listTasks } from '@/lib/tasks/queries';
import { newInviteCode } from '@/lib/teams/join';
import { ruleAcceptances } from '@/db/schema';

export const BASELINE_TEAM = 'Baseline';

/** The organizer-owned "Baseline" team of a challenge, made on first use. */
async function baselineTeam({ db, challengeId, organizerId }: { db: DbOrTx; challengeId: string; organizerId: string }) {
  const [existing] = await db.select({ id: teams.id }).from(teams).where(and(eq(teams.challengeId, challengeId), eq(teams.isBaseline, true)));
  if (existing) return existing.id;
  const [team] = await db
    .insert(teams)
    .values({ challengeId, name: BASELINE_TEAM, inviteCode: newInviteCode(), isBaseline: true })
    .returning({ id: teams.id });
  await db.insert(teamMembers).values({ teamId: team.id, challengeId, userId: organizerId });
  await db.insert(ruleAcceptances).values({ challengeId, userId: organizerId }).onConflictDoNothing();
  return team.id;
}

/**
 * Trains the demo baseline (datasets/baseline.ts) on each task's published
 * files, exactly what a participant downloads, and submits its predictions as
 * the Baseline team. The submissions are queued; the worker scores them.
 */
export async function submitBaselines({
  db,
  store,
  challengeSlug,
  organizerEmail,
  organizerEmails = [],
}: {
  db: DbOrTx;
  store: BlobStore;
  challengeSlug: string;
  organizerEmail: string;
  organizerEmails?: string[];
}) {
  const challenge = await getChallengeBySlug({ db, slug: challengeSlug });
  const [organizer] = await db.select().from(users).where(eq(users.email, organizerEmail.toLowerCase()));
  if (!organizer || effectiveRole(organizer, organizerEmails) !== 'organizer') {
    throw new Error(`podium: ${organizerEmail} is not an organizer account.`);
  }
  await baselineTeam({ db, challengeId: challenge.id, organizerId: organizer.id });
  const caller = { userId: organizer.id, email: organizer.email, name: organizer.name, role: 'organizer' as const, via: 'session' as const };
  const out: { task: string; submission: string }[] = [];
  for (const task of await listTasks({ db, challengeId: challenge.id })) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-baseline-'));
    try {
      fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task.manifest));
      for (const f of await listTaskFiles({ db, taskId: task.id })) {
        if (!f.name.endsWith('.csv') || f.name === 'sample_submission.csv') continue;
        const { storageKey } = await getPublishedFile({ db, taskId: task.id, name: f.name });
        fs.writeFileSync(path.join(dir, f.name), await store.getBytes(storageKey));
      }
      const csv = await baselinePredictions(dir);
      const file = path.join(dir, `baseline-${task.slug}.csv`);
      fs.writeFileSync(file, csv);
      const sub = await createSubmission({
        db,
        store,
        caller,
        challenge,
        taskId: task.id,
        file: { path: file, name: path.basename(file), size: Buffer.byteLength(csv), sha256: crypto.createHash('sha256').update(csv).digest('hex') },
        description: 'Organizers’ baseline: naive Bayes over words and categories (classification) or title-word Jaccard similarity (matching); no images.',
      });
      out.push({ task: task.slug, submission: sub.id });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
