/**
 * Hostile input against accounts and sessions (issue 10): open redirects, malformed
 * cookies, forwarded-header spraying, parallel sign-in attempts, revoked sessions,
 * weak passwords and unprintable names.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode } from 'next-auth/jwt';
import { testDatabases, type TestDb } from '@/db/testing';
import { resolveCaller, sessionTokenFromCookies } from './caller';
import { clientAddressFrom, PEER_HEADER } from './client-address';
import { crossOriginProblem } from './same-origin';
import { passwordProblem } from './password';
import { reserveSignInAttempt, reserveSignUp, signInKeys } from './rate-limit';
import { safeCallbackPath } from './redirect';
import { revokeSessions } from './sessions';
import { createUser, passwordSchema, setPassword } from './users';

const SECRET = 'a-test-secret-that-is-long-enough';

describe('sign-in redirects', () => {
  it('refuses every callbackUrl that a browser reads as another host', () => {
    for (const bad of ['//other.host/x', '/\\other.host/x', '/\\/other.host', 'https://other.host/x', 'javascript:alert(1)', '/\t/other.host', '\\\\other.host', 'other.host']) {
      expect(safeCallbackPath(bad, 'http://localhost:3000')).toBe('/');
    }
    expect(safeCallbackPath('/challenges/demo?x=1#top')).toBe('/challenges/demo?x=1#top');
    expect(safeCallbackPath('http://localhost:3000/account', 'http://localhost:3000')).toBe('/account');
    expect(safeCallbackPath(undefined)).toBe('/');
  });
});

describe('client address for the sign-in limits', () => {
  const spoofed = (xff: string, peer = '203.0.113.7') => new Headers({ 'x-forwarded-for': xff, [PEER_HEADER]: peer });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy, so rotating it changes nothing', () => {
    const keys = new Set(Array.from({ length: 20 }, (_, i) => clientAddressFrom(spoofed(`10.0.0.${i}`), [])));
    expect([...keys]).toEqual(['203.0.113.7']);
  });

  it('reads the nearest untrusted hop when the request comes through a configured proxy', () => {
    expect(clientAddressFrom(spoofed('1.2.3.4, 198.51.100.9', '127.0.0.1'), ['127.0.0.1'])).toBe('198.51.100.9');
    expect(clientAddressFrom(spoofed('198.51.100.9, 10.1.2.3', '::ffff:10.0.0.1'), ['10.0.0.0/8'])).toBe('198.51.100.9');
    expect(clientAddressFrom(new Headers({ [PEER_HEADER]: '::ffff:192.0.2.1' }), [])).toBe('192.0.2.1');
  });
});

describe('cookies', () => {
  it('a malformed cookie next to the session cookie is harmless', () => {
    expect(sessionTokenFromCookies('foo=%; next-auth.session-token=abc; bar=%E0%A4%A')).toBe('abc');
    expect(sessionTokenFromCookies('foo=%')).toBeUndefined();
  });
});

describe('passwords and names', () => {
  it('refuses common, blank, repeated and over-72-byte passwords, naming the rule', () => {
    expect(passwordProblem('12345678')).toMatch(/most common/);
    expect(passwordProblem('        ')).toMatch(/only spaces/);
    expect(passwordProblem('aaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordProblem('é'.repeat(37))).toMatch(/72 bytes/); // 74 bytes, 37 characters
    expect(passwordProblem('correct horse battery')).toBeUndefined();
    expect(passwordSchema.safeParse('Password1').success).toBe(false);
  });
});

describe.each(testDatabases())('accounts under attack on $name', (factory) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await factory.open();
  });
  afterAll(async () => t?.close());

  it('lets exactly 5 of 100 parallel sign-in attempts through', async () => {
    const limit = { maxFailures: 5, windowSeconds: 600 };
    const keys = signInKeys({ email: 'race@example.com', address: '192.0.2.50' });
    const results = await Promise.all(Array.from({ length: 100 }, () => reserveSignInAttempt({ db: t.db, keys, limit })));
    expect(results.filter((r) => r.retryAfter === 0)).toHaveLength(5);
    expect(results.filter((r) => r.retryAfter > 0)).toHaveLength(95);
  });

  it('limits sign-ups per address (SIGNUP_MAX_PER_WINDOW): the next one gets 429 naming the wait, other addresses and the next window pass', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const opts = { db: t.db, max: 3, windowSeconds: 600, now };
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => reserveSignUp({ ...opts, address: '198.51.100.20' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'rate_limited:sign_up', details: { retryAfter: 600 } });
    expect(refused.reason.message).toBe('Too many sign-ups from your address. Try again in 600 s.');
    await expect(reserveSignUp({ ...opts, address: '198.51.100.21' })).resolves.toBeUndefined();
    const later = new Date(now.getTime() + 601_000);
    await expect(reserveSignUp({ ...opts, now: later, address: '198.51.100.20' })).resolves.toBeUndefined();
    // Sign-ups do not count against sign-ins from the same address.
    const signIn = await reserveSignInAttempt({ db: t.db, keys: signInKeys({ address: '198.51.100.20' }), limit: { maxFailures: 1, windowSeconds: 600 }, now });
    expect(signIn.retryAfter).toBe(0);
  });

  it('a cookie stops working after sign-out and after a password change; a malformed cookie gives no error', async () => {
    const u = await createUser({ db: t.db, email: 'session@example.com', password: 'long enough pass' });
    const cookieFor = async (sv: number) => `foo=%; next-auth.session-token=${await encode({ token: { uid: u.id, sv }, secret: SECRET })}`;
    const resolve = async (cookie: string) => resolveCaller({ db: t.db, headers: new Headers({ cookie }), secret: SECRET, organizerEmails: [] });
    expect(await resolve(await cookieFor(0))).toMatchObject({ userId: u.id });
    await revokeSessions({ db: t.db, userId: u.id });
    expect(await resolve(await cookieFor(0))).toBeNull();
    expect(await resolve(await cookieFor(1))).toMatchObject({ userId: u.id });
    await setPassword({ db: t.db, userId: u.id, password: 'another long pass' });
    expect(await resolve(await cookieFor(1))).toBeNull();
    expect(await resolve('foo=%')).toBeNull();
  });

  it('refuses names with control characters or direction overrides', async () => {
    for (const name of ['Team\u0000A', 'Evil\nLine', 'abc\u202Edcba', '\u001b[31mred']) {
      await expect(createUser({ db: t.db, email: `n${name.length}${name.charCodeAt(4)}@example.com`, password: 'long enough pass', name })).rejects.toMatchObject({ code: 'bad_request:name' });
    }
  });
});

describe('same-origin rule for requests that change something (CSRF)', () => {
  const h = (o: Record<string, string>) => new Headers({ host: 'localhost:3000', ...o });
  it('refuses another origin (another port of localhost included) and passes this one, bearer tokens and non-browser clients', () => {
    expect(crossOriginProblem({ method: 'POST', headers: h({ origin: 'http://localhost:4000' }) })).toMatch(/localhost:4000/);
    expect(crossOriginProblem({ method: 'POST', headers: h({ 'sec-fetch-site': 'same-site' }) })).toMatch(/same-site/);
    expect(crossOriginProblem({ method: 'POST', headers: h({ origin: 'https://podium.example.org' }), siteUrl: 'https://podium.example.org' })).toBeUndefined();
    expect(crossOriginProblem({ method: 'POST', headers: h({ origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin' }) })).toBeUndefined();
    expect(crossOriginProblem({ method: 'POST', headers: h({ origin: 'http://evil.test', authorization: 'Bearer t' }) })).toBeUndefined();
    expect(crossOriginProblem({ method: 'POST', headers: h({}) })).toBeUndefined();
    expect(crossOriginProblem({ method: 'GET', headers: h({ origin: 'http://evil.test' }) })).toBeUndefined();
  });
});
