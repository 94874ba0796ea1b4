/**
 * The queue across real processes on PostgreSQL (PGlite is one process, so
 * these apply to the server mode only): SIGKILLed workers lose no job and
 * write no result twice; three workers share 200 jobs without duplicates.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, inArray } from 'drizzle-orm';
import { openDb, type OpenDb } from '@/db/client';
import { createPostgresDatabase } from '@/db/testing';
import { submissions } from '@/db/schema';
import { createUser } from '@/lib/auth/users';
import { createChallenge } from '@/lib/challenges/admin';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { config } from '@/lib/config';
import { LocalBlobStore } from '@/lib/storage/local';
import { importTask } from '@/lib/tasks/import-task';
import { joinChallenge } from '@/lib/teams/join';
import { createSubmission } from './create';

const serverUrl = config().TEST_DATABASE_URL;
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** A classification task big enough that scoring one file takes a noticeable moment. */
function writeTask(dir: string, rows: number) {
  fs.mkdirSync(dir, { recursive: true });
  const classes = ['a', 'b', 'c', 'd'];
  const train = ['id,x,y'];
  for (let i = 0; i < 200; i++) train.push(`tr${i},${i % 7},${classes[i % 4]}`);
  const test = ['id,x'];
  const labels = ['id,y'];
  for (let i = 0; i < rows; i++) {
    test.push(`te${i},${i % 7}`);
    labels.push(`te${i},${classes[(i * 7) % 4]}`);
  }
  fs.writeFileSync(path.join(dir, 'train.csv'), train.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'test.csv'), test.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'test_labels.csv'), labels.join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'task.json'),
    JSON.stringify({ slug: 'big', title: 'Big', type: 'classification', track: 'classification', metric: 'accuracy', columns: { id: 'id', x: 'numeric', y: 'target' } }),
  );
  const preds = ['id,label'];
  for (let i = 0; i < rows; i++) preds.push(`te${i},${classes[(i * 7 + (i % 3 === 0 ? 1 : 0)) % 4]}`);
  const predPath = path.join(dir, '..', 'preds.csv');
  fs.writeFileSync(predPath, preds.join('\n') + '\n');
  return predPath;
}

function startWorker(env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', TSX, 'scripts/worker.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => log.push(...String(d).split('\n').filter(Boolean)));
  child.stderr!.on('data', (d) => log.push(...String(d).split('\n').filter(Boolean)));
  return child;
}

const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));

describe.skipIf(!serverUrl)('scoring queue across worker processes on PostgreSQL', () => {
  let pg: { url: string; drop: () => Promise<void> };
  let opened: OpenDb;
  let dataDir: string;
  let predPath: string;
  let env: NodeJS.ProcessEnv;
  let enqueue: (n: number) => Promise<string[]>;

  beforeAll(async () => {
    pg = await createPostgresDatabase(serverUrl!);
    opened = await openDb({ url: pg.url });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-queue-'));
    const store = new LocalBlobStore(path.join(dataDir, 'blobs'));
    predPath = writeTask(path.join(dataDir, 'task'), 200_000);
    await createChallenge({
      db: opened.db,
      input: { slug: 'queue', title: 'Q', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000), dailySubmissionLimit: 10_000, totalSubmissionLimit: 10_000 },
    });
    const challenge = await getChallengeBySlug({ db: opened.db, slug: 'queue' });
    const { taskId } = await importTask({ db: opened.db, store, challengeId: challenge.id, folder: path.join(dataDir, 'task') });
    const u = await createUser({ db: opened.db, email: 'q@example.com', password: 'password1' });
    await joinChallenge({ db: opened.db, challengeId: challenge.id, userId: u.id });
    const caller = { userId: u.id, email: u.email, name: null, role: 'participant' as const, via: 'token' as const };
    const text = fs.readFileSync(predPath);
    const file = { path: predPath, name: 'preds.csv', size: text.length, sha256: crypto.createHash('sha256').update(text).digest('hex') };
    enqueue = async (n) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await createSubmission({ db: opened.db, store, caller, challenge, taskId, file })).id);
      return ids;
    };
    env = { ...process.env, DATABASE_URL: pg.url, DATA_DIR: dataDir, NEXTAUTH_SECRET: 'x'.repeat(32), WORKER_LEASE_MS: '1500', TEST_DATABASE_URL: '' };
  });
  afterAll(async () => {
    await opened?.close();
    await pg?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function waitAllDone(ids: string[], ms: number) {
    const deadline = Date.now() + ms;
    for (;;) {
      const rows = await opened.db.select({ id: submissions.id, status: submissions.status }).from(submissions).where(inArray(submissions.id, ids));
      if (rows.every((r) => r.status === 'scored' || r.status === 'failed')) return rows;
      if (Date.now() > deadline) throw new Error(`not done: ${rows.filter((r) => r.status !== 'scored').length} left`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('survives workers killed with SIGKILL mid-scoring: every submission ends scored, with the same numbers', async () => {
    const ids = await enqueue(30);
    const log: string[] = [];
    let kills = 0;
    let worker = startWorker(env, log);
    // Watch the queue closely; whenever the current worker is in the middle of a job it has not
    // been killed on before, kill it with SIGKILL and start a new one. Each job is killed at most
    // once, so no job runs out of attempts; the lease (1.5 s) hands it to the next worker.
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
      worker = startWorker(env, log);
    }
    const rows = await waitAllDone(ids, 120_000);
    worker.kill('SIGTERM');
    await exited(worker);
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

  it('hands a killed worker\'s job to another within a minute with the default lease, and scores it once', async () => {
    const [id] = await enqueue(1);
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
    const [done] = await waitAllDone([id], 90_000);
    const tookOver = Date.now() - killedAt;
    second.kill('SIGTERM');
    await exited(second);
    expect(done.status).toBe('scored');
    expect(tookOver).toBeLessThan(60_000);
    const [row] = await opened.db.select().from(submissions).where(eq(submissions.id, id));
    expect(row.attempts).toBe(2);
    expect(log.filter((l) => l.includes(id) && / attempt \d+: scored$/.test(l))).toHaveLength(1);
  }, 150_000);

  it('shares 200 queued submissions among three workers with no duplicates and no losses', async () => {
    const ids = await enqueue(200);
    const logs: string[][] = [[], [], []];
    // A lease well above a heartbeat's delay on a loaded 2-core machine: this test is about sharing without
    // duplicates or losses between live workers; taking over a dead worker's job is the SIGKILL tests' subject.
    const workers = logs.map((l) => startWorker({ ...env, WORKER_LEASE_MS: '10000' }, l));
    await waitAllDone(ids, 200_000);
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map(exited));
    const rows = await opened.db.select().from(submissions).where(inArray(submissions.id, ids));
    expect(rows.filter((r) => r.status === 'scored')).toHaveLength(200);
    expect(rows.every((r) => r.attempts === 1)).toBe(true);
    const writes = logs.flat().filter((l) => / attempt \d+: scored$/.test(l)).map((l) => / (\S+) attempt \d+: scored$/.exec(l)![1]);
    expect(writes.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    expect(logs.filter((l) => l.some((x) => / attempt \d+: scored$/.test(x))).length).toBeGreaterThan(1); // the work was shared
  }, 300_000);

  it('a worker sent SIGTERM mid-job finishes that job, claims no other, and exits 0', async () => {
    const ids = await enqueue(12);
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
