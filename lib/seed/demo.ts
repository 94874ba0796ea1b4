import 'server-only';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '@/db/client';
import { createChallenge, upsertTrack } from '@/lib/challenges/admin';
import type { BlobStore } from '@/lib/storage/types';
import { importTask } from '@/lib/tasks/import-task';
import { challengeDates, generateDemo } from '@/datasets/generate';

/**
 * Generates the demo challenge (datasets/, fixed seed) and imports it: the
 * challenge, its tracks and every task, in one transaction.
 */
export async function seedDemo({ db, store, now = new Date() }: { db: Db; store: BlobStore; now?: Date }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-demo-'));
  try {
    const { challenge: spec, taskDirs } = await generateDemo({ outDir: dir });
    const { start, end } = challengeDates(spec, now);
    return await db.transaction(async (tx) => {
      const challenge = await createChallenge({
        db: tx,
        input: { slug: spec.slug, title: spec.title, description: spec.description, rules: spec.rules, startAt: start, endAt: end },
      });
      for (const t of spec.tracks) await upsertTrack({ db: tx, challengeId: challenge.id, input: t });
      const imported = [];
      for (const folder of taskDirs) imported.push(await importTask({ db: tx, store, challengeId: challenge.id, folder }));
      return { challenge, tasks: imported.map((r) => r.slug) };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
