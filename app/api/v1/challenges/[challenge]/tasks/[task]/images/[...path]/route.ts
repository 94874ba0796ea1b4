import { getDb } from '@/db';
import { assertCanUseData } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { appBlobStore } from '@/lib/storage/app';
import { taskImage } from '@/lib/tasks/preview';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { apiRoute } from '../../../../../../../../_lib/api';

type Params = { challenge: string; task: string; path: string[] };

/** One image of a task (for the data preview), served as a byte range of the stored images.zip. Same rule as the downloads. */
export const GET = apiRoute<Params>(async ({ caller, params }) => {
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  await assertCanUseData({ db, caller, challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const img = await taskImage({ db, store: appBlobStore(), taskId: task.id, name: params.path.join('/') });
  return new Response(img.stream, {
    headers: { 'Content-Type': img.type, 'Content-Length': String(img.size), 'Cache-Control': 'private, max-age=3600', 'X-Content-Type-Options': 'nosniff' },
  });
});
