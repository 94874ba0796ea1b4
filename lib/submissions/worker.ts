import 'server-only';
import os from 'node:os';
import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Db } from '@/db/client';
import { submissions, tasks } from '@/db/schema';
import { isPodiumError } from '@/lib/errors';
import { classifyFault } from '@/lib/faults';
import { loadAnswerKey, type AnswerKey } from '@/lib/scoring/answer-key';
import type { ScoreResult } from '@/lib/scoring/score';
import type { BlobStore } from '@/lib/storage/types';
import { partDetails, prCurve } from './details';
import { encodeResamples, rankingIntervals } from './intervals';
import { encodePredictions } from './predictions';
import { scoreStoredSubmission } from './scorer';
import { idleWait, wakeCount } from './wake';
import { logger } from '@/lib/log';

export const MAX_ATTEMPTS = 3;
/** Short, because a running job renews it (the heartbeat): a dead worker's job is taken over within this. */
export const DEFAULT_LEASE_MS = 30_000;

export type Job = { id: string; taskId: string; storageKey: string; fileName: string; attempts: number; size?: number };

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
    returning id, task_id, storage_key, file_name, attempts, size`);
  const [row] = rowsOf<{ id: string; task_id: string; storage_key: string; file_name: string; attempts: number; size: number | string }>(result);
  return row
    ? { id: row.id, taskId: row.task_id, storageKey: row.storage_key, fileName: row.file_name, attempts: Number(row.attempts), size: Number(row.size) }
    : null;
}

/** What a participant reads when scoring failed on our side; the organizers' console lists these jobs with their fault. */
export function ourSideFailure(reason: string, attempts: number): string {
  return `Scoring failed on our side after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason} It is not your file; the organizers see this job in their console and can re-score it.`;
}

/** Jobs whose worker died on every attempt end as failed, with the reason. */
export async function failExhaustedJobs({ db }: { db: Db }) {
  await db
    .update(submissions)
    .set({
      status: 'failed',
      error: ourSideFailure('the scoring process stopped (was killed or crashed) before finishing, every time.', MAX_ATTEMPTS),
      fault: `worker lost: the lease expired on attempt ${MAX_ATTEMPTS} of ${MAX_ATTEMPTS}`,
      leaseUntil: null,
    })
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
  // Where a job's time goes, logged at debug level (LOG_LEVEL=debug; scripts/bench/upload.ts prints it).
  const t0 = performance.now();
  const ms: Record<string, number> = {};
  const lap = (name: string, since: number) => (ms[name] = Math.round(performance.now() - since));
  try {
    const k = await answerKeyFor({ db, store, taskId: job.taskId });
    lap('key', t0);
    key = k.key;
    hash = k.hash;
    metric = k.metric;
    const t1 = performance.now();
    result = await scoreStoredSubmission({ store, key: k.key, storageKey: job.storageKey, fileName: job.fileName, maxBytes });
    lap('score', t1);
  } catch (e) {
    if (isPodiumError(e) && (e.kind === 'bad_file' || e.kind === 'too_large')) {
      // A bad file is final: it is not retried and uses no slot of the team's limits.
      const rows = await db
        .update(submissions)
        .set({ status: 'failed', error: e.message, details: { error: { code: e.code } }, fault: null, leaseUntil: null, scoredAt: new Date() })
        .where(fence)
        .returning({ id: submissions.id });
      // The error is recorded: the rejected file itself is no longer needed (nor kept).
      if (rows.length === 1) await store.delete(job.storageKey).catch((d) => console.error(`[podium worker] could not delete rejected file ${job.id}`, d));
      return 'failed' as const;
    }
    logger('worker').error({ err: e, submission: job.id, attempt: job.attempts }, 'scoring failed');
    return releaseJob({ db, job, error: e });
  }
  const predictionsKey = `submissions/${job.id}/predictions.bin`;
  // The intervals and details first (this thread's CPU), then both blobs at once (each write is synced: two waits on
  // the disk side by side instead of one after the other); the row says `scored` only once both are stored.
  const t2 = performance.now();
  const { intervals, resamples } = rankingIntervals({ key, result, metric });
  lap('intervals', t2);
  const t3 = performance.now();
  const details = {
    public: partDetails(key, result.predictions, 1),
    all: partDetails(key, result.predictions, -1),
    intervals,
    ...(result.scores ? { prCurve: { public: prCurve(key, result.scores, 1), all: prCurve(key, result.scores, -1) } } : {}),
  };
  lap('details', t3);
  const t4 = performance.now();
  await Promise.all([store.put(predictionsKey, encodePredictions(result.predictions)), store.put(`submissions/${job.id}/resamples.bin`, encodeResamples(resamples))]);
  lap('blobs', t4);
  const t5 = performance.now();
  const rows = await db
    .update(submissions)
    .set({
      status: 'scored',
      error: null,
      fault: null,
      leaseUntil: null,
      publicScore: finite(result.public[metric]),
      privateScore: finite(result.private[metric]),
      publicMetrics: finiteValues(result.public),
      privateMetrics: finiteValues(result.private),
      allMetrics: finiteValues(result.all),
      details,
      metricVersion: result.metricVersion,
      answerKeyHash: hash,
      predictionsStorageKey: predictionsKey,
      scoredAt: new Date(),
    })
    .where(fence)
    .returning({ id: submissions.id });
  lap('write', t5);
  logger('worker').debug({ submission: job.id, attempt: job.attempts, ms: { ...ms, total: Math.round(performance.now() - t0) } }, 'job timings');
  return rows.length === 1 ? ('scored' as const) : ('lost_lease' as const);
}

// A metric can be undefined on a part (cohen_kappa with one class is NaN, as in scikit-learn): stored as null.
const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);
const finiteValues = (m: Record<string, number>) =>
  Object.fromEntries(Object.entries(m).filter(([, v]) => Number.isFinite(v))) as Record<string, number>;

/**
 * Puts a job whose attempt failed on our side back in the queue at once (another
 * attempt follows immediately), or, on its last attempt, fails it with the reason.
 * The write is retried briefly: it often follows a dropped connection.
 */
export async function releaseJob({ db, job, error }: { db: Db; job: Job; error: unknown }): Promise<'retry' | 'failed' | 'lost_lease'> {
  const fault = classifyFault(error);
  const detail = fault ? fault.kind : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  console.error(`[podium worker] ${job.id} attempt ${job.attempts} failed on our side (${fault?.kind ?? 'unexpected error'})`, error);
  const last = job.attempts >= MAX_ATTEMPTS;
  const fence = and(eq(submissions.id, job.id), eq(submissions.status, 'scoring'), eq(submissions.attempts, job.attempts));
  const reason = fault ? fault.message : 'an unexpected error (it is logged).';
  for (let tries = 0; ; tries++) {
    try {
      const rows = await db
        .update(submissions)
        .set(
          last
            ? { status: 'failed', error: ourSideFailure(reason, job.attempts), fault: detail.slice(0, 2000), leaseUntil: null }
            : { status: 'queued', fault: detail.slice(0, 2000), leaseUntil: null },
        )
        .where(fence)
        .returning({ id: submissions.id });
      if (rows.length === 0) return 'lost_lease';
      return last ? 'failed' : 'retry';
    } catch (e) {
      // The lease (renewed no longer) hands the job over if the database stays away.
      if (tries >= 4) throw e;
      await new Promise((r) => setTimeout(r, 250 * 2 ** tries));
    }
  }
}

/** Extends a claimed job's lease; false when the job is no longer this attempt's. */
export async function renewLease({ db, job, leaseMs = DEFAULT_LEASE_MS }: { db: Db; job: Job; leaseMs?: number }): Promise<boolean> {
  const rows = await db
    .update(submissions)
    .set({ leaseUntil: sql`now() + (${leaseMs} * interval '1 millisecond')` })
    .where(and(eq(submissions.id, job.id), eq(submissions.status, 'scoring'), eq(submissions.attempts, job.attempts)))
    .returning({ id: submissions.id });
  return rows.length === 1;
}

/**
 * Scoring still runs on the worker's own thread, where a timer cannot fire until it
 * yields; so each renewal also covers the time a file of this size may take to score
 * without a break (at a pessimistic 10 MB/s). A dead worker's small job is taken over
 * within `leaseMs`; a 1 GiB one within `leaseMs` + ~110 s.
 */
export function leaseFor(job: Job, leaseMs: number): number {
  return leaseMs + Math.ceil(((job.size ?? 0) / 10_000_000) * 1000);
}

/** Renews the lease every third of it while `fn` runs, so a long job never loses it to a live worker's silence. */
export async function withHeartbeat<T>({ db, job, leaseMs = DEFAULT_LEASE_MS }: { db: Db; job: Job; leaseMs?: number }, fn: () => Promise<T>): Promise<T> {
  const length = leaseFor(job, leaseMs);
  await renewLease({ db, job, leaseMs: length }).catch((e) => console.error(`[podium worker] ${job.id}: lease renewal failed`, e));
  const timer = setInterval(() => {
    renewLease({ db, job, leaseMs: length }).then(
      (held) => {
        if (!held) console.error(`[podium worker] ${job.id} attempt ${job.attempts}: lease lost to another worker`);
      },
      (e) => console.error(`[podium worker] ${job.id}: lease renewal failed`, e),
    );
  }, Math.max(50, Math.floor(leaseMs / 3)));
  try {
    return await fn();
  } finally {
    clearInterval(timer);
  }
}

export function workerId(): string {
  return `${os.hostname()}:${process.pid}`;
}

/**
 * The scoring loop: claim, score, repeat; sleeps `idleMs` when the queue is
 * empty, unless this process queues a job meanwhile (wake.ts). Stops when `signal`
 * aborts, after the job in hand.
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
    const wakes = wakeCount();
    try {
      await failExhaustedJobs({ db });
      job = await claimNextJob({ db, workerId: id, leaseMs });
      if (job) {
        logger('worker').debug({ submission: job.id, attempt: job.attempts }, 'claimed');
        // Not `onJob?.(job, await runJob(…))`: without onJob that would skip the job itself.
        const claimed = job;
        let outcome: string;
        try {
          outcome = await withHeartbeat({ db, job: claimed, leaseMs }, () => runJob({ db, store, job: claimed, maxBytes }));
        } catch (e) {
          // Any error after the claim (a blob write, the result UPDATE on a dropped connection) puts the job back at once.
          outcome = await releaseJob({ db, job: claimed, error: e });
        }
        onJob?.(job, outcome);
      }
    } catch (e) {
      logger('worker').error({ err: e }, 'loop error');
    }
    // Woken early when this process queues a job (wake.ts), or when stopped.
    if (!job) await idleWait(idleMs, signal, wakes);
  }
}
