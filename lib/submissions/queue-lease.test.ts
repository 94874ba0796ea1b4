/**
 * A killed worker's job is handed over with the default lease (30 s, no WORKER_LEASE_MS), across
 * real processes on PostgreSQL. In a file of its own: the wait is the real lease, which costs no
 * CPU, so vitest runs the other files beside it (queue.testing.ts).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submissions } from '@/db/schema';
import { exited, openQueue, serverUrl, startWorker, type Queue } from './queue.testing';

describe.skipIf(!serverUrl)('scoring queue across worker processes on PostgreSQL: the default lease', () => {
  let q: Queue;
  beforeAll(async () => {
    q = await openQueue(process.env);
  });
  afterAll(async () => {
    await q?.close();
  });

  it('hands a killed worker\'s job to another within a minute with the default lease, and scores it once', async () => {
    const { opened, env } = q;
    const [id] = await q.enqueue(1);
    const defaults = { ...env };
    delete defaults.WORKER_LEASE_MS;
    const log: string[] = [];
    const first = startWorker(defaults, log);
    const deadline = Date.now() + 60_000;
    let held = false;
    while (!held && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
      const [row] = await opened.db.select().from(submissions).where(eq(submissions.id, id));
      held = row.status === 'scoring' && !!row.workerId?.endsWith(`:${first.pid}`);
    }
    expect(held).toBe(true);
    first.kill('SIGKILL');
    await exited(first);
    const killedAt = Date.now();
    const second = startWorker(defaults, log);
    const [done] = await q.waitAllDone([id], 90_000);
    const tookOver = Date.now() - killedAt;
    second.kill('SIGTERM');
    await exited(second);
    expect(done.status).toBe('scored');
    expect(tookOver).toBeLessThan(60_000);
    const [row] = await opened.db.select().from(submissions).where(eq(submissions.id, id));
    expect(row.attempts).toBe(2);
    expect(row.workerId?.endsWith(`:${second.pid}`)).toBe(true);
    expect(log.filter((l) => l.includes(id) && / attempt \d+: scored$/.test(l))).toHaveLength(1);
  }, 150_000);
});
