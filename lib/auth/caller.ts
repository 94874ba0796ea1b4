/**
 * The one place a request becomes a caller: a bearer token or the next-auth
 * session cookie resolve to the same shape, with the role read fresh from the
 * database on every request.
 */
import { decode } from 'next-auth/jwt';
import type { DbOrTx } from '@/db/client';
import { PodiumError } from '@/lib/errors';
import { userForApiToken } from './tokens';
import { effectiveRole, getUserById, type Role } from './users';

export type Caller = { userId: string; email: string; name: string | null; role: Role; via: 'session' | 'token' | 'link' };

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

export function sessionTokenFromCookies(cookieHeader: string | null): string | undefined {
  if (!cookieHeader) return undefined;
  const jar = new Map<string, string>();
  for (const part of cookieHeader.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    // A malformed cookie of any name (`foo=%`) must not fail the request: keep its raw text.
    const value = part.slice(i + 1).trim();
    let decoded = value;
    try {
      decoded = decodeURIComponent(value);
    } catch {
      /* not percent-encoded; next-auth's tokens never are */
    }
    jar.set(part.slice(0, i).trim(), decoded);
  }
  for (const name of SESSION_COOKIES) if (jar.get(name)) return jar.get(name);
  return undefined;
}

export async function resolveCaller({
  db,
  headers,
  secret,
  organizerEmails,
}: {
  db: DbOrTx;
  headers: Headers;
  secret: string;
  organizerEmails: string[];
}): Promise<Caller | null> {
  const auth = headers.get('authorization');
  if (auth) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth.trim());
    if (!m) throw new PodiumError('unauthorized:bad_authorization', 'The Authorization header must be "Bearer <token>".');
    const user = await userForApiToken({ db, token: m[1] });
    if (!user) throw new PodiumError('unauthorized:bad_token', 'This API token is unknown or was revoked.');
    if (user.disabledAt) throw new PodiumError('unauthorized:account_disabled', 'This account has been disabled by an organizer.');
    return { userId: user.id, email: user.email, name: user.name, role: effectiveRole(user, organizerEmails), via: 'token' };
  }
  const raw = sessionTokenFromCookies(headers.get('cookie'));
  if (!raw) return null;
  let payload: Awaited<ReturnType<typeof decode>> = null;
  try {
    payload = await decode({ token: raw, secret });
  } catch {
    return null; // a cookie signed with another secret is simply "not signed in"
  }
  const userId = typeof payload?.uid === 'string' ? payload.uid : undefined;
  if (!userId) return null;
  const user = await getUserById({ db, id: userId });
  if (!user || user.disabledAt) return null; // a disabled account's sessions end at its next request
  // Signed out (or password changed) since this cookie was issued: lib/auth/sessions.ts.
  const version = typeof payload?.sv === 'number' ? payload.sv : 0;
  if (version !== user.sessionVersion) return null;
  return { userId: user.id, email: user.email, name: user.name, role: effectiveRole(user, organizerEmails), via: 'session' };
}

export function requireCaller(caller: Caller | null): Caller {
  if (!caller) throw new PodiumError('unauthorized', 'Sign in, or send an API token as "Authorization: Bearer <token>".');
  return caller;
}

export function requireOrganizer(caller: Caller | null): Caller {
  const c = requireCaller(caller);
  if (c.role !== 'organizer') throw new PodiumError('forbidden:organizer_only', 'Only organizers may do this.');
  return c;
}
