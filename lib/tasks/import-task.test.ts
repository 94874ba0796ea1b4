import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDatabases, type TestDb } from '@/db/testing';
import { auditLog, submissions, taskFiles, tasks, teams, users } from '@/db/schema';
import { createChallenge } from '@/lib/challenges/admin';
import { assertCanUseData } from '@/lib/challenges/viewing';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { LocalBlobStore } from '@/lib/storage/local';
import { joinChallenge } from '@/lib/teams/join';
import { importTask } from './import-task';
import { getPublishedFile, getTaskBySlug, listTaskFiles } from './queries';

const IRIS = path.resolve(__dirname, 'fixtures/iris');

function blobCount(root: string): number {
  if (!fs.existsSync(root)) return 0;
  return fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

describe.each(testDatabases())('task import on $name', (factory) => {
  let t: TestDb;
  let blobRoot: string;
  let store: LocalBlobStore;
  let challengeId: string;

  beforeAll(async () => {
    t = await factory.open();
    blobRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-blobs-'));
    store = new LocalBlobStore(blobRoot);
    const c = await createChallenge({
      db: t.db,
      input: { slug: 'imp', title: 'Import', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000) },
    });
    challengeId = c.id;
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(blobRoot, { recursive: true, force: true });
  });

  it('imports a folder: task row, both formats of every file with size and SHA-256, a private answer key', async () => {
    const r = await importTask({ db: t.db, store, challengeId, folder: IRIS });
    expect(r.replaced).toBe(false);
    const task = await getTaskBySlug({ db: t.db, challengeId, slug: 'iris-species' });
    expect(task).toMatchObject({ type: 'classification', metric: 'macro_f1', trackSlug: 'classification', publicFraction: 0.5 });
    expect(task.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    expect(JSON.stringify(task)).not.toMatch(/answer/i);
    const files = await listTaskFiles({ db: t.db, taskId: task.id });
    expect(files.map((f) => f.name)).toEqual(['train.csv', 'train.parquet', 'test.csv', 'test.parquet', 'sample_submission.csv']);
    for (const f of files) {
      const file = await getPublishedFile({ db: t.db, taskId: task.id, name: f.name });
      const bytes = await store.getBytes(file.storageKey);
      expect(bytes.byteLength).toBe(f.size);
      expect(file.storageKey).toContain('/public/');
    }
    // The answer key is stored, privately, and is no published file.
    const [row] = await t.db.select().from(tasks).where(eq(tasks.id, task.id));
    expect(row.answerKeyStorageKey).toMatch(/\/private\/answer-key\.bin$/);
    expect((await store.head(row.answerKeyStorageKey))?.size).toBeGreaterThan(0);
    for (const name of ['test_labels.csv', 'answer-key.bin', '../private/answer-key.bin', 'test_labels.parquet']) {
      await expect(getPublishedFile({ db: t.db, taskId: task.id, name })).rejects.toMatchObject({ status: 404 });
    }
  });

  it('refuses a second import of the same slug unless replacing, which keeps the id and re-queues submissions', async () => {
    await expect(importTask({ db: t.db, store, challengeId, folder: IRIS })).rejects.toMatchObject({ code: 'conflict:task_exists' });
    const before = await getTaskBySlug({ db: t.db, challengeId, slug: 'iris-species' });
    const [u] = await t.db.insert(users).values({ email: 'sub@example.com' }).returning();
    const [team] = await t.db.insert(teams).values({ challengeId, name: 'T', inviteCode: 'code-import-1' }).returning();
    await t.db.insert(submissions).values({
      taskId: before.id, teamId: team.id, userId: u.id, fileName: 'p.csv', size: 1, sha256: 'x', storageKey: 'submissions/x', status: 'scored',
    });
    const blobsBefore = blobCount(blobRoot);
    const [{ seed: seedBefore }] = await t.db.select({ seed: tasks.seed }).from(tasks).where(eq(tasks.id, before.id));
    const r = await importTask({ db: t.db, store, challengeId, folder: IRIS, replace: true });
    expect(r).toMatchObject({ taskId: before.id, replaced: true, requeued: 1 });
    // The secret seed stays: the replaced task's rows keep their boards.
    expect(r.prepared.seed).toBe(seedBefore);
    const [{ seed: seedAfter }] = await t.db.select({ seed: tasks.seed }).from(tasks).where(eq(tasks.id, before.id));
    expect(seedAfter).toBe(seedBefore);
    const [s] = await t.db.select().from(submissions).where(eq(submissions.taskId, before.id));
    expect(s.status).toBe('queued');
    expect(blobCount(blobRoot)).toBe(blobsBefore); // the old version's blobs are gone, the new ones took their place
    const actions = (await t.db.select({ a: auditLog.action }).from(auditLog)).map((x) => x.a);
    expect(actions).toEqual(expect.arrayContaining(['task.import', 'task.replace']));
  });

  it('stores nothing for a bad folder: no rows, no blobs', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-bad-'));
    fs.cpSync(IRIS, bad, { recursive: true });
    const tj = JSON.parse(fs.readFileSync(path.join(bad, 'task.json'), 'utf8'));
    fs.writeFileSync(path.join(bad, 'task.json'), JSON.stringify({ ...tj, slug: 'iris-bad' }));
    fs.appendFileSync(path.join(bad, 'test_labels.csv'), 'ghost-id,Iris-setosa\n');
    const rowsBefore = (await t.db.select().from(taskFiles)).length;
    const blobsBefore = blobCount(blobRoot);
    await expect(importTask({ db: t.db, store, challengeId, folder: bad })).rejects.toMatchObject({ kind: 'bad_task' });
    await expect(getTaskBySlug({ db: t.db, challengeId, slug: 'iris-bad' })).rejects.toMatchObject({ status: 404 });
    expect((await t.db.select().from(taskFiles)).length).toBe(rowsBefore);
    expect(blobCount(blobRoot)).toBe(blobsBefore);
    fs.rmSync(bad, { recursive: true, force: true });
  });

  it('opens data to organizers, and to participants only after accepting the rules', async () => {
    const challenge = await getChallengeBySlug({ db: t.db, slug: 'imp' });
    const [p] = await t.db.insert(users).values({ email: 'p@example.com', name: 'Pat' }).returning();
    const participant = { userId: p.id, email: p.email, name: 'Pat', role: 'participant' as const, via: 'session' as const };
    await expect(assertCanUseData({ db: t.db, caller: null, challenge })).rejects.toMatchObject({ status: 401 });
    await expect(assertCanUseData({ db: t.db, caller: participant, challenge })).rejects.toMatchObject({ code: 'forbidden:rules_not_accepted' });
    const first = await joinChallenge({ db: t.db, challengeId: challenge.id, userId: p.id });
    const again = await joinChallenge({ db: t.db, challengeId: challenge.id, userId: p.id });
    expect(first.created).toBe(true);
    expect(again).toEqual({ teamId: first.teamId, created: false });
    await expect(assertCanUseData({ db: t.db, caller: participant, challenge })).resolves.toBeTruthy();
    const before = { ...challenge, startAt: new Date(Date.now() + 3600_000) };
    await expect(assertCanUseData({ db: t.db, caller: participant, challenge: before })).rejects.toMatchObject({ code: 'forbidden:not_started' });
    const organizer = { ...participant, role: 'organizer' as const };
    await expect(assertCanUseData({ db: t.db, caller: organizer, challenge: before })).resolves.toBeTruthy();
  });
});
