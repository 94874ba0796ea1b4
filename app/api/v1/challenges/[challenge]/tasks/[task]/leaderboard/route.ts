import { taskBoardQuery as query } from '@/lib/api/schemas';
import { getDb } from '@/db';
import { seesEverything } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { taskBoardCsv, taskBoardJson } from '@/lib/leaderboard/format';
import { boardCache } from '@/lib/leaderboard/board-cache';
import { readTaskBoard } from '@/lib/leaderboard/task-board';
import { readBoardStats, SIGNIFICANCE_METHOD } from '@/lib/leaderboard/significance';
import { appBlobStore } from '@/lib/storage/app';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { apiRoute, parseWith } from '../../../../../../../_lib/api';

// A cached board is serialized once, not once per request.
const serialized = new WeakMap<object, string>();

/** Public and late boards are open to anyone; the private one to organizers, and to everyone once revealed. */
export const GET = apiRoute<{ challenge: string; task: string }>(async ({ req, caller, params }) => {
  const { board, format } = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  // The challenge's settings (freeze, reveal) are read at most once a second per process, like the board.
  const { challenge, task } = await boardCache.get(`ref|${params.challenge}|${params.task}`, async () => {
    const challenge = await getChallengeBySlug({ db, slug: params.challenge });
    return { challenge, task: await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task }) };
  });
  const b = await readTaskBoard({ db, challenge, task, board, organizer: seesEverything(caller) });
  if (format === 'csv') {
    return new Response(taskBoardCsv(b), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${challenge.slug}-${task.slug}-${board}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  }
  let body = serialized.get(b);
  if (body === undefined) {
    const stats = await readBoardStats({ db, store: appBlobStore(), board: b });
    const json = taskBoardJson(b);
    const rows = json.rows.map((r, i) => ({ ...r, ...(stats.get(b.rows[i].teamId) ?? {}) }));
    serialized.set(b, (body = JSON.stringify({ ...json, significance: SIGNIFICANCE_METHOD, rows })));
  }
  return new Response(body, { headers: { 'content-type': 'application/json' } });
});
