import 'server-only';
import os from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { submissions, tasks } from '@/db/schema';
import { isPodiumError } from '@/lib/errors';
import { loadAnswerKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { scoreSubmission, type ScoreResult } from '@/lib/scoring/score';
import type { BlobStore } from '@/lib/storage/types';
import { partDetails, prCurve } from './details';
import { encodeResamples, rankingIntervals } from './intervals';
import { encodePredictions } from './predictions';

export const MAX_ATTEMPTS = 3;
export const DEFAULT_LEASE_MS = 5 * 60_000;

export type Job = { id: string; taskId: string; storageKey: string; fileName: string; attempts: number };

/**
 * Claims the oldest queued submission, or one whose lease expired (its worker
 * died). `FOR UPDATE SKIP LOCKED` lets any number of workers claim without
 * taking the same job; `attempts` is the fencing token the result is written with.
 */
export async function claimNextJob({ db, workerId, leaseMs = DEFAULT_LEASE_MS }: { db: Db; workerId: string; leaseMs?: number }) {
  const result = await db.execute(sql`
    update ${submissions} set status = 'scoring', attempts = attempts + 1, worker_id = ${workerId},
      lease_until = now() + (${leaseMs} * interval '1 millisecond')
    where id = (
      select id from ${submissions}
      where (status = 'queued' or (status = 'scoring' and lease_until < now())) and attempts < ${MAX_ATTEMPTS}
      order by created_at
      for update skip locked
      limit 1
    )
    returning id, task_id, storage_key, file_name, attempts`);
  const [row] = rowsOf<{ id: string; task_id: string; storage_key: string; file_name: string; attempts: number }>(result);
  return row ? { id: row.id, taskId: row.task_id, storageKey: row.storage_key, fileName: row.file_name, attempts: Number(row.attempts) } : null;
}

/** Jobs whose worker died on every attempt end as failed, with the reason. */
export async function failExhaustedJobs({ db }: { db: Db }) {
  await db
    .update(submissions)
    .set({ status: 'failed', error: `Scoring did not finish after ${MAX_ATTEMPTS} attempts; an organizer has been told.`, leaseUntil: null })
    .where(and(eq(submissions.status, 'scoring'), sql`${submissions.leaseUntil} < now()`, sql`${submissions.attempts} >= ${MAX_ATTEMPTS}`));
}

const keyCache = new Map<string, AnswerKey>();

async function answerKeyFor({ db, store, taskId }: { db: Db; store: BlobStore; taskId: string }) {
  const [t] = await db
    .select({ key: tasks.answerKeyStorageKey, hash: tasks.answerKeyHash, metric: tasks.metric })
    .from(tasks)
    .where(eq(tasks.id, taskId));
  let key = keyCache.get(t.hash);
  if (!key) {
    key = loadAnswerKey(await store.getBytes(t.key));
    if (keyCache.size > 16) keyCache.clear();
    keyCache.set(t.hash, key);
  }
  return { key, hash: t.hash, metric: t.metric };
}

/** Scores one claimed job and writes the outcome, unless another worker took the job over meanwhile. */
export async function runJob({ db, store, job, maxBytes }: { db: Db; store: BlobStore; job: Job; maxBytes?: number }) {
  const fence = and(eq(submissions.id, job.id), eq(submissions.status, 'scoring'), eq(submissions.attempts, job.attempts));
  let result: ScoreResult;
  let key: AnswerKey;
  let hash: string;
  let metric: string;
  try {
    const k = await answerKeyFor({ db, store, taskId: job.taskId });
    key = k.key;
    hash = k.hash;
    metric = k.metric;
    const bytes = await store.getBytes(job.storageKey);
    result = await scoreSubmission({ key: k.key, file: { bytes }, fileName: job.fileName, maxBytes });
  } catch (e) {
    if (isPodiumError(e) && (e.kind === 'bad_file' || e.kind === 'too_large')) {
      // A bad file is final: it is not retried and uses no slot of the team's limits.
      await db.update(submissions).set({ status: 'failed', error: e.message, details: { error: { code: e.code } }, leaseUntil: null, scoredAt: new Date() }).where(fence);
      return 'failed' as const;
    }
    console.error(`[podium worker] scoring ${job.id} failed (attempt ${job.attempts})`, e);
    const last = job.attempts >= MAX_ATTEMPTS;
    await db
      .update(submissions)
      .set(
        last
          ? { status: 'failed', error: 'Scoring failed on our side; an organizer has been told.', leaseUntil: null }
          : { status: 'queued', leaseUntil: null },
      )
      .where(fence);
    return last ? ('failed' as const) : ('retry' as const);
  }
  const predictionsKey = `submissions/${job.id}/predictions.bin`;
  await store.put(predictionsKey, encodePredictions(result.predictions));
  const { intervals, resamples } = rankingIntervals({ key, result, metric });
  await store.put(`submissions/${job.id}/resamples.bin`, encodeResamples(resamples));
  const rows = await db
    .update(submissions)
    .set({
      status: 'scored',
      error: null,
      leaseUntil: null,
      publicScore: finite(result.public[metric]),
      privateScore: finite(result.private[metric]),
      publicMetrics: finiteValues(result.public),
      privateMetrics: finiteValues(result.private),
      allMetrics: finiteValues(result.all),
      details: {
        public: partDetails(key, result.predictions, 1),
        all: partDetails(key, result.predictions, -1),
        intervals,
        ...(result.scores ? { prCurve: { public: prCurve(key, result.scores, 1), all: prCurve(key, result.scores, -1) } } : {}),
      },
      metricVersion: result.metricVersion,
      answerKeyHash: hash,
      predictionsStorageKey: predictionsKey,
      scoredAt: new Date(),
    })
    .where(fence)
    .returning({ id: submissions.id });
  return rows.length === 1 ? ('scored' as const) : ('lost_lease' as const);
}

// A metric can be undefined on a part (cohen_kappa with one class is NaN, as in scikit-learn): stored as null.
const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
const finiteValues = (m: Record<string, number>) =>
  Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v))) as Record<string, number>;

export function workerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * The scoring loop: claim, score, repeat; sleeps `idleMs` when the queue is
 * empty. Stops when `signal` aborts, after the job in hand.
 */
export async function runWorker({
  db,
  store,
  signal,
  idleMs = 250,
  leaseMs,
  maxBytes,
  onJob,
}: {
  db: Db;
  store: BlobStore;
  signal?: AbortSignal;
  idleMs?: number;
  leaseMs?: number;
  maxBytes?: number;
  onJob?: (job: Job, outcome: string) => void;
}) {
  const id = workerId();
  while (!signal?.aborted) {
    let job: Job | null = null;
    try {
      await failExhaustedJobs({ db });
      job = await claimNextJob({ db, workerId: id, leaseMs });
      if (job) {
        // Not `onJob?.(job, await runJob(…))`: without onJob that would skip the job itself.
        const outcome = await runJob({ db, store, job, maxBytes });
        onJob?.(job, outcome);
      }
    } catch (e) {
      console.error('[podium worker] loop error', e);
    }
    if (!job) await new Promise((r) => setTimeout(r, idleMs));
  }
}
