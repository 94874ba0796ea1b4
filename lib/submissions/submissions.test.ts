import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDatabases, type TestDb } from '@/db/testing';
import { submissions, tasks } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { createUser } from '@/lib/auth/users';
import { createChallenge } from '@/lib/challenges/admin';
import { getChallengeBySlug, type ChallengeView } from '@/lib/challenges/queries';
import { LocalBlobStore } from '@/lib/storage/local';
import { importTask } from '@/lib/tasks/import-task';
import { joinChallenge } from '@/lib/teams/join';
import { createSubmission } from './create';
import { getSubmissionForCaller } from './queries';
import { claimNextJob, runJob } from './worker';
import { requeueForRescore, rescoreComparison } from './rescore';
import { compareSubmissions } from './compare';
import { methodsOf, setMethodNotes } from './methods';
import { listTeamSubmissions } from './queries';

const IRIS = path.resolve(__dirname, '../tasks/fixtures/iris');
const labels = fs
  .readFileSync(path.join(IRIS, 'test_labels.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));

function writeFile(dir: string, name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return { path: p, name, size: Buffer.byteLength(text), sha256: crypto.createHash('sha256').update(text).digest('hex') };
}

async function drain(db: TestDb['db'], store: LocalBlobStore) {
  const outcomes: string[] = [];
  for (;;) {
    const job = await claimNextJob({ db, workerId: 'test' });
    if (!job) return outcomes;
    outcomes.push(await runJob({ db, store, job }));
  }
}

describe.each(testDatabases())('submissions on $name', (factory) => {
  let t: TestDb;
  let store: LocalBlobStore;
  let dir: string;
  let challenge: ChallengeView;
  let taskId: string;
  let caller: Caller;
  let other: Caller;

  beforeAll(async () => {
    t = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-subs-'));
    store = new LocalBlobStore(path.join(dir, 'blobs'));
    await createChallenge({
      db: t.db,
      input: { slug: 'subs', title: 'Subs', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000), dailySubmissionLimit: 5 },
    });
    challenge = await getChallengeBySlug({ db: t.db, slug: 'subs' });
    taskId = (await importTask({ db: t.db, store, challengeId: challenge.id, folder: IRIS })).taskId;
    const u = await createUser({ db: t.db, email: 'sub1@example.com', password: 'password1', name: 'Ada' });
    const v = await createUser({ db: t.db, email: 'sub2@example.com', password: 'password1', name: 'Bob' });
    caller = { userId: u.id, email: u.email, name: u.name, role: 'participant', via: 'token' };
    other = { userId: v.id, email: v.email, name: v.name, role: 'participant', via: 'token' };
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a caller who has not joined', async () => {
    const f = writeFile(dir, 'p.csv', 'id,label\n');
    await expect(createSubmission({ db: t.db, store, caller, challenge, taskId, file: f })).rejects.toMatchObject({ code: 'forbidden:rules_not_accepted' });
    await joinChallenge({ db: t.db, challengeId: challenge.id, userId: caller.userId });
    await joinChallenge({ db: t.db, challengeId: challenge.id, userId: other.userId });
  });

  it('scores a perfect file exactly, keeps private scores from participants, and a bad file fails without using a slot', async () => {
    const perfect = writeFile(dir, 'perfect.csv', 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n');
    const bad = writeFile(dir, 'bad.csv', 'id,label\n' + labels.map(([id]) => `${id},Iris-unknown`).join('\n') + '\n');
    const a = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: perfect, description: 'oracle' });
    const b = await createSubmission({ db: t.db, store, caller, challenge, taskId, file: bad });
    expect(a.status).toBe('queued');
    expect(await drain(t.db, store)).toEqual(['scored', 'failed']);
    const sa = await getSubmissionForCaller({ db: t.db, caller, id: a.id });
    expect(sa.status).toBe('scored');
    expect(sa.publicMetrics).toMatchObject({ accuracy: 1, macro_f1: 1 });
    expect(sa.privateMetrics).toBeNull();
    expect(sa.allMetrics).toBeNull();
    expect(sa.details?.part).toBe('public');
    expect(sa.intervals).toEqual({ public: [1, 1] });
    const [row] = await t.db.select().from(submissions).where(eq(submissions.id, a.id));
    expect(row.privateScore).toBe(1);
    expect(row.answerKeyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.metricVersion).toBeTruthy();
    const sb = await getSubmissionForCaller({ db: t.db, caller, id: b.id });
    expect(sb.status).toBe('failed');
    expect(sb.error).toMatch(/bad\.csv.*Iris-unknown/);
    expect(sb.errorCode).toBe('bad_file:unknown_label');
    expect(sa.errorCode).toBeNull();
    // Someone else's submission is not found, so its existence is not confirmed.
    await expect(getSubmissionForCaller({ db: t.db, caller: other, id: a.id })).rejects.toMatchObject({ status: 404 });
    // Organizers see everything, private included.
    const org = await getSubmissionForCaller({ db: t.db, caller: { ...other, role: 'organizer' }, id: a.id });
    expect(org.privateMetrics).toMatchObject({ accuracy: 1 });
    expect(org.intervals).toEqual({ public: [1, 1], private: [1, 1] });
  });

  it('lets exactly the remaining slots in when 50 uploads race, and says when the limit resets', async () => {
    // `caller` used 1 slot today (the scored one); the failed file used none: 4 left.
    const f = writeFile(dir, 'race.csv', 'id,label\n' + labels.map(([id]) => `${id},Iris-setosa`).join('\n') + '\n');
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () => createSubmission({ db: t.db, store, caller, challenge, taskId, file: f })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(4);
    expect(refused).toHaveLength(46);
    for (const r of refused) {
      expect(r.reason).toMatchObject({ code: 'rate_limited:daily_limit', status: 429 });
      expect(r.reason.details.resetAt).toMatch(/T00:00:00\.000Z$/);
    }
    expect(await drain(t.db, store)).toEqual(['scored', 'scored', 'scored', 'scored']);
    // The other team's limit is its own.
    await expect(createSubmission({ db: t.db, store, caller: other, challenge, taskId, file: f })).resolves.toMatchObject({ status: 'queued' });
    await drain(t.db, store);
  });

  it('marks uploads after the end as late', async () => {
    const f = writeFile(dir, 'late.csv', 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n');
    const s = await createSubmission({ db: t.db, store, caller: other, challenge, taskId, file: f, now: new Date(challenge.endAt.getTime() + 1000) });
    expect(s.late).toBe(true);
    await drain(t.db, store);
  });

  it('re-scores a task keeping the old scores beside the new ones', async () => {
    const n = await requeueForRescore({ db: t.db, taskId, challengeId: challenge.id });
    expect(n).toBeGreaterThan(5);
    const queued = await t.db.select().from(submissions).where(eq(submissions.status, 'queued'));
    expect(queued).toHaveLength(n);
    await drain(t.db, store);
    const rows = await rescoreComparison({ db: t.db, taskId, metric: 'macro_f1' });
    const rescored = rows.filter((r) => r.rescored);
    expect(rescored.length).toBeGreaterThan(5);
    for (const r of rescored) {
      expect(r.newPublic).toBe(r.oldPublic); // same answer key, same numbers
      expect(r.status).toBe('scored');
    }
    // A second re-score keeps both earlier versions (the first is not overwritten), each with its metric and key version.
    await requeueForRescore({ db: t.db, taskId, challengeId: challenge.id });
    await drain(t.db, store);
    const again = await rescoreComparison({ db: t.db, taskId, metric: 'macro_f1' });
    const twice = again.find((r) => r.id === rescored[0].id)!;
    expect(twice.versions).toHaveLength(2);
    for (const v of twice.versions) {
      expect(v.public).toBe(twice.newPublic);
      expect(v.metricVersion).toBe(twice.metricVersion);
      expect(v.answerKeyHash).toBe(twice.answerKeyHash);
      expect(v.scoredAt).toBeInstanceOf(Date);
    }
    expect(twice.versions[0].replacedAt.getTime()).toBeGreaterThanOrEqual(twice.versions[1].replacedAt.getTime());
  });

  it('writes nothing when a worker lost its lease to another (fencing by attempt)', async () => {
    const f = writeFile(dir, 'lease.csv', 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n');
    await createSubmission({ db: t.db, store, caller: other, challenge, taskId, file: f });
    const first = await claimNextJob({ db: t.db, workerId: 'w1', leaseMs: 1 });
    await new Promise((r) => setTimeout(r, 20));
    const second = await claimNextJob({ db: t.db, workerId: 'w2' });
    expect(second?.id).toBe(first?.id);
    expect(second?.attempts).toBe(2);
    expect(await runJob({ db: t.db, store, job: first! })).toBe('lost_lease');
    expect(await runJob({ db: t.db, store, job: second! })).toBe('scored');
  });

  it('compares two submissions of a team row by row, with McNemar and a paired bootstrap, hidden from other teams', async () => {
    const perfect = writeFile(dir, 'cmp-a.csv', 'id,label\n' + labels.map(([id, y]) => `${id},${y}`).join('\n') + '\n');
    const setosa = writeFile(dir, 'cmp-b.csv', 'id,label\n' + labels.map(([id]) => `${id},Iris-setosa`).join('\n') + '\n');
    const a = await createSubmission({ db: t.db, store, caller: other, challenge, taskId, file: perfect });
    const b = await createSubmission({ db: t.db, store, caller: other, challenge, taskId, file: setosa });
    await drain(t.db, store);
    const c = await compareSubmissions({ db: t.db, store, caller: other, a: a.id, b: b.id });
    const publicRows = labels.length / 2;
    const wrongB = (await import('@/lib/scoring/answer-key')).loadAnswerKey(await store.getBytes((await t.db.select().from(tasks).where(eq(tasks.id, taskId)))[0].answerKeyStorageKey));
    let expectedOnlyA = 0;
    for (let i = 0; i < wrongB.n; i++) if (wrongB.publicMask[i] === 1 && wrongB.classes[wrongB.truth[i]] !== 'Iris-setosa') expectedOnlyA++;
    expect(c.part).toBe('public');
    expect(c.rows).toBe(publicRows);
    expect(c.onlyA).toBe(expectedOnlyA);
    expect(c.onlyB).toBe(0);
    expect(c.disagree).toBe(expectedOnlyA);
    expect(c.mcnemar.method).toBe('mcnemar_exact');
    expect(c.bootstrap?.metric).toBe('macro_f1');
    await expect(compareSubmissions({ db: t.db, store, caller, a: a.id, b: b.id })).rejects.toMatchObject({ status: 404 });
  });

  it("keeps method notes and tags on a team's own submission only", async () => {
    const [mine] = await listTeamSubmissions({ db: t.db, caller, taskId });
    await setMethodNotes({ db: t.db, caller, submissionId: mine.id, notes: 'naive Bayes', tags: ['linear model'] });
    expect((await methodsOf({ db: t.db, submissionIds: [mine.id] })).get(mine.id)).toEqual({ notes: 'naive Bayes', tags: ['linear model'] });
    await expect(setMethodNotes({ db: t.db, caller: other, submissionId: mine.id, notes: 'hijack', tags: [] })).rejects.toMatchObject({ status: 404 });
    expect((await methodsOf({ db: t.db, submissionIds: [mine.id] })).get(mine.id)?.notes).toBe('naive Bayes');
  });
});
