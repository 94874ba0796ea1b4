import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { challenges, submissions, teams } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { isPodiumError } from '@/lib/errors';
import { getAnonymousBoardStamp } from './board-version';
import { BoardPageCache, cacheableRequest } from './page-cache';
import { readTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

describe('which requests the board page cache may answer', () => {
  const req = (url: string, headers: http.IncomingHttpHeaders = {}, method = 'GET') => cacheableRequest({ method, url, headers });
  it('takes anonymous GETs of task and track boards, with board= and _rsc only', () => {
    expect(req('/challenges/c1/tasks/t1/leaderboard')).toMatchObject({ slug: 'c1' });
    expect(req('/challenges/c1/tasks/t1/leaderboard?board=private')).toMatchObject({ slug: 'c1' });
    expect(req('/challenges/c1/tracks/main?board=public&_rsc=1x2')).toMatchObject({ slug: 'c1' });
  });
  it('leaves signed-in viewers, tokens, other methods, other pages and other queries to Next.js', () => {
    expect(req('/challenges/c1/tasks/t1/leaderboard', { cookie: 'a=1; next-auth.session-token=abc' })).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard', { cookie: '__Secure-next-auth.session-token=abc' })).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard', { authorization: 'Bearer x' })).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard', {}, 'POST')).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard?team=abc')).toBeNull();
    expect(req('/challenges/c1/tasks/t1')).toBeNull();
    expect(req('/challenges/c1/leaderboard')).toBeNull();
    expect(req('/challenges/%E0%A4%A/tasks/t1/leaderboard')).toBeNull();
  });
  it('keys on the headers a page answer varies on', () => {
    expect(req('/challenges/c1/tracks/main', { rsc: '1' })!.vary).not.toBe(req('/challenges/c1/tracks/main')!.vary);
    expect(req('/challenges/c1/tracks/main', { 'accept-encoding': 'gzip' })!.vary).not.toBe(req('/challenges/c1/tracks/main')!.vary);
  });
});

// The cache in front of a renderer that draws the board as an anonymous visitor may see it (Next.js's part is
// covered in the browser: e2e/board-cache.e2e.ts); the stamp is the real one, from the real database.
describe.each(testDatabases())('the board page cache on $name', ({ open }) => {
  let t: TestDb;
  let c: Awaited<ReturnType<typeof seedChallenge>>;
  let task: { id: string; slug: string; metric: string };
  let team: { id: string };
  let user: { id: string };
  let server: http.Server;
  let base: string;
  let renders = 0;
  let cookieOnNextRender = false;
  let renderMs = 20;
  const cache = new BoardPageCache(() => ({ stamp: (slug) => getAnonymousBoardStamp({ db: t.db, slug }) }));

  beforeAll(async () => {
    t = await open();
    c = await seedChallenge(t.db, { slug: 'pc', startAt: new Date('2026-01-01T00:00:00Z'), endAt: new Date('2099-01-01T00:00:00Z') });
    task = await seedTask(t.db, { challengeId: c.id, slug: 'acc', metric: 'accuracy' });
    user = await seedUser(t.db, 'pc@x.org');
    team = await seedTeam(t.db, { challengeId: c.id, name: 'first', members: [user.id] });
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.5, privateScore: 0.123456, createdAt: new Date('2026-01-02T00:00:00Z') });
    const render = async (req: http.IncomingMessage, res: http.ServerResponse) => {
      renders++;
      const [row] = await t.db.select().from(challenges).where(eq(challenges.id, c.id));
      const board = new URL(req.url!, 'http://x').searchParams.get('board') === 'private' ? 'private' : 'public';
      await new Promise((r) => setTimeout(r, renderMs)); // a render takes a while: concurrent requests arrive meanwhile
      try {
        const b = await readTaskBoard({ db: t.db, challenge: row, task, board, organizer: false });
        if (cookieOnNextRender) res.setHeader('Set-Cookie', 'x=1');
        res.setHeader('Content-Type', 'application/json');
        res.write(JSON.stringify(b.rows.slice(0, 1)));
        res.end(JSON.stringify(b.rows.slice(1)));
      } catch (e) {
        if (!isPodiumError(e)) throw e;
        res.end(e.code);
      }
    };
    server = http.createServer((req, res) => {
      void cache.handle(req, res, render).then((handled) => (handled ? undefined : render(req, res)));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/challenges/pc/tasks/acc/leaderboard`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await t?.close();
  });

  const get = async (query = '', headers: Record<string, string> = {}) => {
    const res = await fetch(base + query, { headers });
    return { status: res.status, body: await res.text(), requestId: res.headers.get('x-request-id') };
  };

  it('renders once per board version, and again after a score, a disqualification, a rename, a reveal', async () => {
    renders = 0;
    const first = await get();
    expect(first.body).toContain('"team":"first","baseline":false,"score":0.5');
    await Promise.all(Array.from({ length: 10 }, () => get()));
    expect(renders).toBe(1);

    // A score (written as the worker writes it).
    await seedSubmission(t.db, { taskId: task.id, teamId: team.id, userId: user.id, publicScore: 0.8, privateScore: 0.654321, createdAt: new Date('2026-01-03T00:00:00Z') });
    // Five visitors at once after the change: one render, shared.
    for (const r of await Promise.all(Array.from({ length: 5 }, () => get()))) expect(r.body).toContain('"score":0.8');
    expect(renders).toBe(2);
    // A rename.
    await t.db.update(teams).set({ name: 'renamed' }).where(eq(teams.id, team.id));
    expect((await get()).body).toContain('"team":"renamed"');
    // A disqualification.
    await t.db.update(teams).set({ disqualifiedAt: new Date() }).where(eq(teams.id, team.id));
    expect((await get()).body).toBe('[][]'); // no row left
    await t.db.update(teams).set({ disqualifiedAt: null }).where(eq(teams.id, team.id));
    expect((await get()).body).toContain('"team":"renamed"');
    expect(renders).toBe(5);

    // The private board: refused, however often and whatever was kept, until the reveal; then the private scores.
    for (let i = 0; i < 3; i++) {
      const p = await get('?board=private');
      expect(p.body).toBe('forbidden:private_leaderboard');
      expect(p.body).not.toContain('0.654321');
    }
    await t.db.update(challenges).set({ privateRevealedAt: new Date() }).where(eq(challenges.id, c.id));
    expect((await get('?board=private')).body).toContain('0.654321');
    await t.db.update(challenges).set({ privateRevealedAt: null }).where(eq(challenges.id, c.id));
    expect((await get('?board=private')).body).toBe('forbidden:private_leaderboard');
  });

  it('never answers a signed-in viewer from the cache, and keeps no answer that sets a cookie', async () => {
    await get();
    renders = 0;
    await get('', { cookie: 'next-auth.session-token=whatever' });
    await get('', { cookie: 'next-auth.session-token=whatever' });
    expect(renders).toBe(2);
    await t.db.update(submissions).set({ selected: true }).where(eq(submissions.teamId, team.id)); // a new version
    cookieOnNextRender = true;
    await get();
    cookieOnNextRender = false;
    await get();
    expect(renders).toBe(4);
    await get();
    expect(renders).toBe(4);
  });

  it('lets the visitors who waited for a render whose own client left share one new render, not one each', async () => {
    await t.db.update(submissions).set({ selected: false }).where(eq(submissions.teamId, team.id)); // a new version
    renders = 0;
    renderMs = 300;
    const leaving = fetch(base, { signal: AbortSignal.timeout(100) }).catch((e: Error) => e.name);
    await new Promise((r) => setTimeout(r, 30));
    const waiting = await Promise.all(Array.from({ length: 5 }, () => get()));
    renderMs = 20;
    expect(await leaving).toBe('TimeoutError');
    for (const w of waiting) expect(w.body).toContain('"team":"renamed"');
    expect(renders).toBe(2);
  });
});
