/**
 * Short-lived signed download links: what a Croissant document hands to ML tools so they can
 * fetch a published file without a token header. A link names one file of one task, the user
 * it was issued to and its expiry, signed with a key derived from the server secret. It grants
 * nothing by itself: the file route still checks that this user may use the challenge's data
 * now (a user who left, or lost a role, loses the links too).
 */
import crypto from 'node:crypto';
import type { DbOrTx } from '@/db/client';
import { PodiumError } from '@/lib/errors';
import type { Caller } from './caller';
import { effectiveRole, getUserById } from './users';

export const DOWNLOAD_LINK_TTL_SECONDS = 60 * 60;

export type LinkedFile = { challenge: string; task: string; name: string };

const keyOf = (secret: string) => crypto.createHmac('sha256', secret).update('podium download link v1').digest();

function signature({ secret, file, userId, expires }: { secret: string; file: LinkedFile; userId: string; expires: number }): string {
  return crypto
    .createHmac('sha256', keyOf(secret))
    .update([file.challenge, file.task, file.name, userId, String(expires)].join('\n'))
    .digest('base64url');
}

/** The query string (`user`, `expires` in Unix seconds, `signature`) that lets `userId` fetch `file` until the expiry. */
export function signDownloadLink({
  secret,
  file,
  userId,
  now = new Date(),
  ttlSeconds = DOWNLOAD_LINK_TTL_SECONDS,
}: {
  secret: string;
  file: LinkedFile;
  userId: string;
  now?: Date;
  ttlSeconds?: number;
}): URLSearchParams {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  return new URLSearchParams({ user: userId, expires: String(expires), signature: signature({ secret, file, userId, expires }) });
}

/**
 * The caller a signed link was issued to, read fresh from the database; null when the URL
 * carries no signature (the request must then bring a token or a session). A tampered,
 * foreign or expired link is refused with 403.
 */
export async function callerFromDownloadLink({
  db,
  url,
  file,
  secret,
  organizerEmails,
  now = new Date(),
}: {
  db: DbOrTx;
  url: URL;
  file: LinkedFile;
  secret: string;
  organizerEmails: string[];
  now?: Date;
}): Promise<Caller | null> {
  const sig = url.searchParams.get('signature');
  if (sig === null) return null;
  const userId = url.searchParams.get('user') ?? '';
  const expires = Number(url.searchParams.get('expires'));
  const want = Buffer.from(signature({ secret, file, userId, expires }));
  const got = Buffer.from(sig);
  if (!Number.isSafeInteger(expires) || want.length !== got.length || !crypto.timingSafeEqual(want, got)) {
    throw new PodiumError('forbidden:bad_link', `This download link for ${file.name} is not valid (it was changed, or is for another file); ask for the task's Croissant metadata again for a fresh link.`);
  }
  if (expires * 1000 <= now.getTime()) {
    throw new PodiumError(
      'forbidden:link_expired',
      `This download link for ${file.name} expired at ${new Date(expires * 1000).toISOString()}; ask for the task's Croissant metadata again for a fresh link.`,
    );
  }
  const user = await getUserById({ db, id: userId });
  if (!user) throw new PodiumError('forbidden:bad_link', `This download link for ${file.name} belongs to an account that no longer exists.`);
  return { userId: user.id, email: user.email, name: user.name, role: effectiveRole(user, organizerEmails), via: 'link' };
}
