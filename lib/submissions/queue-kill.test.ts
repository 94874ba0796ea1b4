/**
 * The queue across real processes on PostgreSQL (PGlite is one process, so these apply to the
 * server mode only): SIGKILLed workers lose no job and write no result twice; a worker sent
 * SIGTERM finishes its job and exits. queue-lease.test.ts and queue-share.test.ts hold the rest.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '@/db/schema';
import { exited, openQueue, serverUrl, startWorker, type Queue } from './queue.testing';

describe.skipIf(!serverUrl)('scoring queue across worker processes on PostgreSQL: killed and stopped workers', () => {
  let q: Queue;
  beforeAll(async () => {
    q = await openQueue(process.env);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('survives workers killed with SIGKILL mid-scoring: every submission ends scored, with the same numbers', async () => {
    const { opened, env } = q;
    const ids = await q.enqueue(30);
    const log: string[] = [];
    let kills = 0;
    let worker = startWorker(env, log);
    // The next worker is started (and ready) before the current one is killed, so no kill waits for a
    // process start; while both live they share the queue, as workers do.
    let spare = startWorker(env, log);
    // Watch the queue closely; whenever the current worker is in the middle of a job it has not
    // been killed on before, kill it with SIGKILL and make the spare the current one. Each job is
    // killed at most once, so no job runs out of attempts; the lease (1.5 s) hands it to a live worker.
    const deadline = Date.now() + 150_000;
    while (kills < 6 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      const inHand = await opened.db
        .select({ id: submissions.id, attempts: submissions.attempts, workerId: submissions.workerId })
        .from(submissions)
        .where(and(eq(submissions.status, 'scoring'), inArray(submissions.id, ids)));
      const mine = inHand.find((r) => r.workerId?.endsWith(`:${worker.pid}`) && r.attempts === 1);
      if (!mine) {
        const left = await opened.db.select({ id: submissions.id }).from(submissions).where(and(eq(submissions.status, 'queued'), inArray(submissions.id, ids)));
        if (left.length === 0 && inHand.length === 0) break;
        continue;
      }
      worker.kill('SIGKILL');
      await exited(worker);
      kills++;
      await spare.ready;
      worker = spare;
      spare = startWorker(env, log);
    }
    const rows = await q.waitAllDone(ids, 120_000);
    for (const w of [worker, spare]) w.kill('SIGTERM');
    await Promise.all([worker, spare].map(exited));
    expect(kills).toBe(6);
    expect(rows.every((r) => r.status === 'scored')).toBe(true);
    const scored = await opened.db.select().from(submissions).where(inArray(submissions.id, ids));
    const scores = new Set(scored.map((s) => s.publicScore));
    expect(scores.size).toBe(1); // scoring again gives the same numbers
    expect(scored.filter((s) => s.attempts > 1).length).toBeGreaterThanOrEqual(6); // the killed jobs were taken over
    // Each job's result was written once: the writes that reported "scored" are one per submission at most.
    const writes = log.filter((l) => / attempt \d+: scored$/.test(l)).map((l) => / (\S+) attempt \d+: scored$/.exec(l)![1]);
    expect(new Set(writes).size).toBe(writes.length);
  }, 240_000);

  it('a worker sent SIGTERM mid-job finishes that job, claims no other, and exits 0', async () => {
    const { opened, env } = q;
    const ids = await q.enqueue(12);
    const log: string[] = [];
    // A long lease: the job in hand can only end scored by this worker, not taken over.
    const worker = startWorker({ ...env, WORKER_LEASE_MS: '120000' }, log);
    let inHand: string | undefined;
    const deadline = Date.now() + 90_000;
    while (!inHand && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      const rows = await opened.db
        .select({ id: submissions.id, workerId: submissions.workerId })
        .from(submissions)
        .where(and(eq(submissions.status, 'scoring'), inArray(submissions.id, ids)));
      inHand = rows.find((r) => r.workerId?.endsWith(`:${worker.pid}`))?.id;
    }
    expect(inHand, log.join('\n')).toBeDefined();
    worker.kill('SIGTERM');
    const code = await new Promise((r) => (worker.exitCode !== null ? r(worker.exitCode) : worker.once('exit', (c) => r(c))));
    expect(code, log.join('\n')).toBe(0);
    const rows = await opened.db.select().from(submissions).where(inArray(submissions.id, ids));
    expect(rows.find((r) => r.id === inHand)).toMatchObject({ status: 'scored', attempts: 1 });
    expect(rows.filter((r) => r.status === 'scoring')).toHaveLength(0); // nothing left claimed
    expect(rows.filter((r) => r.status === 'queued').length).toBeGreaterThan(0); // it stopped claiming
    expect(log.join('\n')).toMatch(/stopping: no new jobs; finishing the job in hand[\s\S]*stopped/);
  }, 120_000);
});
