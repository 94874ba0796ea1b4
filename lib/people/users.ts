import 'server-only';
import crypto from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, like } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '@/db/client';
import { auditLog, passwordResets, users } from '@/db/schema';
import { hashToken } from '@/lib/auth/tokens';
import { createUser, effectiveRole, getUserByEmail, passwordSchema, randomPassword, setPassword, type Role } from '@/lib/auth/users';
import { hashPassword } from '@/lib/auth/password';
import { PodiumError } from '@/lib/errors';

/** How long a password-reset link works. */
export const RESET_TTL_HOURS = 72;

/** Every account, for the organizer's user page: no password hashes. */
export async function listUsers({ db, organizerEmails }: { db: DbOrTx; organizerEmails: string[] }) {
  const rows = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.createdAt));
  return rows.map((u) => ({ ...u, effectiveRole: effectiveRole(u, organizerEmails), fromEnv: u.role !== 'organizer' && organizerEmails.includes(u.email) }));
}

async function targetUser(db: DbOrTx, userId: string) {
  const [u] = await db.select({ id: users.id, email: users.email, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, userId)).limit(1);
  if (!u) throw new PodiumError('not_found:user', 'There is no such account.');
  return u;
}

/** Makes someone an organizer or takes it back; nobody removes their own role (the site would lose its last organizer that way). */
export async function setUserRole({ db, actorId, userId, role }: { db: DbOrTx; actorId: string | null; userId: string; role: Role }) {
  return db.transaction(async (tx) => {
    const u = await targetUser(tx, userId);
    if (role === 'participant' && actorId === userId) {
      throw new PodiumError('conflict:own_role', 'You cannot remove your own organizer role; ask another organizer.');
    }
    if (u.role === role) return u;
    await tx.update(users).set({ role }).where(eq(users.id, userId));
    await tx.insert(auditLog).values({ actorId, action: role === 'organizer' ? 'user.make_organizer' : 'user.remove_organizer', subject: u.email });
    return { ...u, role };
  });
}

/** A disabled account cannot sign in and its tokens are refused (lib/auth/caller.ts, lib/auth/options.ts). */
export async function setUserDisabled({ db, actorId, userId, disabled }: { db: DbOrTx; actorId: string | null; userId: string; disabled: boolean }) {
  return db.transaction(async (tx) => {
    const u = await targetUser(tx, userId);
    if (disabled && actorId === userId) throw new PodiumError('conflict:own_account', 'You cannot disable your own account.');
    if (Boolean(u.disabledAt) === disabled) return u;
    await tx.update(users).set({ disabledAt: disabled ? new Date() : null }).where(eq(users.id, userId));
    await tx.insert(auditLog).values({ actorId, action: disabled ? 'user.disable' : 'user.enable', subject: u.email });
    return u;
  });
}

/** A one-time link an organizer hands over: only its hash is stored; an earlier unused link for the same account stops working. */
export async function createPasswordReset({ db, actorId, userId }: { db: DbOrTx; actorId: string | null; userId: string }) {
  const token = crypto.randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + RESET_TTL_HOURS * 3600_000);
  const email = await db.transaction(async (tx) => {
    const u = await targetUser(tx, userId);
    await tx.update(passwordResets).set({ usedAt: new Date() }).where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({ userId, tokenHash: hashToken(token), createdBy: actorId, expiresAt });
    await tx.insert(auditLog).values({ actorId, action: 'user.password_reset_link', subject: u.email, detail: { expiresAt: expiresAt.toISOString() } });
    return u.email;
  });
  return { token, path: `/reset-password/${token}`, expiresAt, email };
}

/** The account a reset link opens, or undefined when it is unknown, used or expired. */
export async function getPasswordReset({ db, token }: { db: DbOrTx; token: string }) {
  const [row] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
    .limit(1);
  return row;
}

/** Sets the new password and spends the link, in one transaction (a link works once, even when used twice at once). */
export async function usePasswordReset({ db, token, password }: { db: DbOrTx; token: string; password: string }) {
  passwordSchema.parse(password);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.tokenHash, hashToken(token)), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, new Date())))
      .returning({ userId: passwordResets.userId });
    if (!spent) throw new PodiumError('not_found:reset_link', 'This password-reset link is unknown, was already used, or has expired. Ask an organizer for a new one.');
    const [u] = await tx.update(users).set({ passwordHash }).where(eq(users.id, spent.userId)).returning({ email: users.email });
    await tx.insert(auditLog).values({ actorId: spent.userId, action: 'user.password_reset', subject: u.email });
    return u.email;
  });
}

/** The account-management entries of the audit log (they belong to no challenge), newest first. */
export async function listUserAudit({ db }: { db: DbOrTx }) {
  const actor = alias(users, 'actor');
  return db
    .select({ at: auditLog.at, action: auditLog.action, subject: auditLog.subject, actor: actor.email })
    .from(auditLog)
    .leftJoin(actor, eq(actor.id, auditLog.actorId))
    .where(and(isNull(auditLog.challengeId), like(auditLog.action, 'user.%')))
    .orderBy(desc(auditLog.at))
    .limit(100);
}

/**
 * `podium user add`, locally or through the site: creates the account (answering a
 * generated password once), or, for an existing one, makes it an organizer and/or sets
 * the given password. Re-running without either is a conflict, as before.
 */
export async function addOrUpdateUser({
  db,
  email,
  organizer,
  password,
  name,
  actorId,
}: {
  db: DbOrTx;
  email: string;
  organizer: boolean;
  password?: string;
  name?: string;
  actorId: string | null;
}): Promise<{ email: string; role: Role; created: boolean; password?: string }> {
  const existing = await getUserByEmail({ db, email });
  if (existing) {
    if (!organizer && password === undefined) throw new PodiumError('conflict:email_taken', `An account with the email ${existing.email} already exists.`);
    if (organizer && existing.role !== 'organizer') await setUserRole({ db, actorId, userId: existing.id, role: 'organizer' });
    if (password !== undefined) {
      await setPassword({ db, userId: existing.id, password });
      await db.insert(auditLog).values({ actorId, action: 'user.set_password', subject: existing.email });
    }
    return { email: existing.email, role: organizer ? 'organizer' : existing.role, created: false };
  }
  const made = password === undefined ? randomPassword() : undefined;
  const role: Role = organizer ? 'organizer' : 'participant';
  const user = await createUser({ db, email, password: password ?? made, name, role });
  await db.insert(auditLog).values({ actorId, action: 'user.create', subject: user.email, detail: { role } });
  return { email: user.email, role, created: true, ...(made ? { password: made } : {}) };
}
