import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { PodiumError } from '@/lib/errors';
import { resolveCaller, requireOrganizer } from './caller';
import { recordSignInFailure, signInKeys, signInRetryAfter } from './rate-limit';
import { createApiToken, listApiTokens, revokeApiToken, userForApiToken } from './tokens';
import { checkPassword, createUser, effectiveRole } from './users';

describe.each(testDatabases())('accounts and tokens on $name', (factory) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await factory.open();
  });
  afterAll(async () => t?.close());

  it('stores a bcrypt hash, normalizes the email and checks passwords', async () => {
    const u = await createUser({ db: t.db, email: '  Ada@Example.COM ', password: 'correct horse' });
    expect(u.email).toBe('ada@example.com');
    expect(u.passwordHash).toMatch(/^\$2[aby]\$11\$/);
    expect(await checkPassword({ db: t.db, email: 'ada@example.com', password: 'correct horse' })).toMatchObject({ id: u.id });
    expect(await checkPassword({ db: t.db, email: 'ada@example.com', password: 'wrong horse' })).toBeUndefined();
    expect(await checkPassword({ db: t.db, email: 'nobody@example.com', password: 'x' })).toBeUndefined();
  });

  it('refuses a second account with the same email, saying so', async () => {
    await expect(createUser({ db: t.db, email: 'ADA@example.com', password: 'another pass' })).rejects.toThrow(
      /already exists\. Sign in instead/,
    );
  });

  it('refuses short passwords and bad emails', async () => {
    await expect(createUser({ db: t.db, email: 'x@example.com', password: 'short' })).rejects.toThrow(/at least 8/);
    await expect(createUser({ db: t.db, email: 'not-an-email', password: 'long enough' })).rejects.toThrow(/valid email/);
  });

  it('makes organizers from ORGANIZER_EMAILS or the stored role', () => {
    expect(effectiveRole({ email: 'a@x.io', role: 'participant' }, ['a@x.io'])).toBe('organizer');
    expect(effectiveRole({ email: 'b@x.io', role: 'organizer' }, [])).toBe('organizer');
    expect(effectiveRole({ email: 'c@x.io', role: 'participant' }, ['a@x.io'])).toBe('participant');
  });

  it('creates a token shown once, stores only its hash, resolves it to the caller and revokes it', async () => {
    const u = await createUser({ db: t.db, email: 'tok@example.com', password: 'password1' });
    const created = await createApiToken({ db: t.db, userId: u.id, name: 'laptop' });
    expect(created.token).toMatch(/^pod_[A-Za-z0-9_-]{40,}$/);
    const listed = await listApiTokens({ db: t.db, userId: u.id });
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(created.token);
    expect(listed[0].lastUsedAt).toBeNull();

    const headers = new Headers({ authorization: `Bearer ${created.token}` });
    const caller = await resolveCaller({ db: t.db, headers, secret: 's'.repeat(32), organizerEmails: [] });
    expect(caller).toMatchObject({ userId: u.id, email: 'tok@example.com', role: 'participant', via: 'token' });
    expect((await listApiTokens({ db: t.db, userId: u.id }))[0].lastUsedAt).toBeInstanceOf(Date);
    expect(() => requireOrganizer(caller)).toThrow(PodiumError);

    // Someone else cannot revoke it: not found, so its existence is not confirmed.
    const other = await createUser({ db: t.db, email: 'other@example.com', password: 'password1' });
    await expect(revokeApiToken({ db: t.db, userId: other.id, tokenId: created.id })).rejects.toMatchObject({ code: 'not_found:token' });

    await revokeApiToken({ db: t.db, userId: u.id, tokenId: created.id });
    expect(await userForApiToken({ db: t.db, token: created.token })).toBeUndefined();
    await expect(resolveCaller({ db: t.db, headers, secret: 's'.repeat(32), organizerEmails: [] })).rejects.toMatchObject({
      code: 'unauthorized:bad_token',
      status: 401,
    });
  });

  it('rejects a malformed Authorization header and treats a foreign cookie as signed out', async () => {
    await expect(
      resolveCaller({ db: t.db, headers: new Headers({ authorization: 'Token abc' }), secret: 's'.repeat(32), organizerEmails: [] }),
    ).rejects.toMatchObject({ status: 401 });
    const caller = await resolveCaller({
      db: t.db,
      headers: new Headers({ cookie: 'next-auth.session-token=garbage' }),
      secret: 's'.repeat(32),
      organizerEmails: [],
    });
    expect(caller).toBeNull();
  });

  it('rate-limits failed sign-ins per email and per address, with the wait', async () => {
    const limit = { maxFailures: 3, windowSeconds: 600 };
    const keys = signInKeys({ email: 'Victim@example.com', address: '203.0.113.9' });
    expect(keys).toEqual(['email:victim@example.com', 'ip:203.0.113.9']);
    for (let i = 0; i < 2; i++) await recordSignInFailure({ db: t.db, keys, limit });
    expect(await signInRetryAfter({ db: t.db, keys, limit })).toBe(0);
    await recordSignInFailure({ db: t.db, keys, limit });
    const wait = await signInRetryAfter({ db: t.db, keys, limit });
    expect(wait).toBeGreaterThan(590);
    expect(wait).toBeLessThanOrEqual(600);
    // Another email from the same address is limited too; the same email from elsewhere as well.
    expect(await signInRetryAfter({ db: t.db, keys: signInKeys({ email: 'x@example.com', address: '203.0.113.9' }), limit })).toBeGreaterThan(0);
    expect(await signInRetryAfter({ db: t.db, keys: signInKeys({ email: 'victim@example.com', address: '198.51.100.1' }), limit })).toBeGreaterThan(0);
    // After the window, the limit lifts.
    const later = new Date(Date.now() + 601_000);
    expect(await signInRetryAfter({ db: t.db, keys, limit, now: later })).toBe(0);
  });
});
