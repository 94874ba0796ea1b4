import { trackBoardQuery as query } from '@/lib/api/schemas';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug, listTracks } from '@/lib/challenges/queries';
import { PodiumError } from '@/lib/errors';
import { trackBoardCsv, trackBoardJson } from '@/lib/leaderboard/format';
import { getTrackBoard } from '@/lib/leaderboard/track-board';
import { apiRoute, parseWith } from '../../../../../../../_lib/api';

export const GET = apiRoute<{ challenge: string; track: string }>(async ({ req, caller, params }) => {
  const { board, format } = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const track = (await listTracks({ db, challengeId: challenge.id })).find((t) => t.slug === params.track);
  if (!track) throw new PodiumError('not_found:track', `There is no track "${params.track}" in this challenge.`);
  const b = await getTrackBoard({ db, challenge, track, board, organizer: seesEverything(caller), cached: true });
  if (format === 'csv') {
    return new Response(trackBoardCsv(b), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${challenge.slug}-${track.slug}-${board}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  }
  return trackBoardJson(b);
});
