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
import { apiRoute } from '../../../../../../_lib/api';

/**
 * Organizers upload a zipped task folder as the raw request body
 * (`Content-Type: application/zip`, `?replace=1` to replace). The same
 * lib/tasks code path as `podium task add`.
 */
export const POST = apiRoute<{ challenge: string }>(async ({ req, caller, params }) => {
  const organizer = requireOrganizer(caller);
  const db = await getDb();
  const challenge = await getChallengeBySlug({ db, slug: params.challenge });
  const replace = ['1', 'true', 'yes'].includes(new URL(req.url).searchParams.get('replace') ?? '');
  const maxBytes = config().MAX_TASK_ZIP_BYTES;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-upload-'));
  try {
    const zipPath = path.join(work, 'task.zip');
    await spoolToFile({ body: req.body, path: zipPath, maxBytes, what: 'zipped task folder' });
    const folder = path.join(work, 'folder');
    extractTaskZip({ zipPath, destDir: folder, maxBytes: maxBytes * 4 });
    const r = await importTask({ db, store: appBlobStore(), challengeId: challenge.id, folder, replace, actorId: organizer.userId });
    return { task: r.slug, replaced: r.replaced, requeued: r.requeued, counts: r.prepared.counts, createdTrack: r.createdTrack ?? null, warnings: r.warnings };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
