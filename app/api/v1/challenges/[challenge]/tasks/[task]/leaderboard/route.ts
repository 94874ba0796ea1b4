import { z } from 'zod';
import { getDb } from '@/db';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { taskBoardCsv, taskBoardJson } from '@/lib/leaderboard/format';
import { getTaskBoard } from '@/lib/leaderboard/task-board';
import { boardKinds } from '@/lib/leaderboard/visibility';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { apiRoute, parseWith } from '../../../../../../../_lib/api';

const query = z.object({
  board: z.enum(boardKinds).default('public'),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Public and late boards are open to anyone; the private one to organizers, and to everyone once revealed. */
export const GET = apiRoute<{ challenge: string; task: string }>(async ({ req, caller, params }) => {
  const { board, format } = parseWith(query, Object.fromEntries(new URL(req.url).searchParams));
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const b = await getTaskBoard({ db, challenge, task, board, organizer: caller?.role === 'organizer' });
  if (format === 'csv') {
    return new Response(taskBoardCsv(b), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${challenge.slug}-${task.slug}-${board}.csv"`,
        'cache-control': 'private, no-store',
      },
    });
  }
  return taskBoardJson(b);
});
