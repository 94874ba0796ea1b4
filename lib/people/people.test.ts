import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, ruleAcceptances, scoreHistory, submissions, users } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { resolveCaller } from '@/lib/auth/caller';
import { createApiToken } from '@/lib/auth/tokens';
import { checkPassword, createUser } from '@/lib/auth/users';
import { getChallengeBySlug, listChallenges } from '@/lib/challenges/queries';
import { listAnnouncements, listSeasonAudit, postAnnouncement, setChallengeArchived, setTaskArchived, taskArchiveImpact, updateTaskMeta } from '@/lib/challenges/season';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from '@/lib/leaderboard/seed-boards';
import { getTaskBySlug, listTasks } from '@/lib/tasks/queries';
import { listChallengeSubmissions, listParticipants } from './participants';
import { createPasswordReset, getPasswordReset, listUserAudit, setUserDisabled, setUserRole, usePasswordReset } from './users';

const AT = (h: number) => new Date(Date.UTC(2026, 0, 10, h));

describe.each(testDatabases())('people and season controls on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string };
  let org: { id: string };
  let ada: { id: string; email: string };
  let teamId: string;
  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db, { slug: 'season' });
    task = await seedTask(t.db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
    org = await seedUser(t.db, 'org@x.org', 'organizer');
    ada = await createUser({ db: t.db, email: 'ada@x.org', password: 'ada-password' });
    teamId = (await seedTeam(t.db, { challengeId: c.id, name: 'Alpha', members: [ada.id] })).id;
    await t.db.insert(ruleAcceptances).values({ challengeId: c.id, userId: ada.id, acceptedAt: AT(1) });
    await seedSubmission(t.db, { taskId: task.id, teamId, userId: ada.id, publicScore: 0.5, privateScore: 0.6, createdAt: AT(2) });
    await seedSubmission(t.db, { taskId: task.id, teamId, userId: ada.id, publicScore: 0, privateScore: 0, createdAt: AT(3), status: 'failed' });
    await seedSubmission(t.db, { taskId: task.id, teamId, userId: ada.id, publicScore: 0.7, privateScore: 0.8, createdAt: AT(4) });
  });
  afterAll(async () => t?.close());

  it('lists teams with members, rules accepted at, submissions per task and last activity; failed submissions first', async () => {
    const [alpha] = await listParticipants({ db: t.db, challengeId: c.id });
    expect(alpha.name).toBe('Alpha');
    expect(alpha.members).toEqual([expect.objectContaining({ email: 'ada@x.org', acceptedAt: AT(1) })]);
    expect(alpha.perTask).toEqual({ acc: { submissions: 3, failed: 1 } });
    expect(alpha.lastActivityAt.getTime()).toBeGreaterThanOrEqual(AT(4).getTime());
    const all = await listChallengeSubmissions({ db: t.db, challengeId: c.id, filter: { task: undefined, team: undefined, status: undefined } });
    expect(all.map((s) => s.status)).toEqual(['failed', 'scored', 'scored']);
    expect(all[1].createdAt).toEqual(AT(4)); // then newest first
    const failed = await listChallengeSubmissions({ db: t.db, challengeId: c.id, filter: { task: 'acc', team: 'Alpha', status: 'failed' } });
    expect(failed).toHaveLength(1);
    expect(await listChallengeSubmissions({ db: t.db, challengeId: c.id, filter: { task: undefined, team: 'Nobody', status: undefined } })).toEqual([]);
  });

  it('a disabled account cannot use its token or session, and is enabled again; each step is in the audit log', async () => {
    const { token } = await createApiToken({ db: t.db, userId: ada.id, name: 'cli' });
    const headers = new Headers({ authorization: `Bearer ${token}` });
    const resolve = () => resolveCaller({ db: t.db, headers, secret: 's', organizerEmails: [] });
    await expect(resolve()).resolves.toMatchObject({ userId: ada.id });
    await setUserDisabled({ db: t.db, actorId: org.id, userId: ada.id, disabled: true });
    await expect(resolve()).rejects.toMatchObject({ code: 'unauthorized:account_disabled', status: 401 });
    await setUserDisabled({ db: t.db, actorId: org.id, userId: ada.id, disabled: false });
    await expect(resolve()).resolves.toMatchObject({ userId: ada.id });
    await expect(setUserDisabled({ db: t.db, actorId: org.id, userId: org.id, disabled: true })).rejects.toMatchObject({ code: 'conflict:own_account' });
    const actions = (await listUserAudit({ db: t.db })).map((a) => `${a.action} ${a.subject} by ${a.actor}`);
    expect(actions).toEqual(expect.arrayContaining(['user.disable ada@x.org by org@x.org', 'user.enable ada@x.org by org@x.org']));
  });

  it('makes and removes an organizer; nobody removes their own role', async () => {
    await setUserRole({ db: t.db, actorId: org.id, userId: ada.id, role: 'organizer' });
    expect((await t.db.select({ role: users.role }).from(users).where(eq(users.id, ada.id)))[0].role).toBe('organizer');
    await setUserRole({ db: t.db, actorId: org.id, userId: ada.id, role: 'participant' });
    await expect(setUserRole({ db: t.db, actorId: org.id, userId: org.id, role: 'participant' })).rejects.toMatchObject({ code: 'conflict:own_role' });
    const actions = (await listUserAudit({ db: t.db })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.make_organizer', 'user.remove_organizer']));
  });

  it('a password-reset link works once, and a newer link replaces an older one', async () => {
    const first = await createPasswordReset({ db: t.db, actorId: org.id, userId: ada.id });
    const second = await createPasswordReset({ db: t.db, actorId: org.id, userId: ada.id });
    expect(await getPasswordReset({ db: t.db, token: first.token })).toBeUndefined();
    expect(await getPasswordReset({ db: t.db, token: second.token })).toMatchObject({ email: 'ada@x.org' });
    await expect(usePasswordReset({ db: t.db, token: first.token, password: 'another-one' })).rejects.toMatchObject({ code: 'not_found:reset_link' });
    await expect(usePasswordReset({ db: t.db, token: second.token, password: 'short' })).rejects.toThrow();
    expect(await usePasswordReset({ db: t.db, token: second.token, password: 'brand-new-password' })).toBe('ada@x.org');
    expect(await checkPassword({ db: t.db, email: 'ada@x.org', password: 'brand-new-password' })).toBeTruthy();
    await expect(usePasswordReset({ db: t.db, token: second.token, password: 'third-password' })).rejects.toMatchObject({ code: 'not_found:reset_link' });
    const actions = (await listUserAudit({ db: t.db })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.password_reset_link', 'user.password_reset']));
  });

  it('edits a task; a new ranking metric re-scores its submissions, keeping the old scores; refuses a metric of another task type', async () => {
    await expect(updateTaskMeta({ db: t.db, challengeId: c.id, taskId: task.id, input: { title: 'X', description: '', metric: 'f1' }, actorId: org.id })).rejects.toMatchObject({
      code: 'bad_request:metric',
      message: expect.stringContaining('accuracy, macro_f1'),
    });
    const same = await updateTaskMeta({ db: t.db, challengeId: c.id, taskId: task.id, input: { title: 'Accuracy task', description: '# Hi', metric: 'accuracy' }, actorId: org.id });
    expect(same).toMatchObject({ metricChanged: false, requeued: 0 });
    expect((await getTaskBySlug({ db: t.db, challengeId: c.id, slug: 'acc' })).title).toBe('Accuracy task');
    const r = await updateTaskMeta({ db: t.db, challengeId: c.id, taskId: task.id, input: { title: 'Accuracy task', description: '# Hi', metric: 'macro_f1' }, actorId: org.id });
    // The two scored ones; the rejected file (failed for its own fault) was deleted with its error recorded, so it stays failed.
    expect(r).toMatchObject({ metricChanged: true, requeued: 2 });
    const statuses = await t.db.select({ s: submissions.status }).from(submissions).where(eq(submissions.taskId, task.id));
    expect(statuses.map((x) => x.s).sort()).toEqual(['failed', 'queued', 'queued']);
    expect(await t.db.select().from(scoreHistory)).toHaveLength(2); // the scored ones' old scores are kept
    expect((await getTaskBySlug({ db: t.db, challengeId: c.id, slug: 'acc' })).metric).toBe('macro_f1');
  });

  it('archives a task and a challenge out of the participant queries, and restores them', async () => {
    expect(await taskArchiveImpact({ db: t.db, taskId: task.id })).toEqual({ submissions: 3, teams: 1 });
    await setTaskArchived({ db: t.db, challengeId: c.id, taskId: task.id, archived: true, actorId: org.id });
    expect(await listTasks({ db: t.db, challengeId: c.id })).toEqual([]);
    await expect(getTaskBySlug({ db: t.db, challengeId: c.id, slug: 'acc' })).rejects.toMatchObject({ code: 'not_found:task' });
    expect(await listTasks({ db: t.db, challengeId: c.id, includeArchived: true })).toHaveLength(1);
    await expect(setTaskArchived({ db: t.db, challengeId: c.id, taskId: task.id, archived: true, actorId: org.id })).rejects.toMatchObject({ code: 'not_found:task' });
    await setTaskArchived({ db: t.db, challengeId: c.id, taskId: task.id, archived: false, actorId: org.id });
    expect(await listTasks({ db: t.db, challengeId: c.id })).toHaveLength(1);

    await setChallengeArchived({ db: t.db, challengeId: c.id, archived: true, actorId: org.id });
    expect((await listChallenges({ db: t.db })).map((x) => x.slug)).not.toContain('season');
    await expect(getChallengeBySlug({ db: t.db, slug: 'season' })).rejects.toMatchObject({ code: 'not_found:challenge' });
    expect((await getChallengeBySlug({ db: t.db, slug: 'season', includeArchived: true })).archivedAt).toBeInstanceOf(Date);
    await setChallengeArchived({ db: t.db, challengeId: c.id, archived: false, actorId: org.id });
    expect((await listChallenges({ db: t.db })).map((x) => x.slug)).toContain('season');
    const log = await t.db.select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.challengeId, c.id));
    expect(log.map((x) => x.a)).toEqual(expect.arrayContaining(['task.edit', 'task.archive', 'task.restore', 'challenge.archive', 'challenge.restore']));
    const season = (await listSeasonAudit({ db: t.db, challengeId: c.id })).map((x) => `${x.action} ${x.subject} by ${x.actor}`);
    expect(season.slice(0, 4)).toEqual(['challenge.restore season by org@x.org', 'challenge.archive season by org@x.org', 'task.restore acc by org@x.org', 'task.archive acc by org@x.org']);
  });

  it('lists announcements newest first', async () => {
    await postAnnouncement({ db: t.db, challengeId: c.id, body: 'first', actorId: org.id });
    await new Promise((r) => setTimeout(r, 5));
    await postAnnouncement({ db: t.db, challengeId: c.id, body: 'second', actorId: org.id });
    expect((await listAnnouncements({ db: t.db, challengeId: c.id })).map((a) => a.body)).toEqual(['second', 'first']);
    await expect(postAnnouncement({ db: t.db, challengeId: c.id, body: '  ', actorId: org.id })).rejects.toThrow();
  });
});
