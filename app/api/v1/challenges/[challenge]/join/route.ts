import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { joinChallenge } from '@/lib/teams/join';
import { apiRoute } from '../../../../../_lib/api';

export const POST = apiRoute<{ challenge: string }>(async ({ caller, params }) => {
  const c = requireCaller(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const { created } = await joinChallenge({ db, challengeId: challenge.id, userId: c.userId });
  return { challenge: challenge.slug, joined: true, created };
});
