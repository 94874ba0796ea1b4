import { getDb } from '@/db';
import { assertCanUseData } from '@/lib/challenges/viewing';
import { callerFromDownloadLink } from '@/lib/auth/download-links';
import { authSecret, config } from '@/lib/config';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { appBlobStore } from '@/lib/storage/app';
import { contentRange, parseRange } from '@/lib/storage/range';
import { getPublishedFile, getTaskBySlug } from '@/lib/tasks/queries';
import { apiRoute } from '../../../../../../../../_lib/api';

type Params = { challenge: string; task: string; name: string };

const TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
  zip: 'application/zip',
};

/** Streams one published file from storage, with Range support; never buffers it whole. A signed link needs no token. */
async function serve({ req, caller, params }: { req: Request; caller: Parameters<typeof assertCanUseData>[0]['caller']; params: Params }) {
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  // A signed link (from the Croissant metadata) stands in for the token of the user it was issued to.
  const cfg = config();
  const linked = await callerFromDownloadLink({ db, url: new URL(req.url), file: params, secret: authSecret(cfg), organizerEmails: cfg.ORGANIZER_EMAILS });
  await assertCanUseData({ db, caller: linked ?? caller, challenge });
  const task = await getTaskBySlug({ db, challengeId: challenge.id, slug: params.task });
  const file = await getPublishedFile({ db, taskId: task.id, name: params.name });
  const headers = new Headers({
    'Content-Type': TYPES[file.name.split('.').pop() ?? ''] ?? 'application/octet-stream',
    'Content-Disposition': `attachment; filename="${file.name}"`,
    'Accept-Ranges': 'bytes',
    ETag: `"${file.sha256}"`,
    'Cache-Control': 'private, no-store',
  });
  const range = parseRange(req.headers.get('range'), file.size);
  if (range === 'unsatisfiable') {
    headers.set('Content-Range', contentRange('unsatisfiable', file.size));
    return new Response(null, { status: 416, headers });
  }
  if (req.method === 'HEAD') {
    headers.set('Content-Length', String(file.size));
    return new Response(null, { status: 200, headers });
  }
  const store = appBlobStore();
  if (range) {
    const { stream } = await store.get(file.storageKey, range);
    headers.set('Content-Range', contentRange(range, file.size));
    headers.set('Content-Length', String(range.end - range.start + 1));
    return new Response(stream, { status: 206, headers });
  }
  const { stream } = await store.get(file.storageKey);
  headers.set('Content-Length', String(file.size));
  return new Response(stream, { status: 200, headers });
}

export const GET = apiRoute<Params>(serve);
export const HEAD = apiRoute<Params>(serve);
