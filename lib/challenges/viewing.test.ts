import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/caller';
import { testDatabases, type TestDb } from '@/db/testing';
import { disqualifyTeam, restoreTeam } from '@/lib/leaderboard/admin';
import { seedChallenge, seedUser } from '@/lib/leaderboard/seed-boards';
import { createTeam, leaveTeam } from '@/lib/teams/membership';
import { joinChallenge } from '@/lib/teams/join';
import { getChallengeBySlug } from './queries';
import { assertCanUseData, boardViewFor, canSeePrivateScores, canSeeTeamHistory, canUseData, dataAccess, seesEverything } from './viewing';

const D = (d: number) => new Date(Date.UTC(2026, 0, d));
const as = (u: { id: string; email: string }, role: Caller['role'] = 'participant'): Caller => ({ userId: u.id, email: u.email, name: null, role, via: 'session' });

describe.each(testDatabases())('the viewing rules on $name', ({ open }) => {
  let t: TestDb;
  let slug: string;
  let org: Caller, ada: Caller, bob: Caller, cy: Caller;
  let adaTeam: string;

  beforeAll(async () => {
    t = await open();
    const c = await seedChallenge(t.db, { startAt: D(1), endAt: D(30), autoReveal: true });
    slug = c.slug;
    org = as(await seedUser(t.db, 'org@x.org', 'organizer'), 'organizer');
    ada = as(await seedUser(t.db, 'ada@x.org'));
    bob = as(await seedUser(t.db, 'bob@x.org'));
    cy = as(await seedUser(t.db, 'cy@x.org'));
    adaTeam = (await joinChallenge({ db: t.db, challengeId: c.id, userId: ada.userId })).teamId;
    await joinChallenge({ db: t.db, challengeId: c.id, userId: cy.userId });
  });
  afterAll(async () => t?.close());

  it('gives the data to organizers always, to participants after the start and the rules, never to visitors', async () => {
    const challenge = await getChallengeBySlug({ db: t.db, slug });
    const may = (caller: Caller | null, now: Date) => canUseData({ db: t.db, caller, challenge, now });
    expect(await may(org, D(0))).toBe(true);
    expect(await may(ada, D(0))).toBe(false); // before the start
    expect(await may(ada, D(2))).toBe(true);
    expect(await may(bob, D(2))).toBe(false); // rules not accepted
    expect(await may(null, D(2))).toBe(false);
    const refused = await dataAccess({ db: t.db, caller: bob, challenge, now: D(2) });
    expect(refused.ok === false && refused.error.code).toBe('forbidden:rules_not_accepted');
    await expect(assertCanUseData({ db: t.db, caller: null, challenge, now: D(2) })).rejects.toMatchObject({ status: 401 });
    await expect(assertCanUseData({ db: t.db, caller: ada, challenge, now: D(0) })).rejects.toMatchObject({ code: 'forbidden:not_started' });
  });

  it('refuses a disqualified team the data, submissions and a new name, with the reason; restored, it may again', async () => {
    const challenge = await getChallengeBySlug({ db: t.db, slug });
    await disqualifyTeam({ db: t.db, challengeId: challenge.id, teamId: adaTeam, actorId: org.userId, reason: 'shared the test labels' });
    const a = await dataAccess({ db: t.db, caller: ada, challenge, now: D(2) });
    expect(a.ok).toBe(false);
    if (!a.ok) {
      expect(a.error.code).toBe('forbidden:team_disqualified');
      expect(a.error.status).toBe(403);
      expect(a.error.message).toContain('shared the test labels');
      expect(a.error.message).toContain('can no longer download the data, submit or rename');
    }
    expect(await canUseData({ db: t.db, caller: cy, challenge, now: D(2) })).toBe(true); // another team is untouched
    await expect(createTeam({ db: t.db, challenge, userId: ada.userId, name: 'Fresh start', now: D(2) })).rejects.toMatchObject({ code: 'forbidden:team_disqualified' });
    await restoreTeam({ db: t.db, challengeId: challenge.id, teamId: adaTeam, actorId: org.userId });
    expect(await canUseData({ db: t.db, caller: ada, challenge, now: D(2) })).toBe(true);
    await expect(createTeam({ db: t.db, challenge, userId: ada.userId, name: 'Fresh start', now: D(2) })).resolves.toMatchObject({ teamId: adaTeam });
    await expect(leaveTeam({ db: t.db, challenge, userId: ada.userId, now: D(2) })).rejects.toMatchObject({ code: 'conflict:alone' });
  });

  it('shows private scores to organizers, and to everyone after the reveal', async () => {
    const challenge = await getChallengeBySlug({ db: t.db, slug });
    expect(seesEverything(org)).toBe(true);
    expect(seesEverything(ada)).toBe(false);
    expect(seesEverything(null)).toBe(false);
    expect(canSeePrivateScores({ caller: org, challenge, now: D(2) })).toBe(true);
    expect(canSeePrivateScores({ caller: ada, challenge, now: D(2) })).toBe(false);
    expect(canSeePrivateScores({ caller: null, challenge, now: D(30) })).toBe(true); // auto reveal at the end
    expect(boardViewFor({ caller: ada, challenge, now: D(2) }).privateVisible).toBe(false);
    expect(boardViewFor({ caller: org, challenge, now: D(2) }).privateVisible).toBe(true);
  });

  it("shows a team's history to its members, to organizers, and to others only while the team is on their board", () => {
    expect(canSeeTeamHistory({ caller: ada, myTeamId: adaTeam, teamId: adaTeam, onVisibleBoard: false })).toBe(true);
    expect(canSeeTeamHistory({ caller: cy, myTeamId: 'other', teamId: adaTeam, onVisibleBoard: false })).toBe(false);
    expect(canSeeTeamHistory({ caller: cy, myTeamId: 'other', teamId: adaTeam, onVisibleBoard: true })).toBe(true);
    expect(canSeeTeamHistory({ caller: null, myTeamId: null, teamId: adaTeam, onVisibleBoard: false })).toBe(false);
    expect(canSeeTeamHistory({ caller: org, myTeamId: null, teamId: adaTeam, onVisibleBoard: false })).toBe(true);
  });
});
