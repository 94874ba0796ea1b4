/**
 * Three live workers share 200 queued submissions with no duplicates and no losses, across real
 * processes on PostgreSQL (queue.testing.ts). The subject is the claim (`FOR UPDATE SKIP LOCKED`),
 * not the scoring, so the task is small (20,000 rows) and claims come quicker than with the big
 * task the kill tests need; the workers are started and ready before the jobs are queued, so each
 * has the chance to claim from the first job on.
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '@/db/schema';
import { exited, openQueue, serverUrl, startWorker, type Queue } from './queue.testing';

describe.skipIf(!serverUrl)('scoring queue across worker processes on PostgreSQL: sharing', () => {
  let q: Queue;
  beforeAll(async () => {
    q = await openQueue(process.env, 20_000);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('shares 200 queued submissions among three workers with no duplicates and no losses', async () => {
    const logs: string[][] = [[], [], []];
    // A lease well above a heartbeat's delay on a loaded 2-core machine: this test is about sharing without
    // duplicates or losses between live workers; taking over a dead worker's job is the SIGKILL tests' subject.
    const workers = logs.map((l) => startWorker({ ...q.env, WORKER_LEASE_MS: '10000' }, l));
    await Promise.all(workers.map((w) => w.ready));
    const ids = await q.enqueue(200);
    await q.waitAllDone(ids, 200_000);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    const rows = await q.opened.db.select().from(submissions).where(inArray(submissions.id, ids));
    expect(rows.filter((r) => r.status === 'scored')).toHaveLength(200);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const writes = logs.flat().filter((l) => / attempt \d+: scored$/.test(l)).map((l) => / (\S+) attempt \d+: scored$/.exec(l)![1]);
    expect(writes.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(logs.filter((l) => l.some((x) => / attempt \d+: scored$/.test(x))).length).toBeGreaterThan(1); // the work was shared
  }, 300_000);
});
