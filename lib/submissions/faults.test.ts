/**
 * Faults after a job is claimed (issue 10): a result write that fails once is retried
 * at once; a full disk fails the job within seconds, naming the disk; a long job keeps
 * its lease; a rejected file is deleted once its error is recorded and rejected files
 * are capped per team per day; no message claims that anyone was notified.
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
import type { PutBody } from '@/lib/storage/types';
import { assertMayUpload, createSubmission } from './create';
import { IRIS, irisChallenge } from './iris-challenge.testing';
import { getSubmissionForCaller, submissionJson } from './queries';
import { getQueueHealth, listTroubledJobs } from './queue-health';
import { claimNextJob, DEFAULT_LEASE_MS, failExhaustedJobs, leaseFor, runWorker, withHeartbeat } from './worker';

const labels = fs.readFileSync(path.join(IRIS, 'test_labels.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));

/** The real local store, with writes under `submissions/` failing while `failures` lasts (as a full disk does). */
class FaultyStore extends LocalBlobStore {
  failures = 0;
  code = 'ENOSPC';
  override async put(key: string, body: PutBody) {
    if (key.startsWith('submissions/') && this.failures > 0) {
      this.failures--;
      throw Object.assign(new Error(`${this.code}: simulated, write '${key}'`), { code: this.code });
    }
    return super.put(key, body);
  }
}

function writeFile(dir: string, name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return { path: p, name, size: Buffer.byteLength(text), sha256: crypto.createHash('sha256').update(text).digest('hex') };
}

describe.each(testDatabases())('faults after the claim on $name', (factory) => {
  let t: TestDb;
  let store: FaultyStore;
  let dir: string;
  let challenge: ChallengeView;
  let taskId: string;
  let caller: Caller;

  beforeAll(async () => {
    t = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-faults-'));
    store = new FaultyStore(path.join(dir, 'blobs'));
    ({ challenge, taskId, caller } = await irisChallenge({ db: t.db, store, slug: 'faults', user: { email: 'faults@example.com', name: 'Fay' } }));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const good = () => writeFile(dir, 'good.csv', 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n');

  /** Runs a worker with the default lease until `until` holds for the submission. */
  async function work(id: string, until: (s: typeof submissions.$inferSelect) => boolean) {
    const stop = new AbortController();
    const t0 = Date.now();
    const done = runWorker({ db: t.db, store, signal: stop.signal, idleMs: 20 });
    try {
      for (;;) {
        const [row] = await t.db.select().from(submissions).where(eq(submissions.id, id));
        if (until(row)) return { row, ms: Date.now() - t0 };
        if (Date.now() - t0 > 20_000) throw new Error(`still ${row.status} after 20 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    } finally {
      stop.abort();
      await done;
    }
  }

  it('retries at once when the result write fails once, well before the lease would expire', async () => {
    expect(DEFAULT_LEASE_MS).toBeLessThanOrEqual(60_000);
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    store.failures = 1;
    const { row, ms } = await work(s.id, (r) => r.status === 'scored');
    expect(row.attempts).toBe(2);
    expect(row.publicScore).toBe(1);
    expect(row.fault).toBeNull();
    expect(ms).toBeLessThan(DEFAULT_LEASE_MS / 3);
  });

  it('fails a job on a full disk within seconds, naming the disk, and lists it for organizers', async () => {
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    store.failures = 100;
    const { row, ms } = await work(s.id, (r) => r.status === 'failed');
    store.failures = 0;
    expect(ms).toBeLessThan(10_000);
    expect(row.error).toMatch(/disk is full/);
    expect(row.error).not.toMatch(/has been told|notif/i);
    expect(row.fault).toBe('disk_full');
    const jobs = await listTroubledJobs({ db: t.db });
    expect(jobs.find((j) => j.id === s.id)).toMatchObject({ state: 'failed', fault: 'disk_full', task: 'iris-species' });
    expect((await getQueueHealth({ db: t.db })).failedOnOurSide24h).toBeGreaterThanOrEqual(1);
  });

  it('names a permission error as such', async () => {
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    store.failures = 100;
    store.code = 'EACCES';
    const { row } = await work(s.id, (r) => r.status === 'failed');
    store.failures = 0;
    store.code = 'ENOSPC';
    expect(row.error).toMatch(/permission denied/);
  });

  it('keeps the lease of a job that runs longer than the lease, and a stalled job shows as stuck', async () => {
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    const job = (await claimNextJob({ db: t.db, workerId: 'slow', leaseMs: 300 }))!;
    expect(job.id).toBe(s.id);
    await withHeartbeat({ db: t.db, job, leaseMs: 300 }, async () => {
      await new Promise((r) => setTimeout(r, 1200)); // four leases long
      expect(await claimNextJob({ db: t.db, workerId: 'thief', leaseMs: 300 })).toBeNull();
    });
    // A big file's lease also covers its scoring time on the worker's thread (no timer fires meanwhile).
    const job1G = { ...job, size: 1 << 30 };
    expect(leaseFor(job1G, DEFAULT_LEASE_MS)).toBeGreaterThan(DEFAULT_LEASE_MS + 100_000);
    expect(leaseFor({ ...job, size: 1000 }, DEFAULT_LEASE_MS)).toBeLessThan(DEFAULT_LEASE_MS + 10);
    // Without the heartbeat the lease runs out: the job is stuck until a worker takes it over.
    await new Promise((r) => setTimeout(r, 400));
    expect((await getQueueHealth({ db: t.db })).stuck).toBeGreaterThanOrEqual(1);
    expect((await listTroubledJobs({ db: t.db })).find((j) => j.id === s.id)?.state).toBe('stuck');
    await work(s.id, (r) => r.status === 'scored');
  });

  it('says what happened when every attempt lost its worker, without claiming anyone was told', async () => {
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    await t.db.update(submissions).set({ status: 'scoring', attempts: 3, leaseUntil: new Date(Date.now() - 1000) }).where(eq(submissions.id, s.id));
    await failExhaustedJobs({ db: t.db });
    const [row] = await t.db.select().from(submissions).where(eq(submissions.id, s.id));
    expect(row.status).toBe('failed');
    expect(row.error).toMatch(/on our side after 3 attempts/);
    expect(row.error).not.toMatch(/has been told/);
  });

  it('shows the answer-key hash to organizers only; participants get a keyed tag', async () => {
    const s = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: good() });
    await work(s.id, (r) => r.status === 'scored');
    const [row] = await t.db.select().from(submissions).where(eq(submissions.id, s.id));
    const mine = await getSubmissionForCaller({ db: t.db, caller, id: s.id });
    expect(mine.answerKeyHash).toBeNull();
    expect(mine.answerKeyTag).toMatch(/^[0-9a-f]{12}$/);
    expect(row.answerKeyHash!.startsWith(mine.answerKeyTag!)).toBe(false);
    const json = JSON.stringify(submissionJson(mine));
    expect(json).not.toContain(row.answerKeyHash!);
    expect(json).not.toContain(row.answerKeyHash!.slice(0, 12));
    const org = await getSubmissionForCaller({ db: t.db, caller: { ...caller, role: 'organizer' }, id: s.id });
    expect(submissionJson(org).answerKeyHash).toBe(row.answerKeyHash);
  });

  it('deletes a rejected file once its error is recorded, and caps rejected files per team per day with a 429 naming the cap', async () => {
    const bad = writeFile(dir, 'bad.csv', 'id,label\n' + labels.map(([id]) => `${id},Iris-unknown`).join('\n') + '\n');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await createSubmission({ db: t.db, store, caller, challenge, taskId, file: bad, maxFailedPerDay: 3 })).id);
    for (const id of ids) {
      const { row } = await work(id, (r) => r.status === 'failed');
      expect(row.error).toMatch(/Iris-unknown/);
      expect(await store.head(row.storageKey)).toBeNull();
    }
    const refused = { code: 'rate_limited:failed_uploads', status: 429 };
    await expect(assertMayUpload({ db: t.db, caller, challenge, maxFailedPerDay: 3 })).rejects.toMatchObject(refused);
    await expect(createSubmission({ db: t.db, store, caller, challenge, taskId, file: good(), maxFailedPerDay: 3 })).rejects.toMatchObject(refused);
    await expect(assertMayUpload({ db: t.db, caller, challenge, maxFailedPerDay: 3 })).rejects.toThrow(/MAX_FAILED_UPLOADS_PER_DAY = 3/);
    // Jobs that failed on our side never count against the team.
    await expect(assertMayUpload({ db: t.db, caller, challenge, maxFailedPerDay: 4 })).resolves.toBeTruthy();
  });
});
