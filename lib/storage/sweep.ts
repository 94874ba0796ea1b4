/**
 * The start-up sweep: what a crash or an abandoned upload leaves behind in the local
 * blob folder and the temp folder. Only what nothing can still be using is removed:
 *
 * - `.put-*.tmp` files (a blob write that never finished) untouched for `olderThanMs`;
 * - `podium-sub-*` and `podium-upload-*` temp folders of uploads, untouched as long;
 * - folders left empty (by a rejected upload), untouched as long;
 * - a submission's blob folder (`submissions/<id>/`) whose submission row does not exist,
 *   untouched as long (the file is stored just before its row is inserted, so a young one
 *   may be on its way). Task files and answer keys (`tasks/…`) are never touched.
 *
 * S3 stores are not swept (abandoned multipart uploads are the bucket's lifecycle rules' job).
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { submissions } from '@/db/schema';
import { LocalBlobStore } from './local';
import type { BlobStore } from './types';

export const SWEEP_MIN_AGE_MS = 15 * 60_000;

export type SweepReport = { tempFiles: number; uploadFolders: number; emptyFolders: number; orphanBlobs: number };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function age(p: string, now: number): Promise<number> {
  try {
    return now - (await fs.stat(p)).mtimeMs;
  } catch {
    return -1;
  }
}

async function entries(dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

export async function sweepStorage({
  db,
  store,
  tmpDir = os.tmpdir(),
  olderThanMs = SWEEP_MIN_AGE_MS,
  now = Date.now(),
}: {
  db: DbOrTx;
  store: BlobStore;
  tmpDir?: string;
  olderThanMs?: number;
  now?: number;
}): Promise<SweepReport> {
  const report: SweepReport = { tempFiles: 0, uploadFolders: 0, emptyFolders: 0, orphanBlobs: 0 };
  const old = async (p: string) => (await age(p, now)) > olderThanMs;

  for (const e of await entries(tmpDir)) {
    if (e.isDirectory() && /^podium-(sub|upload)-/.test(e.name) && (await old(path.join(tmpDir, e.name)))) {
      await fs.rm(path.join(tmpDir, e.name), { recursive: true, force: true });
      report.uploadFolders++;
    }
  }
  if (!(store instanceof LocalBlobStore)) return report;
  const root = store.root;

  // Submission folders with no row.
  const subs = path.join(root, 'submissions');
  const ids = (await entries(subs)).filter((e) => e.isDirectory() && UUID.test(e.name)).map((e) => e.name);
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    const known = new Set((await db.select({ id: submissions.id }).from(submissions).where(inArray(submissions.id, batch))).map((r) => r.id));
    for (const id of batch) {
      const dir = path.join(subs, id);
      if (known.has(id) || !(await old(dir))) continue;
      // Judge by the newest file inside too: a folder's mtime does not change when a file in it is rewritten.
      let fresh = false;
      for (const f of await entries(dir)) if (!(await old(path.join(dir, f.name)))) fresh = true;
      if (fresh) continue;
      await fs.rm(dir, { recursive: true, force: true });
      report.orphanBlobs++;
    }
  }

  // Stale temp files and empty folders, everywhere under the root, bottom-up.
  const walk = async (dir: string): Promise<boolean> => {
    let empty = true;
    for (const e of await entries(dir)) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!(await walk(p))) empty = false;
      } else if (/^\.put-.*\.tmp$/.test(e.name) && (await old(p))) {
        await fs.rm(p, { force: true });
        report.tempFiles++;
      } else empty = false;
    }
    if (empty && dir !== root && (await old(dir))) {
      await fs.rmdir(dir).catch(() => {});
      report.emptyFolders++;
      return true;
    }
    return empty && dir !== root ? false : empty;
  };
  await walk(root);
  return report;
}
