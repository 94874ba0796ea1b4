/**
 * An upload wakes this process's idle worker loops: the job is claimed at once, not at
 * the loop's next poll; and stopping a loop ends its idle wait at once.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDatabases, type TestDb } from '@/db/testing';
import { submissions } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import type { ChallengeView } from '@/lib/challenges/queries';
import { LocalBlobStore } from '@/lib/storage/local';
import { createSubmission } from './create';
import { IRIS, irisChallenge } from './iris-challenge.testing';
import { runWorker } from './worker';

const labels = fs.readFileSync(path.join(IRIS, 'test_labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
/** Far longer than the test may take: only a wake-up can make the loop look again. */
const IDLE_MS = 3_600_000;

describe.each(testDatabases())('waking idle worker loops on $name', (factory) => {
  let t: TestDb;
  let store: LocalBlobStore;
  let dir: string;
  let challenge: ChallengeView;
  let taskId: string;
  let caller: Caller;

  beforeAll(async () => {
    t = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-wake-'));
    store = new LocalBlobStore(path.join(dir, 'blobs'));
    ({ challenge, taskId, caller } = await irisChallenge({ db: t.db, store, slug: 'wake', user: { email: 'wake@example.com', name: 'Wren' } }));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an upload is claimed and scored by loops that went idle for an hour, and stopping them ends their wait', async () => {
    const stop = new AbortController();
    const jobs: string[] = [];
    const loops = [0, 1].map(() => runWorker({ db: t.db, store, signal: stop.signal, idleMs: IDLE_MS, onJob: (j) => jobs.push(j.id) }));
    // Both loops find the queue empty and go idle.
    await new Promise((r) => setTimeout(r, 300));
    const text = 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n';
    const p = path.join(dir, 'good.csv');
    fs.writeFileSync(p, text);
    const file = { path: p, name: 'good.csv', size: Buffer.byteLength(text), sha256: crypto.createHash('sha256').update(text).digest('hex') };
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file });
    let row: typeof submissions.$inferSelect;
    for (const t0 = Date.now(); ; ) {
      [row] = await t.db.select().from(submissions).where(eq(submissions.id, s.id));
      if (row.status === 'scored' || Date.now() - t0 > 30_000) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(row.status).toBe('scored');
    expect(row.publicScore).toBe(1);
    expect(jobs).toEqual([s.id]);
    const stopping = Date.now();
    stop.abort();
    await Promise.all(loops);
    expect(Date.now() - stopping).toBeLessThan(IDLE_MS / 2);
  });
});
