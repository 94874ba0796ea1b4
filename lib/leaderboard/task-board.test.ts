import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { teams } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { getTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

const T = (s: string) => new Date(`2026-01-${s}Z`);
const END = new Date('2026-02-01T00:00:00Z');

describe.each(testDatabases())('task boards on $name', ({ open }) => {
  let t: TestDb;
  let challenge: Awaited<ReturnType<typeof seedChallenge>>;
  let acc: { id: string; slug: string; metric: string };
  let ll: { id: string; slug: string; metric: string };
  const team: Record<string, string> = {};

  beforeAll(async () => {
    t = await open();
    const db = t.db;
    challenge = await seedChallenge(db, { finalSelections: 2 });
    acc = await seedTask(db, { challengeId: challenge.id, slug: 'acc', metric: 'accuracy' });
    ll = await seedTask(db, { challengeId: challenge.id, slug: 'll', metric: 'log_loss' });
    for (const name of ['ada', 'bob', 'cy', 'dee', 'base']) {
      const u = await seedUser(db, `${name}@x.org`);
      team[name] = (await seedTeam(db, { challengeId: challenge.id, name, members: [u.id], isBaseline: name === 'base' })).id;
      team[`${name}:user`] = u.id;
    }
    const sub = (name: string, taskId: string, pub: number, priv: number, at: string, more: object = {}) =>
      seedSubmission(db, { taskId, teamId: team[name], userId: team[`${name}:user`], publicScore: pub, privateScore: priv, createdAt: T(at), ...more });
    // accuracy: bob and cy tie at 0.8 (cy reached it first), ada best; dee only failed; base is a baseline.
    await sub('ada', acc.id, 0.7, 0.9, '02T10:00:00');
    await sub('ada', acc.id, 0.9, 0.6, '03T10:00:00');
    await sub('bob', acc.id, 0.8, 0.85, '04T10:00:00');
    await sub('cy', acc.id, 0.8, 0.7, '03T12:00:00');
    await sub('cy', acc.id, 0.5, 0.95, '05T12:00:00', { selected: true });
    await sub('dee', acc.id, 0, 0, '05T12:00:00', { status: 'failed' });
    await sub('base', acc.id, 0.6, 0.6, '01T12:00:00');
    // after the freeze (Jan 20): bob climbs to 0.95 publicly
    await sub('bob', acc.id, 0.95, 0.5, '25T10:00:00');
    // late: dee after the end
    await seedSubmission(db, { taskId: acc.id, teamId: team.dee, userId: team['dee:user'], publicScore: 0.99, privateScore: 0.99, createdAt: new Date('2026-02-03T00:00:00Z'), late: true });
    // log_loss: lower is better
    await sub('ada', ll.id, 0.4, 0.5, '02T10:00:00');
    await sub('bob', ll.id, 0.3, 0.45, '03T10:00:00');
    await sub('cy', ll.id, 0.4, 0.2, '01T10:00:00');
  });
  afterAll(async () => t?.close());

  const board = (args: Partial<Parameters<typeof getTaskBoard>[0]> & { now: Date }) =>
    getTaskBoard({ db: t.db, challenge, task: acc, board: 'public', organizer: false, ...args });

  it('ranks the best public score per team, ties sharing a rank and listed earliest first', async () => {
    const b = await board({ now: T('26T00:00:00') });
    expect(b.rows.map((r) => [r.rank, r.team, r.score, r.submissions])).toEqual([
      [1, 'bob', 0.95, 2],
      [2, 'ada', 0.9, 2],
      [3, 'cy', 0.8, 2],
      [4, 'base', 0.6, 1],
    ]);
    expect(b.rows.find((r) => r.team === 'base')!.baseline).toBe(true);
    expect(b.rows[0].metrics).toEqual({ accuracy: 0.95, n_rows: 30 });
    expect(b.rows[0].lastSubmissionAt).toEqual(T('25T10:00:00'));
    expect(b.higherIsBetter).toBe(true);
  });

  it('shows participants the board as of the freeze: ranks 1, 2, 2, 4 with the earlier team first', async () => {
    const frozen = await board({ now: T('26T00:00:00'), challenge: { ...challenge, publicFrozenAt: T('20T00:00:00') } });
    expect(frozen.frozenAt).toEqual(T('20T00:00:00'));
    expect(frozen.rows.map((r) => [r.rank, r.team, r.score])).toEqual([
      [1, 'ada', 0.9],
      [2, 'cy', 0.8],
      [2, 'bob', 0.8],
      [4, 'base', 0.6],
    ]);
    // The count and last time are as of the freeze too.
    expect(frozen.rows.find((r) => r.team === 'bob')).toMatchObject({ submissions: 1, lastSubmissionAt: T('04T10:00:00') });
  });

  it('ranks lower-is-better metrics ascending (log_loss)', async () => {
    const b = await getTaskBoard({ db: t.db, challenge, task: ll, board: 'public', organizer: false, now: T('26T00:00:00') });
    expect(b.higherIsBetter).toBe(false);
    expect(b.rows.map((r) => [r.rank, r.team, r.score])).toEqual([
      [1, 'bob', 0.3],
      [2, 'cy', 0.4],
      [2, 'ada', 0.4],
    ]);
  });

  it('organizers see the live board during a freeze', async () => {
    const b = await board({ now: T('26T00:00:00'), organizer: true, challenge: { ...challenge, publicFrozenAt: T('20T00:00:00') } });
    expect(b.frozenAt).toBeNull();
    expect(b.rows[0].team).toBe('bob');
  });

  it('refuses the private board to participants before the end and reveals it automatically at the end time', async () => {
    await expect(board({ board: 'private', now: new Date(END.getTime() - 1) })).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    const at = await board({ board: 'private', now: END });
    // ada selected nothing: best public (0.9 → private 0.6). bob: best public 0.95 → 0.5.
    // cy selected the 0.5 one → private 0.95. base → 0.6 (ties ada; base's submission is earlier).
    expect(at.rows.map((r) => [r.rank, r.team, r.score, r.selection])).toEqual([
      [1, 'cy', 0.95, 'selected'],
      [2, 'base', 0.6, 'best_public'],
      [2, 'ada', 0.6, 'best_public'],
      [4, 'bob', 0.5, 'best_public'],
    ]);
    expect(at.rows[0].metrics).toEqual({ accuracy: 0.95, n_rows: 70 });
  });

  it('reveals by hand before the end, holds with autoReveal off, and organizers always see it', async () => {
    const early = { ...challenge, privateRevealedAt: T('15T00:00:00') };
    expect((await board({ board: 'private', now: T('16T00:00:00'), challenge: early })).rows.length).toBe(4);
    const held = { ...challenge, autoReveal: false };
    await expect(board({ board: 'private', now: new Date('2026-03-01T00:00:00Z'), challenge: held })).rejects.toMatchObject({
      code: 'forbidden:private_leaderboard',
    });
    expect((await board({ board: 'private', organizer: true, now: T('02T00:00:00') })).rows.length).toBe(4);
  });

  it('keeps late submissions off the final boards and on the late board', async () => {
    const after = new Date('2026-02-05T00:00:00Z');
    expect((await board({ now: after })).rows.map((r) => r.team)).not.toContain('dee');
    expect((await board({ board: 'private', now: after })).rows.map((r) => r.team)).not.toContain('dee');
    const late = await board({ board: 'late', now: after });
    expect(late.rows.map((r) => [r.rank, r.team, r.score, r.submissions])).toEqual([[1, 'dee', 0.99, 1]]);
  });

  it('drops a disqualified team from every board', async () => {
    await t.db.update(teams).set({ disqualifiedAt: new Date() }).where(eq(teams.id, team.bob));
    try {
      expect((await board({ now: T('26T00:00:00') })).rows.map((r) => r.team)).toEqual(['ada', 'cy', 'base']);
      expect((await board({ board: 'private', now: END })).rows.map((r) => r.team)).not.toContain('bob');
    } finally {
      await t.db.update(teams).set({ disqualifiedAt: null }).where(eq(teams.id, team.bob));
    }
  });
});
