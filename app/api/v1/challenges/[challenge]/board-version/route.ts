import { getDb } from '@/db';
import { getAnonymousBoardStamp } from '@/lib/leaderboard/board-version';
import { PodiumError } from '@/lib/errors';
import { apiRoute } from '../../../../../_lib/api';

/** What board pages poll (AutoRefresh): one query, and the page refreshes only when the answer changed. */
export const GET = apiRoute<{ challenge: string }>(async ({ params }) => {
  const stamp = await getAnonymousBoardStamp({ db: await getDb(), slug: params.challenge });
  if (stamp === null) throw new PodiumError('not_found:challenge', `There is no challenge "${params.challenge}".`);
  return new Response(JSON.stringify({ stamp }), { headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
});
