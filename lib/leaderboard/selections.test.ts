import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { submissions } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import type { Caller } from '@/lib/auth/caller';
import { setFinalSelection } from './selections';
import { getTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

const DURING = new Date('2026-01-20T00:00:00Z');
const as = (u: { id: string; email: string }): Caller => ({ userId: u.id, email: u.email, name: null, role: 'participant', via: 'session' });

describe.each(testDatabases())('final selections on $name', ({ open }) => {
  let t: TestDb;
  let ids: string[] = [];
  let late: string;
  let ada: { id: string; email: string };
  let bob: { id: string; email: string };
  let challenge: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string; metric: string };

  beforeAll(async () => {
    t = await open();
    challenge = await seedChallenge(t.db, { finalSelections: 2 });
    task = await seedTask(t.db, { challengeId: challenge.id, slug: 'acc', metric: 'accuracy' });
    ada = await seedUser(t.db, 'ada@x.org');
    bob = await seedUser(t.db, 'bob@x.org');
    const team = await seedTeam(t.db, { challengeId: challenge.id, name: 'ada', members: [ada.id] });
    await seedTeam(t.db, { challengeId: challenge.id, name: 'bob', members: [bob.id] });
    const scores: Array<[number, number]> = [[0.9, 0.5], [0.7, 0.8], [0.6, 0.95]];
    ids = [];
    for (const [i, [pub, priv]] of scores.entries()) {
      ids.push(await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: ada.id, publicScore: pub, privateScore: priv, createdAt: new Date(Date.UTC(2026, 0, 2 + i)) }));
    }
    late = await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: ada.id, publicScore: 1, privateScore: 1, createdAt: new Date('2026-02-02T00:00:00Z'), late: true });
  });
  afterAll(async () => t?.close());

  const select = (submissionId: string, selected: boolean, who = ada, now = DURING) => setFinalSelection({ db: t.db, caller: as(who), submissionId, selected, now });
  const privateBoard = async () => (await getTaskBoard({ db: t.db, challenge, task, board: 'private', organizer: true })).rows[0];

  it('counts the best public submission when the team selected none', async () => {
    expect(await privateBoard()).toMatchObject({ score: 0.5, selection: 'best_public', submissionId: ids[0] });
  });

  it('selects up to N, refuses N + 1 with the limit in the message, and counts the selection', async () => {
    expect(await select(ids[1], true)).toMatchObject({ selected: true, selectedCount: 1, limit: 2 });
    expect(await select(ids[2], true)).toMatchObject({ selectedCount: 2 });
    await expect(select(ids[0], true)).rejects.toMatchObject({
      code: 'conflict:too_many_selections',
      message: 'Your team already selected 2 of 2 final submissions for "acc"; unselect one first.',
    });
    expect(await privateBoard()).toMatchObject({ score: 0.95, selection: 'selected', submissionId: ids[2] });
    expect(await select(ids[2], false)).toMatchObject({ selected: false, selectedCount: 1 });
    expect(await select(ids[0], true)).toMatchObject({ selectedCount: 2 });
    expect(await privateBoard()).toMatchObject({ score: 0.8, selection: 'selected', submissionId: ids[1] });
  });

  it("answers not found for another team's submission and changes nothing", async () => {
    await expect(select(ids[2], true, bob)).rejects.toMatchObject({ code: 'not_found:submission' });
    await expect(select('not-a-uuid', true)).rejects.toMatchObject({ code: 'not_found:submission' });
    const [row] = await t.db.select({ selected: submissions.selected }).from(submissions).where(eq(submissions.id, ids[2]));
    expect(row.selected).toBe(false);
  });

  it('refuses late submissions and any change after the end', async () => {
    await select(ids[0], false);
    await expect(select(late, true)).rejects.toMatchObject({ code: 'conflict:not_selectable' });
    await expect(select(ids[2], true, ada, challenge.endAt)).rejects.toMatchObject({
      code: 'conflict:selection_closed',
      message: 'Final selections closed when the challenge ended (2026-02-01T00:00:00.000Z).',
    });
  });
});
