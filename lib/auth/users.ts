import crypto from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users, type User } from '@/db/schema';
import { PodiumError } from '@/lib/errors';
import { nameProblem } from './names';
import { hashPassword, passwordProblem, verifyPassword } from './password';

export type Role = 'organizer' | 'participant';

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter a valid email address.' }));

/** A password a person chooses in a form (sign-up, change): every rule of lib/auth/password.ts. */
export const passwordSchema = z.string().superRefine((v, ctx) => {
  const problem = passwordProblem(v);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const storedPasswordSchema = z.string().superRefine((v, ctx) => {
  const problem = passwordProblem(v, { chosen: false });
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The role a user acts with: ORGANIZER_EMAILS promotes, the stored role otherwise. */
export function effectiveRole(user: Pick<User, 'email' | 'role'>, organizerEmails: string[]): Role {
  return user.role === 'organizer' || organizerEmails.includes(user.email) ? 'organizer' : 'participant';
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return dummy;
}

export function randomPassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export async function createUser({
  db,
  email,
  password,
  name,
  role = 'participant',
}: {
  db: DbOrTx;
  email: string;
  password?: string;
  name?: string;
  role?: Role;
}): Promise<User> {
  const normalized = emailSchema.parse(email);
  if (password !== undefined) storedPasswordSchema.parse(password);
  const badName = name ? nameProblem(name) : undefined;
  if (badName) throw new PodiumError('bad_request:name', `The name: ${badName}`);
  const passwordHash = password === undefined ? null : await hashPassword(password);
  const inserted = await db
    .insert(users)
    .values({ email: normalized, name: name?.trim() || null, passwordHash, role })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (inserted.length === 0) {
    throw new PodiumError('conflict:email_taken', `An account with the email ${normalized} already exists. Sign in instead.`);
  }
  return inserted[0];
}

export async function getUserByEmail({ db, email }: { db: DbOrTx; email: string }): Promise<User | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  return row;
}

export async function getUserById({ db, id }: { db: DbOrTx; id: string }): Promise<User | undefined> {
  if (!z.uuid().safeParse(id).success) return undefined;
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return row;
}

/** Checks a password; returns the user only when it matches. Always spends one hash to keep timing flat. */
export async function checkPassword({ db, email, password }: { db: DbOrTx; email: string; password: string }) {
  const user = await getUserByEmail({ db, email });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash()));
  return ok && user?.passwordHash ? user : undefined;
}

export async function setRole({ db, userId, role }: { db: DbOrTx; userId: string; role: Role }) {
  await db.update(users).set({ role }).where(eq(users.id, userId));
}

export async function setPassword({ db, userId, password }: { db: DbOrTx; userId: string; password: string }) {
  storedPasswordSchema.parse(password);
  // A new password ends the sessions signed in with the old one.
  await db
    .update(users)
    .set({ passwordHash: await hashPassword(password), sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId));
}

/**
 * The account behind an OAuth/OIDC sign-in; accounts are keyed by email. A new email makes a new
 * participant account. An email that already has an account is linked to it only when the provider
 * says the email is verified (`email_verified`), or when the account has no password (only external
 * sign-ins ever used it): otherwise anyone able to set that address at some provider could take over a
 * password account. Returns `not_linked` then, and the sign-in page says why.
 */
export async function signInExternalUser({
  db,
  email,
  name,
  emailVerified,
}: {
  db: DbOrTx;
  email: string;
  name?: string | null;
  emailVerified: boolean;
}): Promise<User | 'not_linked'> {
  const normalized = emailSchema.parse(email);
  const [inserted] = await db
    .insert(users)
    .values({ email: normalized, name: name ?? null })
    .onConflictDoNothing({ target: users.email })
    .returning();
  if (inserted) return inserted;
  const existing = (await getUserByEmail({ db, email: normalized }))!;
  // An account without a password can only be used through external sign-ins: it is this person's.
  if (!emailVerified && existing.passwordHash) return 'not_linked';
  return existing;
}
