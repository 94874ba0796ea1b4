import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { challenges, teams } from '@/db/schema';
import { getTaskBySlug } from '@/lib/tasks/queries';
import { testDatabases, type TestDb } from '@/db/testing';
import type { Caller } from '@/lib/auth/caller';
import { viewerBoardParts } from './viewer-parts';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

const NOW = new Date('2026-01-10T00:00:00Z');

describe.each(testDatabases())("a viewer's own parts of a board page on $name", ({ open }) => {
  let t: TestDb;
  let ids: { challenge: string; task: string; a: string; b: string };
  const callers: Record<string, Caller> = {};
  beforeAll(async () => {
    t = await open();
    const c = await seedChallenge(t.db, { endAt: new Date('2026-02-01T00:00:00Z') });
    const task = await seedTask(t.db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
    const ua = await seedUser(t.db, 'ada@x.org');
    const ub = await seedUser(t.db, 'bob@x.org');
    const uo = await seedUser(t.db, 'org@x.org', 'organizer');
    const ta = await seedTeam(t.db, { challengeId: c.id, name: 'Team Ada', members: [ua.id] });
    const tb = await seedTeam(t.db, { challengeId: c.id, name: 'Team Bob', members: [ub.id] });
    for (const [i, score] of [0.5, 0.7].entries()) {
      await seedSubmission(t.db, { taskId: task.id, teamId: ta.id, userId: ua.id, publicScore: score, privateScore: 0.1, createdAt: new Date(Date.UTC(2026, 0, 2 + i)) });
    }
    await seedSubmission(t.db, { taskId: task.id, teamId: tb.id, userId: ub.id, publicScore: 0.9, privateScore: 0.2, createdAt: new Date('2026-01-05T00:00:00Z') });
    ids = { challenge: c.id, task: task.id, a: ta.id, b: tb.id };
    for (const [k, u, role] of [['ada', ua, 'participant'], ['bob', ub, 'participant'], ['org', uo, 'organizer']] as const) {
      callers[k] = { userId: u.id, email: u.email, name: u.email.split('@')[0], role, via: 'session' };
    }
  });
  afterAll(async () => t?.close());

  const parts = async (caller: Caller | null, withTask = true) => {
    const [challenge] = await t.db.select().from(challenges).where(eq(challenges.id, ids.challenge));
    const task = await getTaskBySlug({ db: t.db, challengeId: ids.challenge, slug: 'acc' });
    return viewerBoardParts({ db: t.db, caller, challenge, task: withTask ? task : null, now: NOW });
  };

  it('gives each participant their own team and their own history, never the other team', async () => {
    const a = await parts(callers.ada);
    expect(a.user).toEqual({ name: 'ada', email: 'ada@x.org', organizer: false });
    expect(a.team).toMatchObject({ id: ids.a, name: 'Team Ada', disqualifiedAt: null });
    expect(a.history?.teamId).toBe(ids.a);
    expect((await a.history!.points()).map((p) => p.score)).toEqual([0.5, 0.7]);
    const b = await parts(callers.bob);
    expect(b.team).toMatchObject({ id: ids.b, name: 'Team Bob' });
    expect((await b.history!.points()).map((p) => p.score)).toEqual([0.9]);
    expect(JSON.stringify({ ...b, history: null })).not.toContain('Ada');
  });

  it('gives nobody anything, an organizer without a team no team, and no history without a task', async () => {
    expect(await parts(null)).toEqual({ user: null, team: null, history: null });
    expect(await parts(callers.org)).toEqual({ user: { name: 'org', email: 'org@x.org', organizer: true }, team: null, history: null });
    expect((await parts(callers.ada, false)).history).toBeNull();
  });

  it("tells a disqualified team so, and still shows it its own history though it is off the board", async () => {
    await t.db.update(teams).set({ disqualifiedAt: NOW, disqualifiedReason: 'shared accounts' }).where(eq(teams.id, ids.a));
    const a = await parts(callers.ada);
    expect(a.team).toMatchObject({ id: ids.a, disqualifiedAt: NOW, disqualifiedReason: 'shared accounts' });
    expect(a.history!.board.rows.map((r) => r.teamId)).toEqual([ids.b]);
    expect((await a.history!.points()).length).toBe(2);
    await t.db.update(teams).set({ disqualifiedAt: null, disqualifiedReason: null }).where(eq(teams.id, ids.a));
  });
});
