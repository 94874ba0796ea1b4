import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { signDownloadLink } from '@/lib/auth/download-links';
import { canUseData } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { authSecret, config } from '@/lib/config';
import { croissantOf } from '@/lib/tasks/croissant';
import { getTaskBySlug, listTaskFiles } from '@/lib/tasks/queries';
import { apiRoute } from '../../../../../../../_lib/api';

type Params = { challenge: string; task: string };

/**
 * Croissant 1.0 JSON-LD of one task. Each file's contentUrl is a one-hour link signed for the
 * caller when they may download the data (so ML tools fetch without a token), else the plain route.
 */
export const GET = apiRoute<Params>(async ({ req, caller, params }) => {
  const c = requireCaller(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const files = await listTaskFiles({ db, taskId: task.id });
  const mayDownload = await canUseData({ db, caller: c, challenge });
  const secret = authSecret(config());
  const now = new Date();
  const base = new URL(`/api/v1/challenges/${challenge.slug}/tasks/${task.slug}/files/`, req.url);
  const doc = croissantOf({
    challenge,
    task,
    files,
    pageUrl: new URL(`/challenges/${challenge.slug}/tasks/${task.slug}`, req.url).toString(),
    contentUrl: (name) => {
      const url = new URL(encodeURIComponent(name), base);
      if (mayDownload) url.search = signDownloadLink({ secret, file: { challenge: challenge.slug, task: task.slug, name }, userId: c.userId, now }).toString();
      return url.toString();
    },
  });
  return new Response(JSON.stringify(doc, null, 2), {
    headers: { 'Content-Type': 'application/ld+json; charset=utf-8', 'Cache-Control': 'private, no-store' },
  });
});
