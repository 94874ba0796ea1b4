/**
 * For tests of the submission path: a running challenge (started yesterday, ends tomorrow) with the iris task
 * imported, and one participant who has joined it, calling with a token.
 */
import path from 'node:path';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/caller';
import { createUser } from '@/lib/auth/users';
import { createChallenge } from '@/lib/challenges/admin';
import { getChallengeBySlug, type ChallengeView } from '@/lib/challenges/queries';
import type { BlobStore } from '@/lib/storage/types';
import { importTask } from '@/lib/tasks/import-task';
import { joinChallenge } from '@/lib/teams/join';

export const IRIS = path.resolve(import.meta.dirname, '../tasks/fixtures/iris');

export async function irisChallenge(input: { db: Db; store: BlobStore; slug: string; user: { email: string; name: string }; dailySubmissionLimit?: number }): Promise<{ challenge: ChallengeView; taskId: string; caller: Caller }> {
  const { db, store, slug } = input;
  await createChallenge({
    db,
    input: { slug, title: slug, startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000), dailySubmissionLimit: input.dailySubmissionLimit ?? 100 },
  });
  const challenge = await getChallengeBySlug({ db, slug });
  const taskId = (await importTask({ db, store, challengeId: challenge.id, folder: IRIS })).taskId;
  const u = await createUser({ db, email: input.user.email, password: 'password1', name: input.user.name });
  await joinChallenge({ db, challengeId: challenge.id, userId: u.id });
  return { challenge, taskId, caller: { userId: u.id, email: u.email, name: u.name, role: 'participant', via: 'token' } };
}
