import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { boardCache } from './board-cache';
import { readTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

describe.each(testDatabases().slice(0, 1))('readTaskBoard on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string; metric: string };
  let team: { id: string };
  let user: { id: string };
  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db, { endAt: new Date('2099-01-01T00:00:00Z') });
    task = await seedTask(t.db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
    user = await seedUser(t.db, 'a@x.org');
    team = await seedTeam(t.db, { challengeId: c.id, name: 'a', members: [user.id] });
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.5, privateScore: 0.6, createdAt: new Date('2026-01-02T00:00:00Z') });
    boardCache.clear();
  });
  afterAll(async () => t?.close());

  it('serves one board object within the second, then the new scores, and refuses private before any cache lookup', async () => {
    const read = () => readTaskBoard({ db: t.db, challenge: c, task, board: 'public', organizer: false });
    const a = await read();
    expect(await read()).toBe(a);
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.9, privateScore: 0.6, createdAt: new Date('2026-01-03T00:00:00Z') });
    expect((await read()).rows[0].score).toBe(0.5);
    await new Promise((r) => setTimeout(r, 1100));
    await read(); // stale: starts the refresh
    await expect.poll(async () => (await read()).rows[0].score).toBe(0.9);
    await readTaskBoard({ db: t.db, challenge: c, task, board: 'private', organizer: true });
    await expect(readTaskBoard({ db: t.db, challenge: c, task, board: 'private', organizer: false })).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
  });

  it('keeps an unchanged board the same object across cache periods, so what is computed beside it is computed once per change', async () => {
    const read = () => readTaskBoard({ db: t.db, challenge: c, task, board: 'public', organizer: false });
    const a = await read();
    await new Promise((r) => setTimeout(r, 1100));
    await read(); // stale: starts the refresh, which finds nothing new
    await new Promise((r) => setTimeout(r, 200));
    expect(await read()).toBe(a);
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.95, privateScore: 0.6, createdAt: new Date('2026-01-04T00:00:00Z') });
    await new Promise((r) => setTimeout(r, 1100));
    await read();
    await expect.poll(async () => (await read()).rows[0].score).toBe(0.95);
    expect(await read()).not.toBe(a);
  });
});
