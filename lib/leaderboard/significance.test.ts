import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { createUser } from '@/lib/auth/users';
import { createChallenge } from '@/lib/challenges/admin';
import { getChallengeBySlug } from '@/lib/challenges/queries';
import { LocalBlobStore } from '@/lib/storage/local';
import { createSubmission } from '@/lib/submissions/create';
import { claimNextJob, runJob } from '@/lib/submissions/worker';
import { importTask } from '@/lib/tasks/import-task';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { joinChallenge } from '@/lib/teams/join';
import { boardStats, trackStats } from './significance';
import { getTaskBoard } from './task-board';

/** A 2,000-row binary task: big enough for the bootstrap to tell a 10-point gap from noise. */
function writeTask(dir: string) {
  fs.mkdirSync(dir, { recursive: true });
  const train = ['id,x,y', ...Array.from({ length: 20 }, (_, i) => `tr${i},${i},${i % 2 ? 'yes' : 'no'}`)];
  const ids = Array.from({ length: 2000 }, (_, i) => `t${i}`);
  const truth = ids.map((_, i) => ((i * 7919) % 13 < 6 ? 'yes' : 'no'));
  fs.writeFileSync(path.join(dir, 'train.csv'), train.join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'test.csv'), ['id,x', ...ids.map((id, i) => `${id},${i}`)].join('\n') + '\n');
  fs.writeFileSync(path.join(dir, 'test_labels.csv'), ['id,y', ...ids.map((id, i) => `${id},${truth[i]}`)].join('\n') + '\n');
  fs.writeFileSync(
    path.join(dir, 'task.json'),
    JSON.stringify({ slug: 'sig', title: 'Sig', type: 'classification', track: 'classification', metric: 'accuracy', columns: { id: 'id', x: 'numeric', y: 'target' } }),
  );
  // Predictions right on a given share of rows (deterministic).
  return (share: number, salt: number) =>
    ['id,label', ...ids.map((id, i) => `${id},${(((i + salt) * 2654435761) % 1000) / 1000 < share ? truth[i] : truth[i] === 'yes' ? 'no' : 'yes'}`)].join('\n') + '\n';
}

describe.each(testDatabases())('board significance on $name', (factory) => {
  let t: TestDb;
  let dir: string;

  beforeAll(async () => {
    t = await factory.open();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-sig-'));
  });
  afterAll(async () => {
    await t?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('bands teams that cannot be told apart, separates a real gap, and gives each score an interval', async () => {
    const store = new LocalBlobStore(path.join(dir, 'blobs'));
    const preds = writeTask(path.join(dir, 'task'));
    await createChallenge({ db: t.db, input: { slug: 'sig', title: 'Sig', startAt: new Date(Date.now() - 86400_000), endAt: new Date(Date.now() + 86400_000) } });
    const challenge = await getChallengeBySlug({ db: t.db, slug: 'sig' });
    const { taskId } = await importTask({ db: t.db, store, challengeId: challenge.id, folder: path.join(dir, 'task') });
    // Two teams with the very same file (tied), one clearly worse.
    const plan: [string, number, number][] = [
      ['a@x.io', 0.9, 1],
      ['b@x.io', 0.9, 1],
      ['c@x.io', 0.7, 2],
    ];
    for (const [email, share, salt] of plan) {
      const u = await createUser({ db: t.db, email, password: 'password1', name: email[0].toUpperCase() });
      await joinChallenge({ db: t.db, challengeId: challenge.id, userId: u.id });
      const text = preds(share, salt);
      const p = path.join(dir, `${email}.csv`);
      fs.writeFileSync(p, text);
      await createSubmission({
        db: t.db,
        store,
        caller: { userId: u.id, email, name: null, role: 'participant', via: 'token' },
        challenge,
        taskId,
        file: { path: p, name: 'p.csv', size: text.length, sha256: crypto.createHash('sha256').update(text).digest('hex') },
      });
    }
    for (let job = await claimNextJob({ db: t.db, workerId: 't' }); job; job = await claimNextJob({ db: t.db, workerId: 't' })) {
      expect(await runJob({ db: t.db, store, job })).toBe('scored');
    }
    const task = await getTaskBySlug({ db: t.db, challengeId: challenge.id, slug: 'sig' });
    const board = await getTaskBoard({ db: t.db, challenge, task, board: 'public', organizer: false });
    expect(board.rows.map((r) => r.rank)).toEqual([1, 1, 3]);
    const stats = await boardStats({ db: t.db, store, board });
    const [a, b, c] = board.rows.map((r) => stats.get(r.teamId)!);
    expect(a.band).toBe('1');
    expect(b.band).toBe('1'); // two copies of one submission: the same rank, not distinguishable
    expect(b.vsAbove?.distinguishable).toBe(false);
    expect(c.band).toBe('3');
    expect(c.vsAbove?.distinguishable).toBe(true);
    expect(c.vsLeader?.distinguishable).toBe(true);
    // On a track made of this task: the two copies share first place, the third never gets it.
    const track = await trackStats({ db: t.db, store, boards: [board] });
    const [ta, tb, tc] = board.rows.map((r) => track.get(r.teamId)!);
    expect(ta.pFirst).toBeCloseTo(0.5, 10);
    expect(tb.pFirst).toBeCloseTo(0.5, 10);
    expect(tc.pFirst).toBe(0);
    expect([tc.rankLow, tc.rankHigh]).toEqual([3, 3]);
    expect(ta.rankLow).toBe(1);
    // The track average's interval: on a one-task track it is that task's score interval (the same resamples).
    for (const [i, ts] of [ta, tb, tc].entries()) {
      const [lo, hi] = ts.averageInterval!;
      expect(lo).toBeLessThanOrEqual(board.rows[i].score);
      expect(hi).toBeGreaterThanOrEqual(board.rows[i].score);
      expect(lo).toBeCloseTo(stats.get(board.rows[i].teamId)!.interval![0], 2);
      expect(hi).toBeCloseTo(stats.get(board.rows[i].teamId)!.interval![1], 2);
    }
    for (const [i, s] of [a, b, c].entries()) {
      expect(s.interval![0]).toBeLessThanOrEqual(board.rows[i].score);
      expect(s.interval![1]).toBeGreaterThanOrEqual(board.rows[i].score);
      expect(s.interval![1] - s.interval![0]).toBeGreaterThan(0.01);
    }
  });
});
