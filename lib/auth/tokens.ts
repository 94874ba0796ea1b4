import crypto from 'node:crypto';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { apiTokens, users } from '@/db/schema';
import { PodiumError } from '@/lib/errors';

const TOKEN_PREFIX = 'pod_';

export const tokenNameSchema = z.string().trim().min(1, 'Give the token a name.').max(80, 'Use at most 80 characters.');

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** Creates a token and returns it once; only its hash is stored. */
export async function createApiToken({ db, userId, name }: { db: DbOrTx; userId: string; name: string }) {
  const token = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name: tokenNameSchema.parse(name), tokenHash: hashToken(token), prefix: token.slice(0, 10) })
    .returning({ id: apiTokens.id, name: apiTokens.name, createdAt: apiTokens.createdAt });
  return { ...row, token };
}

export async function listApiTokens({ db, userId }: { db: DbOrTx; userId: string }) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      createdAt: apiTokens.createdAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt));
}

/** Revokes one of the caller's own tokens; someone else's token id is "not found". */
export async function revokeApiToken({ db, userId, tokenId }: { db: DbOrTx; userId: string; tokenId: string }) {
  if (!z.uuid().safeParse(tokenId).success) throw new PodiumError('not_found:token', 'No such token.');
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  if (rows.length === 0) throw new PodiumError('not_found:token', 'No such active token.');
}

/** The user a bearer token belongs to, or undefined for an unknown or revoked token. */
export async function userForApiToken({ db, token }: { db: DbOrTx; token: string }) {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
  const hash = hashToken(token);
  const [row] = await db
    .select({ tokenId: apiTokens.id, lastUsedAt: apiTokens.lastUsedAt, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .limit(1);
  if (!row) return undefined;
  // Last-used is shown to the user; a minute's precision keeps hot API paths from writing on every call.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, row.tokenId));
  }
  return row.user;
}
