/**
 * The task kinds of issue 14 end to end: a variant-group task, an open matching task and
 * tasks with the organizer's own split are imported (PGlite, and PostgreSQL when
 * TEST_DATABASE_URL is set), scored by the worker, and ranked on the task and track boards.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { testDatabases, type TestDb } from '@/db/testing';
import { submissions, tracks } from '@/db/schema';
import type { Caller } from '@/lib/auth/caller';
import { createUser } from '@/lib/auth/users';
import { createChallenge } from '@/lib/challenges/admin';
import { getChallengeBySlug, type ChallengeView } from '@/lib/challenges/queries';
import { getTaskBoard } from '@/lib/leaderboard/task-board';
import { getTrackBoard } from '@/lib/leaderboard/track-board';
import { loadAnswerKey } from '@/lib/scoring/answer-key';
import { groupingMetrics } from '@/lib/scoring/grouping/metrics';
import { denseLabels } from '@/lib/scoring/fixtures/grouping-cases';
import { LocalBlobStore } from '@/lib/storage/local';
import { createSubmission } from '@/lib/submissions/create';
import { claimNextJob, runJob } from '@/lib/submissions/worker';
import { compareSubmissions } from '@/lib/submissions/compare';
import { joinChallenge } from '@/lib/teams/join';
import { offlineScoringKey } from './answer-key-from-folder';
import { importTask } from './import-task';
import { prepareTask } from './prepare';
import { getTaskBySlug } from './queries';
import { scoreSubmission } from '@/lib/scoring/score';

const FIXTURES = path.resolve(__dirname, 'fixtures');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-tasks-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function folderFrom(fixture: string, edit: (dir: string) => void = () => {}): string {
  const dir = path.join(tmp, `${fixture}-${n++}`);
  fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  edit(dir);
  return dir;
}
const editJson = (dir: string, f: (t: Record<string, unknown>) => void) => {
  const t = JSON.parse(fs.readFileSync(path.join(dir, 'task.json'), 'utf8'));
  f(t);
  fs.writeFileSync(path.join(dir, 'task.json'), JSON.stringify(t));
};
const csvRows = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const out = () => path.join(fs.mkdtempSync(path.join(tmp, 'out-')), 'task');

/** Open matching from the products slice: no test_pairs, test_labels lists the true matches. */
const openProducts = (dir: string) => {
  editJson(dir, (t) => {
    t.slug = 'abt-buy-open';
    t.candidates = 'open';
  });
  fs.rmSync(path.join(dir, 'test_pairs.csv'));
  fs.writeFileSync(path.join(dir, 'test_labels.csv'), 'left_id,right_id\nabt-5,buy-5\nabt-4,buy-4\nabt-6,buy-6\n');
};

/** The shoe variants with the organizer's split column: the first four test records public. */
const splitColumn = (dir: string) => {
  editJson(dir, (t) => {
    t.slug = 'shoe-variants-column';
    delete t.public_fraction;
  });
  const rows = csvRows(dir, 'test_labels.csv');
  fs.writeFileSync(path.join(dir, 'test_labels.csv'), `id,group,split\n${rows.map(([id, g], i) => `${id},${g},${i < 4 ? 'Public' : 'private'}`).join('\n')}\n`);
};
/** A time split: test records listed from 2026-09-01 on are private. */
const timeSplit = (dir: string) =>
  editJson(dir, (t) => {
    t.slug = 'shoe-variants-time';
    delete t.public_fraction;
    t.split = { by: 'listed', private_from: '2026-09-01' };
  });

describe('preparing the new task kinds', () => {
  it('a grouping task publishes train/test and an id,group sample submission; its datasheet names the split kind, not the rows', async () => {
    const folder = folderFrom('variants');
    const p = await prepareTask({ folder, outDir: out() });
    expect(p.files.map((f) => f.name)).toEqual(['train.csv', 'train.parquet', 'test.csv', 'test.parquet', 'sample_submission.csv', 'answer-key.bin']);
    expect(p.datasheet.type).toBe('grouping');
    expect(p.datasheet.grouping).toEqual({ trainRecords: 10, trainGroups: 6, trainLargestGroup: 3, testRecords: 12 });
    expect(p.datasheet.split).toMatchObject({ kind: 'random', unit: 'records' });
    // Whole groups go to one board, so the public share is near, not exactly, public_fraction.
    expect(p.datasheet.split.publicRows + p.datasheet.split.privateRows).toBe(12);
    const sample = fs.readFileSync(p.files.find((f) => f.name === 'sample_submission.csv')!.path, 'utf8').trim().split('\n');
    expect(sample[0]).toBe('id,group');
    expect(sample).toHaveLength(13);
    const key = loadAnswerKey(fs.readFileSync(p.answerKey.path));
    expect(key.kind).toBe('grouping');
    const r = await scoreSubmission({ key, file: { path: p.files.find((f) => f.name === 'sample_submission.csv')!.path } });
    expect(r.all).toMatchObject({ pairwise_precision: 0, pairwise_recall: 0, bcubed_precision: 1, adjusted_rand: 0 });
  });

  it('honours a split column in test_labels (case-insensitive public/private) and a time split on a test column', async () => {
    const col = await prepareTask({ folder: folderFrom('variants', splitColumn), outDir: out() });
    expect(Array.from(loadAnswerKey(fs.readFileSync(col.answerKey.path)).publicMask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(col.datasheet.split).toEqual({ kind: 'column', unit: 'records', publicFraction: 4 / 12, publicRows: 4, privateRows: 8 });
    expect(col.publicFraction).toBeCloseTo(4 / 12, 12);
    const time = await prepareTask({ folder: folderFrom('variants', timeSplit), outDir: out() });
    expect(Array.from(loadAnswerKey(fs.readFileSync(time.answerKey.path)).publicMask)).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    // The datasheet says which column splits, never the cut-off or the rows.
    expect(time.datasheet.split).toEqual({ kind: 'time', by: 'listed', unit: 'records', publicFraction: 4 / 12, publicRows: 4, privateRows: 8 });
    expect(JSON.stringify(time.datasheet)).not.toContain('2026-09-01');
  });

  it('an open matching task publishes no test_pairs; the split is over left records', async () => {
    const p = await prepareTask({ folder: folderFrom('products', openProducts), outDir: out() });
    expect(p.files.map((f) => f.name)).not.toContain('test_pairs.csv');
    expect(p.datasheet.matching).toMatchObject({ candidates: 'open', testPairs: 0 });
    expect(p.datasheet.split).toMatchObject({ kind: 'random', unit: 'left records', publicRows: 2, privateRows: 6 });
    const sample = fs.readFileSync(p.files.find((f) => f.name === 'sample_submission.csv')!.path, 'utf8').trim().split('\n');
    expect(sample[0]).toBe('left_id,right_id,score');
    const key = loadAnswerKey(fs.readFileSync(p.answerKey.path));
    expect(key.kind).toBe('open_matching');
    expect(key.n).toBe(3);
    expect(key.records!.left.offsets.length - 1).toBe(8);
  });

  it('reads data files task.json names, and image paths relative to the folder or to images/, published relative to images/', async () => {
    const folder = folderFrom('variants', (d) => {
      fs.renameSync(path.join(d, 'train.csv'), path.join(d, 'shoes_train.csv'));
      fs.renameSync(path.join(d, 'test_labels.csv'), path.join(d, 'hidden.csv'));
      fs.mkdirSync(path.join(d, 'images'));
      fs.writeFileSync(path.join(d, 'images', 'a.png'), 'png');
      fs.writeFileSync(path.join(d, 'images', 'b.png'), 'png');
      editJson(d, (t) => {
        t.train = 'shoes_train.csv';
        t.test_labels = 'hidden.csv';
        (t.columns as Record<string, string>).photo = 'image';
      });
      for (const f of ['shoes_train.csv', 'test.csv']) {
        const lines = fs.readFileSync(path.join(d, f), 'utf8').trim().split('\n');
        fs.writeFileSync(path.join(d, f), `${lines.map((l, i) => `${l},${i === 0 ? 'photo' : i % 2 ? 'images/a.png' : 'b.png'}`).join('\n')}\n`);
      }
    });
    const p = await prepareTask({ folder, outDir: out() });
    const train = fs.readFileSync(p.files.find((f) => f.name === 'train.csv')!.path, 'utf8').trim().split('\n');
    const at = train[0].split(',').indexOf('photo');
    expect(train[0].split(',').slice(-2)).toEqual(['photo', 'group']);
    expect(new Set(train.slice(1).map((l) => l.split(',')[at]))).toEqual(new Set(['a.png', 'b.png']));
    expect(p.files.map((f) => f.name)).toContain('images.zip');
  });

  it('offline scoring prints public and private only when the split is known', async () => {
    expect((await offlineScoringKey(folderFrom('variants'))).splitKnown).toBe(false);
    expect((await offlineScoringKey(folderFrom('variants', splitColumn))).splitKnown).toBe(true);
    expect((await offlineScoringKey(folderFrom('variants', timeSplit))).splitKnown).toBe(true);
    expect((await offlineScoringKey(folderFrom('variants', (d) => editJson(d, (t) => (t.seed = 12))))).splitKnown).toBe(true);
    expect((await offlineScoringKey(folderFrom('iris'))).splitKnown).toBe(false);
  });

  it('warns the organizer when task.json fixes the seed', async () => {
    const p = await prepareTask({ folder: folderFrom('variants', (d) => editJson(d, (t) => (t.seed = 12))), outDir: out() });
    expect(p.seed).toBe(12);
    expect(p.warnings[0]).toMatch(/fixes "seed", so anyone who has task.json .* can compute which test rows are public/);
  });

  it('the split is not computable from public facts: two imports of one folder draw different secret seeds', async () => {
    const folder = folderFrom('iris');
    const seeds = new Set<number>();
    for (let i = 0; i < 3; i++) seeds.add((await prepareTask({ folder, outDir: out() })).seed);
    expect(seeds.size).toBe(3);
  });
});

function file(dir: string, name: string, text: string) {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return { path: p, name, size: Buffer.byteLength(text), sha256: crypto.createHash('sha256').update(text).digest('hex') };
}

describe.each(testDatabases())('importing and ranking the new task kinds on $name', (factory) => {
  let t: TestDb;
  let store: LocalBlobStore;
  let challenge: ChallengeView;
  let teamA: Caller;
  let teamB: Caller;

  async function drain() {
    for (;;) {
      const job = await claimNextJob({ db: t.db, workerId: 'test' });
      if (!job) return;
      expect(await runJob({ db: t.db, store, job })).toBe('scored');
    }
  }

  beforeAll(async () => {
    t = await factory.open();
    store = new LocalBlobStore(path.join(tmp, `blobs-${n++}`));
    await createChallenge({ db: t.db, input: { slug: 'bench', title: 'Bench', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000) } });
    challenge = await getChallengeBySlug({ db: t.db, slug: 'bench' });
    const a = await createUser({ db: t.db, email: 'a@bench.org', password: 'password1', name: 'Ada' });
    const b = await createUser({ db: t.db, email: 'b@bench.org', password: 'password1', name: 'Bob' });
    teamA = { userId: a.id, email: a.email, name: a.name, role: 'participant', via: 'token' };
    teamB = { userId: b.id, email: b.email, name: b.name, role: 'participant', via: 'token' };
    await joinChallenge({ db: t.db, challengeId: challenge.id, userId: a.id });
    await joinChallenge({ db: t.db, challengeId: challenge.id, userId: b.id });
  });
  afterAll(async () => t?.close());

  it('creates the track a task names, says so, and ranks grouping submissions on the organizer\'s split', async () => {
    const folder = folderFrom('variants', splitColumn);
    const r = await importTask({ db: t.db, store, challengeId: challenge.id, folder });
    expect(r.createdTrack).toBe('grouping');
    const [track] = await t.db.select().from(tracks).where(eq(tracks.slug, 'grouping'));
    expect(track.challengeId).toBe(challenge.id);
    const again = await importTask({ db: t.db, store, challengeId: challenge.id, folder: folderFrom('variants', timeSplit) });
    expect(again.createdTrack).toBeUndefined();

    const task = await getTaskBySlug({ db: t.db, challengeId: challenge.id, slug: 'shoe-variants-column' });
    expect(task.type).toBe('grouping');
    const labels = csvRows(folder, 'test_labels.csv');
    // A merges u1 and u2 (public rows) and gets the private rows right; B the other way round.
    const predA = labels.map(([id, g]) => [id, g === 'u2' ? 'u1' : g]);
    const predB = labels.map(([id, g], i) => [id, i < 4 ? g : 'one']);
    for (const [caller, pred] of [[teamA, predA], [teamB, predB]] as const) {
      await createSubmission({ db: t.db, store, caller, challenge, taskId: task.id, file: file(tmp, `g${n++}.csv`, `id,group\n${pred.map((p) => p.join(',')).join('\n')}\n`) });
    }
    await drain();
    const rows = await t.db.select().from(submissions).where(eq(submissions.taskId, task.id));
    const expectOn = (pred: string[][], from: number, to: number) =>
      groupingMetrics({ truth: denseLabels(labels.slice(from, to).map((l) => l[1])), predicted: denseLabels(pred.slice(from, to).map((p) => p[1])) }).pairwise_f1;
    const a = rows.find((s) => s.userId === teamA.userId)!;
    const b = rows.find((s) => s.userId === teamB.userId)!;
    expect(a.publicScore).toBeCloseTo(expectOn(predA, 0, 4), 12);
    expect(a.privateScore).toBeCloseTo(expectOn(predA, 4, 12), 12);
    expect(b.publicScore).toBe(1);
    expect(b.privateScore).toBeCloseTo(expectOn(predB, 4, 12), 12);
    const intervals = (a.details as { intervals: Record<string, [number, number]> }).intervals;
    expect(intervals.public[0]).toBeLessThanOrEqual(a.publicScore!);

    const pub = await getTaskBoard({ db: t.db, challenge, task, board: 'public', organizer: true });
    expect(pub.rows.map((row) => [row.team, row.score])).toEqual([['Bob', 1], ['Ada', a.publicScore]]);
    const priv = await getTaskBoard({ db: t.db, challenge, task, board: 'private', organizer: true });
    expect(priv.rows.map((row) => row.team)).toEqual(a.privateScore! > b.privateScore! ? ['Ada', 'Bob'] : ['Bob', 'Ada']);
    // A row-by-row comparison would compare arbitrary cluster labels: refused, with the reason.
    await expect(compareSubmissions({ db: t.db, store, caller: { ...teamA, role: 'organizer' }, a: a.id, b: b.id })).rejects.toMatchObject({ code: 'bad_request:comparison_kind' });
    // The time split (test records listed from 2026-09-01 on are private) decides the other task's boards.
    const timeTask = await getTaskBySlug({ db: t.db, challengeId: challenge.id, slug: 'shoe-variants-time' });
    await createSubmission({ db: t.db, store, caller: teamA, challenge, taskId: timeTask.id, file: file(tmp, `g${n++}.csv`, `id,group\n${predA.map((p) => p.join(',')).join('\n')}\n`) });
    await drain();
    const [timed] = await t.db.select().from(submissions).where(eq(submissions.taskId, timeTask.id));
    expect(timed.publicScore).toBeCloseTo(expectOn(predA, 0, 4), 12);
    expect(timed.privateScore).toBeCloseTo(expectOn(predA, 4, 12), 12);
    const timeBoard = await getTaskBoard({ db: t.db, challenge, task: timeTask, board: 'public', organizer: true });
    expect(timeBoard.rows.map((row) => [row.team, row.score])).toEqual([['Ada', timed.publicScore]]);
    const trackBoard = await getTrackBoard({ db: t.db, challenge, track: { id: track.id, slug: 'grouping' }, board: 'public', organizer: true });
    expect(trackBoard.rule).toBe('average');
    expect(trackBoard.tasks.map((x) => x.slug).sort()).toEqual(['shoe-variants-column', 'shoe-variants-time']);
  });

  it('scores open matching: precision over the submitted pairs, recall over every true match', async () => {
    const folder = folderFrom('products', openProducts);
    await importTask({ db: t.db, store, challengeId: challenge.id, folder });
    const task = await getTaskBySlug({ db: t.db, challengeId: challenge.id, slug: 'abt-buy-open' });
    await createSubmission({ db: t.db, store, caller: teamA, challenge, taskId: task.id, file: file(tmp, 'open.csv', 'left_id,right_id,score\nabt-5,buy-5,0.9\nabt-4,buy-4,0.8\nabt-1,buy-2,0.3\n') });
    await drain();
    const [s] = await t.db.select().from(submissions).where(eq(submissions.taskId, task.id));
    expect(s.status).toBe('scored');
    expect(s.allMetrics).toMatchObject({ precision: 2 / 3, recall: 2 / 3 });
    const bad = await createSubmission({ db: t.db, store, caller: teamA, challenge, taskId: task.id, file: file(tmp, 'open-bad.csv', 'left_id,right_id\nabt-5,buy-55\n') });
    for (let job = await claimNextJob({ db: t.db, workerId: 'x' }); job; job = await claimNextJob({ db: t.db, workerId: 'x' })) await runJob({ db: t.db, store, job });
    const [failed] = await t.db.select().from(submissions).where(eq(submissions.id, bad.id));
    expect(failed.error).toBe("open-bad.csv, row 1 (line 2): right_id 'buy-55' is not an id of right");
  });
});
