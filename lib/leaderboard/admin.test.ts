import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { challenges } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { disqualifyTeam, listBoardAudit, restoreTeam, setPrivateReveal, setPublicFreeze } from './admin';
import { getScoreHistory } from './history';
import { getTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

const D = (d: number) => new Date(Date.UTC(2026, 0, d));

describe.each(testDatabases())('organizer board controls and score history on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string; metric: string };
  let org: { id: string; email: string };
  const teams: Record<string, string> = {};

  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db);
    task = await seedTask(t.db, { challengeId: c.id, slug: 'll', metric: 'log_loss' });
    org = await seedUser(t.db, 'org@x.org', 'organizer');
    for (const name of ['ann', 'ben']) {
      const u = await seedUser(t.db, `${name}@x.org`);
      teams[name] = (await seedTeam(t.db, { challengeId: c.id, name, members: [u.id] })).id;
      teams[`${name}:u`] = u.id;
    }
    const sub = (n: string, pub: number, day: number) => seedSubmission(t.db, { taskId: task.id, teamId: teams[n], userId: teams[`${n}:u`], publicScore: pub, privateScore: pub, createdAt: D(day) });
    await sub('ann', 0.9, 2);
    await sub('ann', 0.7, 3);
    await sub('ann', 0.8, 4);
    await sub('ann', 0.4, 12);
    await sub('ben', 0.6, 5);
  });
  afterAll(async () => t?.close());

  const challengeNow = async () => (await t.db.select().from(challenges).where(eq(challenges.id, c.id)))[0];
  const teamsOn = async (board: 'public' | 'private', now: Date) =>
    (await getTaskBoard({ db: t.db, challenge: await challengeNow(), task, board, organizer: false, now })).rows.map((r) => `${r.team}:${r.score}`);

  it('freezes the public board for participants, reveals by hand, and logs who did it', async () => {
    await setPublicFreeze({ db: t.db, challengeId: c.id, actorId: org.id, at: D(10) });
    expect(await teamsOn('public', D(20))).toEqual(['ben:0.6', 'ann:0.7']);
    await setPublicFreeze({ db: t.db, challengeId: c.id, actorId: org.id, at: null });
    expect(await teamsOn('public', D(20))).toEqual(['ann:0.4', 'ben:0.6']);
    await expect(teamsOn('private', D(20))).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    await setPrivateReveal({ db: t.db, challengeId: c.id, actorId: org.id, at: D(19), autoReveal: true });
    expect(await teamsOn('private', D(20))).toEqual(['ann:0.4', 'ben:0.6']);
    await setPrivateReveal({ db: t.db, challengeId: c.id, actorId: org.id, at: null, autoReveal: false });
    await expect(teamsOn('private', D(40))).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    const log = await listBoardAudit({ db: t.db, challengeId: c.id });
    expect(log.map((l) => [l.action, l.actor])).toEqual([
      ['board.hold', 'org@x.org'],
      ['board.reveal', 'org@x.org'],
      ['board.unfreeze', 'org@x.org'],
      ['board.freeze', 'org@x.org'],
    ]);
  });

  it('disqualifies a team with a reason in the audit log, and restores it', async () => {
    await expect(disqualifyTeam({ db: t.db, challengeId: c.id, teamId: teams.ann, actorId: org.id, reason: ' ' })).rejects.toMatchObject({ code: 'bad_request:reason' });
    await disqualifyTeam({ db: t.db, challengeId: c.id, teamId: teams.ann, actorId: org.id, reason: 'used the test labels' });
    expect(await teamsOn('public', D(20))).toEqual(['ben:0.6']);
    const [last] = await listBoardAudit({ db: t.db, challengeId: c.id });
    expect(last).toMatchObject({ action: 'team.disqualify', subject: 'ann', actor: 'org@x.org', detail: { reason: 'used the test labels' } });
    await restoreTeam({ db: t.db, challengeId: c.id, teamId: teams.ann, actorId: org.id });
    expect(await teamsOn('public', D(20))).toEqual(['ann:0.4', 'ben:0.6']);
  });

  it('gives the score history with a best-so-far line in the metric direction, cut at a freeze', async () => {
    const h = await getScoreHistory({ db: t.db, taskId: task.id, teamId: teams.ann, higherIsBetter: false });
    expect(h.map((p) => [p.score, p.best])).toEqual([
      [0.9, 0.9],
      [0.7, 0.7],
      [0.8, 0.7],
      [0.4, 0.4],
    ]);
    expect((await getScoreHistory({ db: t.db, taskId: task.id, teamId: teams.ann, higherIsBetter: false, cutoff: D(10) })).length).toBe(3);
  });
});
