import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, submissions, teamMembers, teams } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { seedChallenge, seedSubmission, seedTask, seedUser } from '@/lib/leaderboard/seed-boards';
import { joinChallenge } from './join';
import { createTeam, joinTeamByCode, leaveTeam, mergeByCode } from './membership';
import { getMyTeam } from './queries';

const DAY = (d: number, h = 12) => new Date(Date.UTC(2026, 0, d, h));
const BEFORE_DEADLINE = DAY(10);
const AFTER_DEADLINE = DAY(20);

describe.each(testDatabases())('teams on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let taskId: string;
  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db, {
      teamSizeLimit: 3,
      dailySubmissionLimit: 2,
      totalSubmissionLimit: 4,
      finalSelections: 1,
      mergeDeadline: DAY(15, 0),
    });
    taskId = (await seedTask(t.db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' })).id;
  });
  afterAll(async () => t?.close());

  async function person(name: string) {
    const u = await seedUser(t.db, `${name}@x.org`);
    const { teamId } = await joinChallenge({ db: t.db, challengeId: c.id, userId: u.id });
    return { ...u, teamId };
  }
  const code = async (teamId: string) => (await t.db.select({ code: teams.inviteCode }).from(teams).where(eq(teams.id, teamId)))[0].code;
  const submit = (p: { id: string; teamId: string }, day: number, more: object = {}) =>
    seedSubmission(t.db, { taskId, teamId: p.teamId, userId: p.id, publicScore: 0.5, privateScore: 0.5, createdAt: DAY(day), ...more });

  it('names a team, lets others join by code up to the size limit, one team per person', async () => {
    const ada = await person('ada');
    const named = await createTeam({ db: t.db, challenge: c, userId: ada.id, name: 'Lovelace', now: BEFORE_DEADLINE });
    expect(named.teamId).toBe(ada.teamId); // alone: the team of one is renamed
    const invite = await code(ada.teamId);
    for (const name of ['bea', 'cid']) {
      const p = await person(name);
      expect(await joinTeamByCode({ db: t.db, challenge: c, userId: p.id, code: invite, now: BEFORE_DEADLINE })).toEqual({ teamId: ada.teamId, name: 'Lovelace', merged: false });
      // the empty team of one is gone
      expect(await t.db.select().from(teams).where(eq(teams.id, p.teamId))).toEqual([]);
    }
    const dan = await person('dan');
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: dan.id, code: invite, now: BEFORE_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:team_full',
      message: '"Lovelace" already has 3 members; the limit is 3.',
    });
    const mine = await getMyTeam({ db: t.db, challengeId: c.id, userId: ada.id });
    expect(mine!.members.map((m) => m.email).sort()).toEqual(['ada@x.org', 'bea@x.org', 'cid@x.org']);
    await expect(createTeam({ db: t.db, challenge: c, userId: dan.id, name: 'Lovelace', now: BEFORE_DEADLINE })).rejects.toMatchObject({ code: 'conflict:team_name' });
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: dan.id, code: 'nope', now: BEFORE_DEADLINE })).rejects.toMatchObject({ code: 'not_found:invite' });
  });

  it('keeps someone who submitted in their team after the merge deadline; others may still move', async () => {
    const eve = await person('eve');
    const fay = await person('fay');
    const gus = await person('gus');
    await joinTeamByCode({ db: t.db, challenge: c, userId: fay.id, code: await code(eve.teamId), now: BEFORE_DEADLINE });
    await joinTeamByCode({ db: t.db, challenge: c, userId: gus.id, code: await code(eve.teamId), now: BEFORE_DEADLINE });
    await submit({ id: fay.id, teamId: eve.teamId }, 9);
    await expect(leaveTeam({ db: t.db, challenge: c, userId: fay.id, now: AFTER_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:merge_closed',
      message: 'Someone who has submitted can change teams only until 2026-01-15T00:00:00.000Z.',
    });
    // gus never submitted: he may leave after the deadline, and gets a team of one
    const left = await leaveTeam({ db: t.db, challenge: c, userId: gus.id, now: AFTER_DEADLINE });
    expect(left.name).toBe('gus');
    // before the deadline fay may leave; her submission stays with the team that made it
    const moved = await leaveTeam({ db: t.db, challenge: c, userId: fay.id, now: BEFORE_DEADLINE });
    expect((await t.db.select({ teamId: submissions.teamId }).from(submissions).where(eq(submissions.userId, fay.id)))[0].teamId).toBe(eve.teamId);
    expect(moved.teamId).not.toBe(eve.teamId);
    await expect(leaveTeam({ db: t.db, challenge: c, userId: fay.id, now: BEFORE_DEADLINE })).rejects.toMatchObject({ code: 'conflict:alone' });
  });

  it('merges a team of one with submissions into another when the limits hold, moving its submissions', async () => {
    const hal = await person('hal');
    const ivy = await person('ivy');
    await submit(hal, 3);
    await submit(hal, 4, { selected: true });
    await submit(ivy, 3);
    await submit(ivy, 5, { selected: true });
    const r = await joinTeamByCode({ db: t.db, challenge: c, userId: ivy.id, code: await code(hal.teamId), now: BEFORE_DEADLINE });
    expect(r).toMatchObject({ teamId: hal.teamId, merged: true });
    const moved = await t.db.select({ teamId: submissions.teamId, selected: submissions.selected, userId: submissions.userId }).from(submissions).where(eq(submissions.teamId, hal.teamId));
    expect(moved).toHaveLength(4);
    // one final selection allowed: the absorbed team's selection is cleared, hal's stays
    expect(moved.filter((s) => s.selected).map((s) => s.userId)).toEqual([hal.id]);
    expect(await t.db.select().from(teams).where(eq(teams.id, ivy.teamId))).toEqual([]);
    const [log] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'team.merge'));
    expect(log).toMatchObject({ actorId: ivy.id, subject: 'hal', detail: { from: 'ivy', members: 2 } });
  });

  it('refuses a merge that would break the daily or the total limit, or comes after the deadline', async () => {
    const jo = await person('jo');
    const kim = await person('kim');
    await submit(jo, 6);
    await submit(kim, 6);
    await submit(kim, 6, { status: 'failed' }); // rejected files count against no limit
    await submit(kim, 6);
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: kim.id, code: await code(jo.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:merge_over_limit',
      message: 'Together the teams sent 3 submissions to "acc" on 2026-01-06 (UTC); the limit is 2 a day.',
    });
    const lu = await person('lu');
    const max = await person('max');
    for (const d of [1, 2, 3]) await submit(lu, d);
    for (const d of [4, 5]) await submit(max, d);
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: max.id, code: await code(lu.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:merge_over_limit',
      message: 'Together the teams have 5 submissions to "acc"; the limit is 4 per team.',
    });
    const ned = await person('ned');
    await submit(ned, 7);
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: ned.id, code: await code(jo.teamId), now: AFTER_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:merge_closed',
    });
    // nothing moved
    expect((await t.db.select().from(teamMembers).where(eq(teamMembers.teamId, jo.teamId))).length).toBe(1);
  });

  it('merges a whole team by code, and refuses when the merged team would be too large', async () => {
    const pia = await person('pia');
    const quin = await person('quin');
    const ray = await person('ray');
    await joinTeamByCode({ db: t.db, challenge: c, userId: quin.id, code: await code(pia.teamId), now: BEFORE_DEADLINE });
    await submit(pia, 8);
    const merged = await mergeByCode({ db: t.db, challenge: c, userId: ray.id, code: await code(pia.teamId), now: BEFORE_DEADLINE });
    expect(merged).toEqual({ teamId: pia.teamId, name: 'pia', members: 3 });
    const sam = await person('sam');
    const tom = await person('tom');
    await joinTeamByCode({ db: t.db, challenge: c, userId: tom.id, code: await code(sam.teamId), now: BEFORE_DEADLINE });
    await expect(mergeByCode({ db: t.db, challenge: c, userId: sam.id, code: await code(pia.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject({
      code: 'conflict:team_full',
      message: 'Together the teams would have 5 members; the limit is 3.',
    });
  });

  it('changes no team after the end', async () => {
    const oz = await person('oz');
    await expect(createTeam({ db: t.db, challenge: c, userId: oz.id, name: 'Late team', now: c.endAt })).rejects.toMatchObject({ code: 'conflict:challenge_ended' });
  });

  it("refuses a disqualified team's members another team, by invite or by merge, and leaves them where they were", async () => {
    const [eve, fay, gus] = [await person('dq-eve'), await person('dq-fay'), await person('dq-gus')];
    await createTeam({ db: t.db, challenge: c, userId: eve.id, name: 'Cheaters', now: BEFORE_DEADLINE });
    await joinTeamByCode({ db: t.db, challenge: c, userId: fay.id, code: await code(eve.teamId), now: BEFORE_DEADLINE });
    await t.db.update(teams).set({ disqualifiedAt: DAY(9), disqualifiedReason: 'shared accounts' }).where(eq(teams.id, eve.teamId));
    const refusal = {
      code: 'forbidden:team_disqualified',
      message: 'Your team "Cheaters" was disqualified (reason: shared accounts): its members cannot join another team. Write to the organizers if you think this is a mistake.',
    };
    // In a team of two: a plain move.
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: fay.id, code: await code(gus.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject(refusal);
    await expect(mergeByCode({ db: t.db, challenge: c, userId: eve.id, code: await code(gus.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject(refusal);
    // Alone in a disqualified team with submissions: the merge path.
    const hal = await person('dq-hal');
    await submit(hal, 5);
    await t.db.update(teams).set({ disqualifiedAt: DAY(9) }).where(eq(teams.id, hal.teamId));
    await expect(joinTeamByCode({ db: t.db, challenge: c, userId: hal.id, code: await code(gus.teamId), now: BEFORE_DEADLINE })).rejects.toMatchObject({
      code: 'forbidden:team_disqualified',
    });
    for (const p of [eve, fay, hal]) expect((await getMyTeam({ db: t.db, challengeId: c.id, userId: p.id }))!.disqualifiedAt).not.toBeNull();
    expect((await getMyTeam({ db: t.db, challengeId: c.id, userId: gus.id }))!.members).toHaveLength(1);
  });
});
