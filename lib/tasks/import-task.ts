import 'server-only';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, taskFiles, tasks, tracks } from '@/db/schema';
import { requeueForRescore } from '@/lib/submissions/rescore';
import { PodiumError } from '@/lib/errors';
import type { BlobStore } from '@/lib/storage/types';
import { prepareTask, type PreparedTask } from './prepare';

/**
 * The seed of the task a `replace` import updates, so its public/private split stays where it
 * was (a new secret seed would move every row between the boards). A task.json that cannot be
 * read is left to `prepareTask`, which names the problem.
 */
async function seedOfReplaced({ db, challengeId, folder }: { db: DbOrTx; challengeId: string; folder: string }): Promise<number | undefined> {
  let slug: unknown;
  try {
    slug = JSON.parse(fs.readFileSync(path.join(folder, 'task.json'), 'utf8'))?.slug;
  } catch {
    return undefined;
  }
  if (typeof slug !== 'string') return undefined;
  const [row] = await db.select({ seed: tasks.seed }).from(tasks).where(and(eq(tasks.challengeId, challengeId), eq(tasks.slug, slug)));
  return row?.seed;
}

/** Download order on the task page. */
const FILE_ORDER = ['train', 'test', 'left', 'right', 'train_pairs', 'test_pairs', 'images', 'sample_submission'];
const filePosition = (name: string) => {
  const i = FILE_ORDER.indexOf(name.replace(/\.(csv|parquet|zip)$/, ''));
  return (i < 0 ? FILE_ORDER.length : i) * 2 + (name.endsWith('.parquet') ? 1 : 0);
};

export type ImportResult = {
  taskId: string; slug: string; replaced: boolean; requeued: number; prepared: PreparedTask;
  /** Set when the task named a track the challenge did not have: it was created. */
  createdTrack?: string;
  /** For the organizer (e.g. a fixed seed makes the split computable). */
  warnings: string[];
};

function titleOf(slug: string) {
  return slug.replace(/-/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}

/**
 * Imports a task folder into a challenge: validates and standardizes it
 * (lib/tasks/prepare), uploads the published files and the answer key under a
 * fresh version prefix, then writes the task and its file rows in one
 * transaction. A failure at any step removes the uploaded blobs, so nothing
 * of the task is stored. `replace` keeps the task's id and submissions and
 * queues the scored ones for re-scoring against the new answer key.
 */
export async function importTask({
  db,
  store,
  challengeId,
  folder,
  replace = false,
  actorId,
}: {
  db: DbOrTx;
  store: BlobStore;
  challengeId: string;
  folder: string;
  replace?: boolean;
  actorId?: string;
}): Promise<ImportResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-import-'));
  let uploadedPrefix: string | undefined;
  try {
    const keepSeed = replace ? await seedOfReplaced({ db, challengeId, folder }) : undefined;
    const prepared = await prepareTask({ folder, outDir: path.join(work, 'out'), keepSeed });
    const m = prepared.manifest;
    const [existing] = await db
      .select({ id: tasks.id, answerKeyStorageKey: tasks.answerKeyStorageKey })
      .from(tasks)
      .where(and(eq(tasks.challengeId, challengeId), eq(tasks.slug, m.slug)));
    if (existing && !replace) {
      throw new PodiumError(
        'conflict:task_exists',
        `This challenge already has a task "${m.slug}". Import with --replace (or tick "replace" in the console) to update its data; its submissions are kept and re-scored.`,
      );
    }
    const taskId = existing?.id ?? crypto.randomUUID();
    const prefix = `tasks/${taskId}/${crypto.randomUUID()}`;
    uploadedPrefix = prefix;
    const stored: { name: string; key: string; size: number; sha256: string }[] = [];
    for (const f of prepared.files.filter((x) => x.published)) {
      const key = `${prefix}/public/${f.name}`;
      await store.putFile(key, f.path);
      stored.push({ name: f.name, key, size: f.size, sha256: f.sha256 });
    }
    const answerKeyStorageKey = `${prefix}/private/answer-key.bin`;
    await store.putFile(answerKeyStorageKey, prepared.answerKey.path);

    let createdTrack: string | undefined;
    const requeued = await db.transaction(async (tx) => {
      const [had] = await tx.select({ id: tracks.id }).from(tracks).where(and(eq(tracks.challengeId, challengeId), eq(tracks.slug, m.track)));
      if (!had) createdTrack = m.track;
      const [track] = await tx
        .insert(tracks)
        .values({ challengeId, slug: m.track, title: titleOf(m.track) })
        .onConflictDoUpdate({ target: [tracks.challengeId, tracks.slug], set: { slug: m.track } })
        .returning({ id: tracks.id });
      const values = {
        challengeId,
        trackId: track.id,
        slug: m.slug,
        title: m.title,
        type: m.type,
        metric: m.metric,
        description: m.description ?? '',
        seed: prepared.seed,
        publicFraction: prepared.publicFraction,
        manifest: m,
        classes: prepared.classes ?? null,
        datasheet: prepared.datasheet,
        answerKeyStorageKey,
        answerKeyHash: prepared.answerKey.sha256,
        updatedAt: new Date(),
      };
      if (existing) await tx.update(tasks).set(values).where(eq(tasks.id, taskId));
      else await tx.insert(tasks).values({ id: taskId, ...values });
      await tx.delete(taskFiles).where(eq(taskFiles.taskId, taskId));
      await tx.insert(taskFiles).values(
        stored.map((s) => ({ taskId, name: s.name, storageKey: s.key, size: s.size, sha256: s.sha256, position: filePosition(s.name) })),
      );
      const n = existing ? await requeueForRescore({ db: tx, taskId }) : 0;
      await tx.insert(auditLog).values({
        challengeId,
        actorId,
        action: existing ? 'task.replace' : 'task.import',
        subject: m.slug,
        detail: { answerKeyHash: prepared.answerKey.sha256, requeued: n },
      });
      return n;
    });
    uploadedPrefix = undefined; // committed: keep the new blobs
    if (existing) {
      // The old version's files are unreachable now; remove them.
      const oldPrefix = existing.answerKeyStorageKey.split('/').slice(0, 3).join('/');
      if (oldPrefix !== prefix) await store.deletePrefix(oldPrefix).catch(() => {});
    }
    return { taskId, slug: m.slug, replaced: Boolean(existing), requeued, prepared, warnings: prepared.warnings, ...(createdTrack ? { createdTrack } : {}) };
  } finally {
    if (uploadedPrefix) await store.deletePrefix(uploadedPrefix).catch(() => {});
    fs.rmSync(work, { recursive: true, force: true });
  }
}
