import 'server-only';
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { taskFiles, tasks, tracks, type Task } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import type { Datasheet } from './datasheet';

/** What any viewer of a task may see: never the answer key's location or hash. */
const taskColumns = {
  id: tasks.id,
  challengeId: tasks.challengeId,
  slug: tasks.slug,
  title: tasks.title,
  type: tasks.type,
  metric: tasks.metric,
  description: tasks.description,
  publicFraction: tasks.publicFraction,
  classes: tasks.classes,
  datasheet: tasks.datasheet,
  manifest: tasks.manifest,
  updatedAt: tasks.updatedAt,
  archivedAt: tasks.archivedAt,
  trackSlug: tracks.slug,
  trackTitle: tracks.title,
};
export type TaskView = Omit<Pick<Task, 'id' | 'challengeId' | 'slug' | 'title' | 'type' | 'metric' | 'description' | 'publicFraction' | 'classes' | 'updatedAt' | 'archivedAt'>, never> & {
  datasheet: Datasheet;
  manifest: { columns: Record<string, string>; right?: string; license?: string; citation?: string };
  trackSlug: string | null;
  trackTitle: string | null;
};

/** Archived tasks are hidden from everyone but organizer pages, which ask for them. */
const visible = (includeArchived: boolean | undefined): SQL | undefined => (includeArchived ? undefined : isNull(tasks.archivedAt));

export async function listTasks({ db, challengeId, includeArchived }: { db: DbOrTx; challengeId: string; includeArchived?: boolean }): Promise<TaskView[]> {
  const rows = await db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(tracks, eq(tracks.id, tasks.trackId))
    .where(and(eq(tasks.challengeId, challengeId), visible(includeArchived)))
    .orderBy(asc(tracks.position), asc(tracks.slug), asc(tasks.position), asc(tasks.createdAt));
  return rows as TaskView[];
}

export async function getTaskBySlug({ db, challengeId, slug, includeArchived }: { db: DbOrTx; challengeId: string; slug: string; includeArchived?: boolean }): Promise<TaskView> {
  const [row] = await db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(tracks, eq(tracks.id, tasks.trackId))
    .where(and(eq(tasks.challengeId, challengeId), eq(tasks.slug, slug), visible(includeArchived)))
    .limit(1);
  if (!row) throw new PodiumError('not_found:task', `There is no task "${slug}" in this challenge.`);
  return row as TaskView;
}

/** The published files of a task, for listing: name, size and SHA-256. */
export async function listTaskFiles({ db, taskId }: { db: DbOrTx; taskId: string }) {
  return db
    .select({ name: taskFiles.name, size: taskFiles.size, sha256: taskFiles.sha256 })
    .from(taskFiles)
    .where(eq(taskFiles.taskId, taskId))
    .orderBy(asc(taskFiles.position), asc(taskFiles.name));
}

/**
 * The storage key of one published file. Only task_files rows can be served, and
 * answer keys are never among them, so no file name reaches an answer key.
 */
export async function getPublishedFile({ db, taskId, name }: { db: DbOrTx; taskId: string; name: string }) {
  const [row] = await db
    .select({ name: taskFiles.name, storageKey: taskFiles.storageKey, size: taskFiles.size, sha256: taskFiles.sha256 })
    .from(taskFiles)
    .where(and(eq(taskFiles.taskId, taskId), eq(taskFiles.name, name)))
    .limit(1);
  if (!row) throw new PodiumError('not_found:file', `This task has no file "${name}".`);
  return row;
}
