import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { getDb } from '@/db';
import { authSecret, config } from '@/lib/config';
import { checkPassword, getUserByEmail, signInExternalUser } from './users';
import { safeCallbackPath } from './redirect';
import { currentSessionVersion, revokeSessions } from './sessions';
import { clientAddressFrom } from './client-address';
import { recordSignInFailure, signInKeys } from './rate-limit';

export type EnabledProvider = { id: string; name: string };

/** The sign-in methods switched on by the environment; the sign-in page shows only these. */
export function enabledProviders(): EnabledProvider[] {
  const cfg = config();
  const list: EnabledProvider[] = [{ id: 'credentials', name: 'Email and password' }];
  if (cfg.GITHUB_ID) list.push({ id: 'github', name: 'GitHub' });
  if (cfg.OIDC_ISSUER) list.push({ id: 'oidc', name: cfg.OIDC_NAME });
  return list;
}

/** The client's address for the sign-in limits (X-Forwarded-For only from TRUSTED_PROXIES; lib/auth/client-address.ts). */
export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string | undefined {
  return clientAddressFrom(headers, config().TRUSTED_PROXIES);
}

export function authOptions(): NextAuthOptions {
  const cfg = config();
  const limit = { maxFailures: cfg.SIGNIN_MAX_FAILURES, windowSeconds: cfg.SIGNIN_WINDOW_SECONDS };
  const providers: NextAuthOptions['providers'] = [
    CredentialsProvider({
      name: 'Email and password',
      credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
      async authorize(credentials, req) {
        const email = credentials?.email?.trim().toLowerCase() ?? '';
        const password = credentials?.password ?? '';
        if (!email || !password) return null;
        const db = await getDb();
        const user = await checkPassword({ db, email, password });
        if (!user) {
          const keys = signInKeys({ email, address: clientAddress(req?.headers) });
          await recordSignInFailure({ db, keys, limit });
          return null;
        }
        // Disabled by an organizer: the right password no longer signs in (next-auth passes the message as `error`).
        if (user.disabledAt) throw new Error('AccountDisabled');
        return { id: user.id, email: user.email, name: user.name };
      },
    }),
  ];
  if (cfg.GITHUB_ID && cfg.GITHUB_SECRET) {
    providers.push({
      ...GitHubProvider({ clientId: cfg.GITHUB_ID, clientSecret: cfg.GITHUB_SECRET }),
      // GitHub's /user gives the public email, unverified; /user/emails says which one is primary and verified.
      userinfo: {
        url: 'https://api.github.com/user',
        async request({ tokens }) {
          const auth = { Authorization: `Bearer ${tokens.access_token}`, 'User-Agent': 'podium' };
          const user = (await (await fetch('https://api.github.com/user', { headers: auth })).json()) as Record<string, unknown>;
          const emails = (await (await fetch('https://api.github.com/user/emails', { headers: auth })).json()) as {
            email: string;
            primary: boolean;
            verified: boolean;
          }[];
          const primary = Array.isArray(emails) ? emails.find((e) => e.primary) : undefined;
          return { ...user, email: primary?.email ?? user.email ?? null, email_verified: primary?.verified === true };
        },
      },
      profile(p: { id: number; login: string; name?: string | null; email?: string | null; email_verified?: boolean }) {
        return { id: String(p.id), name: p.name ?? p.login, email: p.email ?? null, emailVerified: p.email_verified === true };
      },
    } as NextAuthOptions['providers'][number]);
  }
  if (cfg.OIDC_ISSUER && cfg.OIDC_CLIENT_ID && cfg.OIDC_CLIENT_SECRET) {
    providers.push({
      id: 'oidc',
      name: cfg.OIDC_NAME,
      type: 'oauth',
      wellKnown: `${cfg.OIDC_ISSUER.replace(/\/$/, '')}/.well-known/openid-configuration`,
      clientId: cfg.OIDC_CLIENT_ID,
      clientSecret: cfg.OIDC_CLIENT_SECRET,
      idToken: true,
      checks: ['pkce', 'state'],
      authorization: { params: { scope: 'openid email profile' } },
      // The ID token is checked (signature, audience, expiry) either way. A provider that follows the
      // standard's defaults gives `email` only from the userinfo endpoint: ask it when the token has none.
      userinfo: {
        async request({ tokens, client }) {
          // next-auth hands over openid-client's TokenSet, typed loosely.
          const set = tokens as Parameters<typeof client.userinfo>[0] & { claims(): Record<string, unknown> };
          const claims = set.claims();
          if (claims.email) return claims;
          // openid-client checks that userinfo's `sub` is the ID token's.
          return { ...claims, ...(await client.userinfo(set)) };
        },
      },
      profile(p: { sub: string; email?: string; name?: string; email_verified?: boolean | string }) {
        return {
          id: p.sub,
          email: p.email ?? null,
          name: p.name ?? null,
          emailVerified: p.email_verified === true || p.email_verified === 'true',
        };
      },
    });
  }
  return {
    providers,
    secret: authSecret(cfg),
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/signin', error: '/signin' },
    events: {
      async signOut({ token }) {
        if (typeof token?.uid === 'string') await revokeSessions({ db: await getDb(), userId: token.uid });
      },
    },
    callbacks: {
      // Only paths on this site (`//other.host` and `/\\other.host` are other hosts to a browser).
      async redirect({ url, baseUrl }) {
        return `${baseUrl}${safeCallbackPath(url, baseUrl)}`;
      },
      async signIn({ user, account }) {
        if (account?.provider === 'credentials') return true;
        // External sign-ins need an email: accounts are keyed by it.
        if (!user.email) return '/signin?error=NoEmail';
        const verified = (user as { emailVerified?: unknown }).emailVerified === true;
        const outcome = await signInExternalUser({ db: await getDb(), email: user.email, name: user.name, emailVerified: verified });
        if (outcome === 'not_linked') return '/signin?error=EmailNotVerified';
        if (outcome.disabledAt) return '/signin?error=AccountDisabled';
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const db = await getDb();
          const row = account.provider === 'credentials' ? { id: user.id } : await getUserByEmail({ db, email: user.email! });
          token.uid = row?.id;
          token.sv = row?.id ? await currentSessionVersion({ db, userId: row.id }) : undefined;
        } else if (typeof token.uid === 'string') {
          // A session signed out elsewhere (or whose password changed) loses its user.
          const sv = await currentSessionVersion({ db: await getDb(), userId: token.uid });
          if (sv !== (token.sv ?? 0)) delete token.uid;
        }
        return token;
      },
      async session({ session, token }) {
        if (session.user) (session.user as { id?: unknown }).id = token.uid;
        return session;
      },
    },
  };
}
