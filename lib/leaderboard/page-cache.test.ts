import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { challenges, submissions, teams } from '@/db/schema';
import { testDatabases, type TestDb } from '@/db/testing';
import { encode } from 'next-auth/jwt';
import { resolveCaller } from '@/lib/auth/caller';
import { isPodiumError } from '@/lib/errors';
import { getAnonymousBoardStamp } from './board-version';
import { BoardPageCache, cacheableRequest } from './page-cache';
import { readTaskBoard } from './task-board';
import { seedChallenge, seedSubmission, seedTask, seedTeam, seedUser } from './seed-boards';

describe('which requests the board page cache may answer', () => {
  const req = (url: string, headers: http.IncomingHttpHeaders = {}, method = 'GET') => cacheableRequest({ method, url, headers });
  it('takes GETs of task and track boards and the list of boards, with board= and _rsc only, noting the session', () => {
    expect(req('/challenges/c1/tasks/t1/leaderboard')).toMatchObject({ slug: 'c1', session: null });
    expect(req('/challenges/c1/leaderboard')).toMatchObject({ slug: 'c1' });
    expect(req('/challenges/c1/tasks/t1/leaderboard', { cookie: 'a=1; next-auth.session-token=abc' })).toMatchObject({ session: 'next-auth.session-token=abc' });
    expect(req('/challenges/c1/tasks/t1/leaderboard', { cookie: '__Secure-next-auth.session-token.0=ab; __Secure-next-auth.session-token.1=c' })).toMatchObject({
      session: '__Secure-next-auth.session-token.0=ab; __Secure-next-auth.session-token.1=c',
    });
    expect(req('/challenges/c1/tasks/t1/leaderboard?board=private')).toMatchObject({ slug: 'c1' });
    expect(req('/challenges/c1/tracks/main?board=public&_rsc=1x2')).toMatchObject({ slug: 'c1' });
  });
  it('leaves tokens, other methods, other pages and other queries to Next.js', () => {
    expect(req('/challenges/c1/tasks/t1/leaderboard', { authorization: 'Bearer x' })).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard', {}, 'POST')).toBeNull();
    expect(req('/challenges/c1/tasks/t1/leaderboard?team=abc')).toBeNull();
    expect(req('/challenges/c1/tasks/t1')).toBeNull();
    expect(req('/challenges/c1/matrix')).toBeNull();
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
  const SECRET = 'page-cache-test-secret';
  const callerOf = (cookie: string | undefined) => resolveCaller({ db: t.db, headers: new Headers(cookie ? { cookie } : {}), secret: SECRET, organizerEmails: [] });
  const cache = new BoardPageCache(() => ({
    stamp: (slug) => getAnonymousBoardStamp({ db: t.db, slug }),
    organizer: async (cookie) => (await callerOf(cookie))?.role === 'organizer',
    me: async (cookie, slug, query) => {
      if (query.task === 'bad') throw new Error('what the route answers as 400');
      return JSON.stringify({ email: (await callerOf(cookie ?? undefined))?.email ?? null, slug, query });
    },
  }));
  const sessionOf = async (u: { id: string }) => `next-auth.session-token=${await encode({ token: { uid: u.id, sv: 0 }, secret: SECRET })}`;
  const cookiesSeen: (string | undefined)[] = [];

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
      // Like a Next.js page: the viewer from the cookie, an organizer's live and private boards, the viewer's own name.
      cookiesSeen.push(req.headers.cookie);
      const caller = await callerOf(req.headers.cookie);
      try {
        const b = await readTaskBoard({ db: t.db, challenge: row, task, board, organizer: caller?.role === 'organizer' });
        if (cookieOnNextRender) res.setHeader('Set-Cookie', 'x=1');
        res.setHeader('Content-Type', 'application/json');
        res.write((caller ? `signed in as ${caller.email}|` : '') + JSON.stringify(b.rows.slice(0, 1)));
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

  it('keeps no answer that sets a cookie', async () => {
    await t.db.update(submissions).set({ selected: true }).where(eq(submissions.teamId, team.id)); // a new version
    renders = 0;
    cookieOnNextRender = true;
    await get();
    cookieOnNextRender = false;
    await get();
    expect(renders).toBe(2);
    await get();
    expect(renders).toBe(2);
  });

  it("never serves an organizer's page to anyone, nor one participant's personal parts to another: participants share the page rendered for nobody", async () => {
    const organizer = await sessionOf(await seedUser(t.db, 'boss@x.org', 'organizer'));
    const alice = await sessionOf(user);
    const bob = await sessionOf(await seedUser(t.db, 'bob@x.org'));
    await t.db.update(submissions).set({ selected: false }).where(eq(submissions.teamId, team.id)); // a new version
    renders = 0;
    cookiesSeen.length = 0;
    // The organizer first: rendered with their cookie (their name, the private board), and kept for nobody.
    const org = await get('?board=private', { cookie: organizer });
    expect(org.body).toContain('signed in as boss@x.org');
    expect(org.body).toContain('0.654321');
    expect(cookiesSeen).toEqual([organizer]);
    // Alice, a participant, on the same URL: the private board is refused to her, rendered for nobody.
    const a = await get('?board=private', { cookie: `theme=dark; ${alice}` });
    expect(a.body).toBe('forbidden:private_leaderboard');
    expect(cookiesSeen[1]).toBeUndefined();
    // The public board: Alice's first visit renders it for nobody; Bob and an anonymous visitor get that very page.
    const pa = await get('', { cookie: alice });
    expect(cookiesSeen[2]).toBeUndefined();
    expect(pa.body).not.toContain('pc@x.org');
    expect(pa.body).not.toContain('signed in as');
    const before = renders;
    const pb = await get('', { cookie: bob });
    const anon = await get();
    expect(renders).toBe(before);
    expect(pb.body).toBe(pa.body);
    expect(anon.body).toBe(pa.body);
    // The organizer is rendered afresh every time, never from what participants were served, and never the other way.
    const org2 = await get('', { cookie: organizer });
    expect(renders).toBe(before + 1);
    expect(org2.body).toContain('signed in as boss@x.org');
    const org3 = await get('?board=private', { cookie: organizer });
    expect(org3.body).toContain('0.654321');
    for (const cookie of [alice, bob, undefined]) {
      const r = await get('?board=private', cookie ? { cookie } : {});
      expect(r.body).toBe('forbidden:private_leaderboard');
      expect(r.body).not.toContain('boss@x.org');
    }
    expect(cookiesSeen.filter((c) => c !== undefined)).toEqual([organizer, organizer, organizer]);
    // A forged or signed-out session is nobody: the shared page.
    expect((await get('', { cookie: 'next-auth.session-token=forged' })).body).toBe(pa.body);
  });

  it("answers the board stamp and the viewer's own parts itself, for the session's own viewer, and leaves tokens and errors to the route", async () => {
    const api = base.replace('/challenges/pc/tasks/acc/leaderboard', '/api/v1/challenges');
    renders = 0;
    const stamp = await fetch(`${api}/pc/board-version`);
    expect(stamp.headers.get('cache-control')).toBe('no-store');
    expect(await stamp.json()).toEqual({ stamp: await getAnonymousBoardStamp({ db: t.db, slug: 'pc' }) });
    const alice = await sessionOf(user);
    const me = await fetch(`${api}/pc/me?task=acc`, { headers: { cookie: `x=1; ${alice}` } });
    expect(me.headers.get('cache-control')).toBe('private, no-store');
    expect(await me.json()).toEqual({ email: 'pc@x.org', slug: 'pc', query: { task: 'acc' } });
    expect(await (await fetch(`${api}/pc/me`)).json()).toEqual({ email: null, slug: 'pc', query: {} });
    expect(renders).toBe(0);
    // An unknown challenge, a bad query, an API token: the route handler (here the renderer) answers.
    for (const [url, headers] of [[`${api}/nope/board-version`, {}], [`${api}/pc/me?task=bad`, {}], [`${api}/pc/me`, { authorization: 'Bearer t' }]] as const) {
      await fetch(url, { headers });
    }
    expect(renders).toBe(3);
  });

  it('lets the visitors who waited for a render whose own client left share one new render, not one each', async () => {
    await t.db.update(submissions).set({ selected: true }).where(eq(submissions.teamId, team.id)); // a new version
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
