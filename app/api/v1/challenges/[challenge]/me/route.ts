import { viewerPartsQuery } from '@/lib/api/schemas';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { viewerBoardParts } from '@/lib/leaderboard/viewer-parts';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { historyChart } from '../../../../../_lib/charts';
import { renderOnceAsync } from '../../../../../(site)/challenges/[slug]/leaderboard/board-html';
import { apiRoute, parseWith } from '../../../../../_lib/api';

/**
 * The caller's own parts of a board page, which the shared page (the same for every participant, kept by
 * podium's server per board change) fills in after load: lib/leaderboard/viewer-parts.ts decides what they are.
 */
export const GET = apiRoute<{ challenge: string }>(async ({ req, caller, params }) => {
  const { task: taskSlug } = parseWith(viewerPartsQuery, Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = caller && taskSlug ? await getTaskBySlug({ db, challengeId: challenge.id, slug: taskSlug }) : null;
  const parts = await viewerBoardParts({ db, caller, challenge, task });
  const h = parts.history;
  // The same drawing the page makes for ?team=<own team>: one per (board change, team).
  const svg =
    h && task
      ? await renderOnceAsync(h.board, `history:${h.teamId}:`, async () => historyChart({ points: await h.points(), metric: task.metric, higherIsBetter: h.board.higherIsBetter }))
      : null;
  const body = {
    user: parts.user,
    team: parts.team && { ...parts.team, disqualifiedAt: parts.team.disqualifiedAt?.toISOString() ?? null },
    history: parts.team && svg !== null ? { team: parts.team.name, svg } : null,
  };
  return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json', 'cache-control': 'private, no-store' } });
});
