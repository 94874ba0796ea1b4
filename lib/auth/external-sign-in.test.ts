import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, type TestDb } from '@/db/testing';
import { createUser, getUserByEmail, signInExternalUser } from './users';

describe.each(testDatabases())('single sign-on meets existing accounts on $name', (factory) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await factory.open();
  });
  afterAll(() => t.close());

  it('creates a participant account for a new email, verified or not', async () => {
    const u = await signInExternalUser({ db: t.db, email: 'New@Corp.example', name: 'New', emailVerified: false });
    expect(u).toMatchObject({ email: 'new@corp.example', role: 'participant', passwordHash: null });
    // The same person again: the account has no password, so it is theirs.
    const again = await signInExternalUser({ db: t.db, email: 'new@corp.example', emailVerified: false });
    expect(again).not.toBe('not_linked');
    expect((again as { id: string }).id).toBe((u as { id: string }).id);
  });

  it('links to a password account only when the provider verified the email', async () => {
    const owner = await createUser({ db: t.db, email: 'owner@corp.example', password: 'correct horse battery' });
    expect(await signInExternalUser({ db: t.db, email: 'owner@corp.example', emailVerified: false })).toBe('not_linked');
    const linked = await signInExternalUser({ db: t.db, email: 'OWNER@corp.example', emailVerified: true });
    expect((linked as { id: string }).id).toBe(owner.id);
    // Linking never removes the password.
    expect((await getUserByEmail({ db: t.db, email: 'owner@corp.example' }))?.passwordHash).toBe(owner.passwordHash);
  });
});
