import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getDb } from '@/db';
import { requireOrganizer } from '@/lib/auth/caller';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { config } from '@/lib/config';
import { appBlobStore } from '@/lib/storage/app';
import { spoolToFile } from '@/lib/storage/spool';
import { importTask } from '@/lib/tasks/import-task';
import { extractTaskZip } from '@/lib/tasks/zip';
import { PodiumError } from '@/lib/errors';
import { apiRoute, parseWith } from '../../../../../../_lib/api';
import { taskUploadQuery } from '@/lib/api/schemas';

/**
 * Organizers upload a zipped task folder as the raw request body
 * (`Content-Type: application/zip`, `?replace=1` to replace). The same
 * lib/tasks code path as `podium task add`.
 */
export const POST = apiRoute<{ challenge: string }>(async ({ req, caller, params }) => {
  const organizer = requireOrganizer(caller);
  // A page elsewhere can post a form as text/plain or multipart without asking; application/zip needs a CORS preflight.
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/zip' && type !== 'application/x-zip-compressed') {
    throw new PodiumError('bad_request:content_type', `Send the zipped task folder as the body with Content-Type: application/zip (got "${type || 'none'}").`);
  }
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const { replace: flag } = parseWith(taskUploadQuery, Object.fromEntries(new URL(req.url).searchParams));
  const replace = flag === '1' || flag === 'true' || flag === 'yes';
  const cfg = config();
  const maxBytes = cfg.MAX_TASK_ZIP_BYTES;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-upload-'));
  try {
    const zipPath = path.join(work, 'task.zip');
    await spoolToFile({ body: req.body, path: zipPath, maxBytes, what: 'zipped task folder' });
    const folder = path.join(work, 'folder');
    await extractTaskZip({ zipPath, destDir: folder, maxBytes: cfg.MAX_TASK_UNZIPPED_BYTES, maxFileBytes: cfg.MAX_TASK_UNZIPPED_FILE_BYTES });
    const r = await importTask({ db, store: appBlobStore(), challengeId: challenge.id, folder, replace, actorId: organizer.userId });
    const files = r.prepared.files.filter((f) => f.published).map((f) => ({ name: f.name, size: f.size, sha256: f.sha256 }));
    return { task: r.slug, replaced: r.replaced, requeued: r.requeued, counts: r.prepared.counts, files, createdTrack: r.createdTrack ?? null, warnings: r.warnings };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
