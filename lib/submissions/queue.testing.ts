/**
 * The queue tests across real worker processes on PostgreSQL (queue-*.test.ts): one file per
 * subject, so vitest runs them on both of its workers at once (the default-lease test waits out
 * a real 30 s lease, which costs no CPU). Each file sets up its own database, task and queue here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
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

export const serverUrl = config().TEST_DATABASE_URL;
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs');

/** A classification task of `rows` test rows (200,000: scoring one file takes a noticeable moment) and its predictions. */
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

export type Worker = ChildProcess & { ready: Promise<void> };

/** `scripts/worker.ts` in a child process; its log lines go to `log`; `ready` settles at its "started" line. */
export function startWorker(env: NodeJS.ProcessEnv, log: string[]): Worker {
  const child = spawn(process.execPath, ['--conditions=react-server', '--import', TSX, 'scripts/worker.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }) as Worker;
  let started: () => void;
  child.ready = new Promise<void>((r) => (started = r));
  const take = (d: unknown) => {
    const lines = String(d).split('\n').filter(Boolean);
    log.push(...lines);
    if (lines.some((l) => /\bstarted\b/.test(l))) started();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  return child;
}

export const exited = (c: ChildProcess) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)));

export type Queue = {
  opened: OpenDb;
  env: NodeJS.ProcessEnv;
  enqueue: (n: number) => Promise<string[]>;
  waitAllDone: (ids: string[], ms: number) => Promise<{ id: string; status: string }[]>;
  close: () => Promise<void>;
};

/**
 * A fresh PostgreSQL database with one challenge, a task of `rows` rows, one participant and a way to
 * queue its file; `env` is the workers' environment (the test's own, passed in: lib/ reads lib/config).
 */
export async function openQueue(baseEnv: NodeJS.ProcessEnv, rows = 200_000): Promise<Queue> {
  const pg = await createPostgresDatabase(serverUrl!);
  const opened = await openDb({ url: pg.url });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-queue-'));
  const store = new LocalBlobStore(path.join(dataDir, 'blobs'));
  const predPath = writeTask(path.join(dataDir, 'task'), rows);
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
  return {
    opened,
    env: { ...baseEnv, DATABASE_URL: pg.url, DATA_DIR: dataDir, NEXTAUTH_SECRET: 'x'.repeat(32), WORKER_LEASE_MS: '1500', TEST_DATABASE_URL: '' },
    async enqueue(n) {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push((await createSubmission({ db: opened.db, store, caller, challenge, taskId, file })).id);
      return ids;
    },
    async waitAllDone(ids, ms) {
      const deadline = Date.now() + ms;
      for (;;) {
        const rows = await opened.db.select({ id: submissions.id, status: submissions.status }).from(submissions).where(inArray(submissions.id, ids));
        if (rows.every((r) => r.status === 'scored' || r.status === 'failed')) return rows;
        if (Date.now() > deadline) throw new Error(`not done: ${rows.filter((r) => r.status !== 'scored').length} left`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async close() {
      await opened.close();
      await pg.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
