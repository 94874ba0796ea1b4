import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { listChallenges } from '@/lib/challenges/queries';
import { challengePhase } from '@/lib/challenges/phase';
import { apiRoute } from '../../../_lib/api';

export const GET = apiRoute(async ({ caller }) => {
  requireCaller(caller);
  const rows = await listChallenges({ db: await getDb(), caller });
  return {
    challenges: rows.map((c) => ({
      slug: c.slug,
      title: c.title,
      startAt: c.startAt.toISOString(),
      endAt: c.endAt.toISOString(),
      phase: challengePhase(c),
    })),
  };
});
