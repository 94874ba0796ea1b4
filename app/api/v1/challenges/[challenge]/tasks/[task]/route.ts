import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { getTaskBySlug, listTaskFiles } from '@/lib/tasks/queries';
import { apiRoute } from '../../../../../../_lib/api';

export const GET = apiRoute<{ challenge: string; task: string }>(async ({ req, caller, params }) => {
  requireCaller(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const files = await listTaskFiles({ db, taskId: task.id });
  const base = new URL(`/api/v1/challenges/${challenge.slug}/tasks/${task.slug}/files/`, req.url);
  return {
    challenge: challenge.slug,
    slug: task.slug,
    title: task.title,
    type: task.type,
    track: task.trackSlug,
    metric: task.metric,
    description: task.description,
    classes: task.classes,
    columns: task.manifest.columns,
    publicFraction: task.publicFraction,
    datasheet: task.datasheet,
    files: files.map((f) => ({ ...f, url: new URL(encodeURIComponent(f.name), base).toString() })),
  };
});
