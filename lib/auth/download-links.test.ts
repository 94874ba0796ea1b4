import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { callerFromDownloadLink, DOWNLOAD_LINK_TTL_SECONDS, signDownloadLink } from './download-links';
import { createUser } from './users';

const SECRET = 'a-test-secret-of-enough-length';
const file = { challenge: 'c', task: 't', name: 'train.csv' };

describe.each(testDatabases())('signed download links on $name', (factory) => {
  let t: TestDb;
  let userId: string;
  beforeAll(async () => {
    t = await factory.open();
    userId = (await createUser({ db: t.db, email: 'links@example.com', password: 'link pass 1' })).id;
  });
  afterAll(async () => t?.close());

  const urlWith = (q: URLSearchParams) => new URL(`https://site/api/v1/challenges/c/tasks/t/files/train.csv?${q}`);
  const check = (url: URL, over: Partial<{ file: typeof file; secret: string; now: Date }> = {}) =>
    callerFromDownloadLink({ db: t.db, url, file: over.file ?? file, secret: over.secret ?? SECRET, organizerEmails: ['links@example.com'], now: over.now });

  it('stands in for the user it was issued to, with the role read fresh, until it expires', async () => {
    const now = new Date('2026-06-01T12:00:00Z');
    const q = signDownloadLink({ secret: SECRET, file, userId, now });
    expect(Number(q.get('expires'))).toBe(now.getTime() / 1000 + DOWNLOAD_LINK_TTL_SECONDS);
    await expect(check(urlWith(q), { now })).resolves.toMatchObject({ userId, role: 'organizer', via: 'link' });
    await expect(check(urlWith(q), { now: new Date(now.getTime() + DOWNLOAD_LINK_TTL_SECONDS * 1000) })).rejects.toMatchObject({
      code: 'forbidden:link_expired',
      status: 403,
    });
  });

  it('is no link at all without a signature, and refused when any part changes', async () => {
    expect(await check(new URL('https://site/x'))).toBeNull();
    const q = signDownloadLink({ secret: SECRET, file, userId });
    await expect(check(urlWith(q), { file: { ...file, name: 'test.csv' } })).rejects.toMatchObject({ code: 'forbidden:bad_link' });
    await expect(check(urlWith(q), { file: { ...file, task: 'other' } })).rejects.toMatchObject({ code: 'forbidden:bad_link' });
    await expect(check(urlWith(q), { secret: 'another-secret-entirely' })).rejects.toMatchObject({ code: 'forbidden:bad_link' });
    for (const [k, v] of [['expires', String(Number(q.get('expires')) + 1)], ['user', crypto.randomUUID()], ['signature', 'x'], ['expires', 'soon']]) {
      const bad = new URLSearchParams(q);
      bad.set(k, v);
      await expect(check(urlWith(bad)), `${k}=${v}`).rejects.toMatchObject({ code: 'forbidden:bad_link' });
    }
  });
});
