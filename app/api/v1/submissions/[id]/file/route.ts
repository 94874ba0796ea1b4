import { getDb } from '@/db';
import { requireCaller } from '@/lib/auth/caller';
import { appBlobStore } from '@/lib/storage/app';
import { getMySubmissionFile } from '@/lib/submissions/mine';
import { apiRoute } from '../../../../../_lib/api';

/** The file a submission sent, for its own team only (anyone else: 404). */
export const GET = apiRoute<{ id: string }>(async ({ caller, params }) => {
  const c = requireCaller(caller);
  const f = await getMySubmissionFile({ db: await getDb(), caller: c, id: params.id });
  const { stream } = await appBlobStore().get(f.storageKey);
  const ascii = f.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return new Response(stream, {
    headers: {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`,
      'Content-Length': String(f.size),
      ETag: `"${f.sha256}"`,
      'Cache-Control': 'private, no-store',
    },
  });
});
