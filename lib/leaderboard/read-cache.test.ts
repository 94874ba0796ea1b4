import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { challenges, submissions, teams } from '@/db/schema';
import { openDb } from '@/db/client';
import { createPostgresDatabase, testDatabases, type TestDb } from '@/db/testing';
import { config } from '@/lib/config';
import { getAnonymousBoardStamp, getBoardVersion } from './board-version';
import { readTaskBoard } from './task-board';
import { getTrackBoard } from './track-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedTrack, seedUser } from './seed-boards';

const NOW = new Date('2026-01-10T00:00:00Z');

describe.each(testDatabases())('boards keyed by the board version on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string; metric: string };
  let track: { id: string; slug: string };
  let team: { id: string };
  let other: { id: string };
  let user: { id: string };
  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db, { endAt: new Date('2026-02-01T00:00:00Z') });
    track = await seedTrack(t.db, c.id, 'main');
    task = await seedTask(t.db, { challengeId: c.id, trackId: track.id, slug: 'acc', metric: 'accuracy' });
    user = await seedUser(t.db, 'a@x.org');
    team = await seedTeam(t.db, { challengeId: c.id, name: 'a', members: [user.id] });
    other = await seedTeam(t.db, { challengeId: c.id, name: 'b', members: [(await seedUser(t.db, 'b@x.org')).id] });
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.5, privateScore: 0.6, createdAt: new Date('2026-01-02T00:00:00Z') });
    await seedSubmission(t.db, { taskId: task.id, teamId: other.id, userId: user.id, publicScore: 0.4, privateScore: 0.99, createdAt: new Date('2026-01-02T00:00:00Z') });
  });
  afterAll(async () => t?.close());

  const challenge = async () => (await t.db.select().from(challenges).where(eq(challenges.id, c.id)))[0];
  const read = async (board: 'public' | 'private' = 'public', organizer = false) =>
    readTaskBoard({ db: t.db, challenge: await challenge(), task, board, organizer, now: NOW });

  it('serves one board object while nothing changes, and a new score at the very next read', async () => {
    const a = await read();
    expect(await read()).toBe(a);
    const v = await getBoardVersion({ db: t.db, challengeId: c.id });
    // Queued, then scored, as the worker writes it: each write bumps the version, the read after it has it.
    const [s] = await t.db
      .insert(submissions)
      .values({ taskId: task.id, teamId: team.id, userId: user.id, fileName: 'p.csv', size: 1, sha256: 'x', storageKey: 'k', status: 'queued', createdAt: new Date('2026-01-03T00:00:00Z') })
      .returning({ id: submissions.id });
    expect(await getBoardVersion({ db: t.db, challengeId: c.id })).toBeGreaterThan(v);
    expect((await read()).rows.find((r) => r.teamId === team.id)!.submissions).toBe(2);
    await t.db
      .update(submissions)
      .set({ status: 'scored', publicScore: 0.9, privateScore: 0.1, publicMetrics: { accuracy: 0.9 }, privateMetrics: { accuracy: 0.1 }, scoredAt: NOW })
      .where(eq(submissions.id, s.id));
    expect((await read()).rows[0]).toMatchObject({ teamId: team.id, score: 0.9 });
  });

  it('does not bump the version for queue bookkeeping (lease, attempts, worker), which would re-render every board each heartbeat', async () => {
    const v = await getBoardVersion({ db: t.db, challengeId: c.id });
    const b = await read();
    await t.db.update(submissions).set({ leaseUntil: NOW, attempts: 2, workerId: 'w1' }).where(eq(submissions.teamId, team.id));
    expect(await getBoardVersion({ db: t.db, challengeId: c.id })).toBe(v);
    expect(await read()).toBe(b);
  });

  it('serves a new board after a team rename and after a disqualification, on the task and the track board', async () => {
    const trackBoard = async () => getTrackBoard({ db: t.db, challenge: await challenge(), track, board: 'public', organizer: false, now: NOW, cached: true });
    expect((await trackBoard()).rows.map((r) => r.team)).toEqual(['a', 'b']);
    await t.db.update(teams).set({ name: 'Ada & co' }).where(eq(teams.id, team.id));
    expect((await read()).rows[0].team).toBe('Ada & co');
    expect((await trackBoard()).rows[0].team).toBe('Ada & co');
    await t.db.update(teams).set({ disqualifiedAt: NOW, disqualifiedReason: 'x' }).where(eq(teams.id, team.id));
    expect((await read()).rows.map((r) => r.team)).toEqual(['b']);
    expect((await trackBoard()).rows.map((r) => r.team)).toEqual(['b']);
    await t.db.update(teams).set({ disqualifiedAt: null, disqualifiedReason: null }).where(eq(teams.id, team.id));
    expect((await read()).rows.map((r) => r.team)).toEqual(['Ada & co', 'b']);
  });

  it('never hands a participant the private board before the reveal, even once an organizer has it cached; serves it at the reveal', async () => {
    const organizers = await read('private', true);
    expect(organizers.rows.map((r) => r.score)).toContain(0.99);
    await expect(read('private', false)).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
    // The public board a participant gets carries no private value anywhere.
    expect(JSON.stringify(await read('public', false))).not.toContain('0.99');
    const before = await getAnonymousBoardStamp({ db: t.db, slug: c.slug, now: NOW });
    await t.db.update(challenges).set({ privateRevealedAt: NOW }).where(eq(challenges.id, c.id));
    const after = await getAnonymousBoardStamp({ db: t.db, slug: c.slug, now: NOW });
    expect(after).not.toBe(before);
    expect(after).toContain(':revealed:');
    expect((await read('private', false)).rows.map((r) => r.score)).toContain(0.99);
    await t.db.update(challenges).set({ privateRevealedAt: null }).where(eq(challenges.id, c.id));
    await expect(read('private', false)).rejects.toMatchObject({ code: 'forbidden:private_leaderboard' });
  });

  it('changes the anonymous stamp when the end passes (automatic reveal) or a freeze starts, without any write', async () => {
    const at = (iso: string) => getAnonymousBoardStamp({ db: t.db, slug: c.slug, now: new Date(iso) });
    expect(await at('2026-01-20T00:00:00Z')).toContain(':hidden:live:');
    expect(await at('2026-02-02T00:00:00Z')).toContain(':revealed:live:');
    await t.db.update(challenges).set({ publicFrozenAt: new Date('2026-01-25T00:00:00Z') }).where(eq(challenges.id, c.id));
    expect(await at('2026-01-20T00:00:00Z')).toContain(':hidden:live:');
    expect(await at('2026-01-26T00:00:00Z')).toContain(`:hidden:${Date.parse('2026-01-25T00:00:00Z')}:`);
    await t.db.update(challenges).set({ publicFrozenAt: null }).where(eq(challenges.id, c.id));
    expect(await getAnonymousBoardStamp({ db: t.db, slug: 'no-such-challenge' })).toBeNull();
  });
});

// A score written by another process (a separate `npm run worker`, or another web process) on the shared PostgreSQL.
describe.runIf(Boolean(config().TEST_DATABASE_URL))('a change made by another process on PostgreSQL', () => {
  it('is seen at the next read, with no signal to this process', async () => {
    const pg = await createPostgresDatabase(config().TEST_DATABASE_URL!);
    const { db, close } = await openDb({ url: pg.url });
    try {
      const c = await seedChallenge(db, { endAt: new Date('2026-02-01T00:00:00Z') });
      const task = await seedTask(db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
      const user = await seedUser(db, 'p@x.org');
      const team = await seedTeam(db, { challengeId: c.id, name: 'p', members: [user.id] });
      const id = await seedSubmission(db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.5, privateScore: 0.5, createdAt: new Date('2026-01-02T00:00:00Z') });
      const read = () => readTaskBoard({ db, challenge: c, task, board: 'public', organizer: false, now: NOW });
      const a = await read();
      expect(await read()).toBe(a);
      // The worker's write, from a separate node process with its own connection.
      const script = `const postgres = require('postgres'); const sql = postgres(process.argv[1], { max: 1 });
        sql\`update submissions set public_score = 0.77, public_metrics = '{"accuracy":0.77}' where id = \${process.argv[2]}\`.then(() => sql.end());`;
      const r = spawnSync(process.execPath, ['-e', script, pg.url, id], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect((await read()).rows[0].score).toBe(0.77);
    } finally {
      await close();
      await pg.drop();
    }
  });
});
