import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import GitHubProvider from 'next-auth/providers/github';
import { getDb } from '@/db';
import { authSecret, config } from '@/lib/config';
import { checkPassword, getUserByEmail, upsertExternalUser } from './users';
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

export function clientAddress(headers: Headers | Record<string, unknown> | undefined): string | undefined {
  const get = (name: string) =>
    headers instanceof Headers ? headers.get(name) : (headers?.[name] as string | undefined) ?? undefined;
  return get('x-forwarded-for')?.split(',')[0]?.trim() || get('x-real-ip') || undefined;
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
    providers.push(GitHubProvider({ clientId: cfg.GITHUB_ID, clientSecret: cfg.GITHUB_SECRET }));
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
      profile(p: { sub: string; email?: string; name?: string }) {
        return { id: p.sub, email: p.email ?? null, name: p.name ?? null };
      },
    });
  }
  return {
    providers,
    secret: authSecret(cfg),
    session: { strategy: 'jwt', maxAge: 30 * 24 * 3600 },
    pages: { signIn: '/signin', error: '/signin' },
    callbacks: {
      async signIn({ user, account }) {
        if (account?.provider === 'credentials') return true;
        // External sign-ins need an email: accounts are keyed by it.
        if (!user.email) return '/signin?error=NoEmail';
        const row = await upsertExternalUser({ db: await getDb(), email: user.email, name: user.name });
        if (row.disabledAt) return '/signin?error=AccountDisabled';
        return true;
      },
      async jwt({ token, user, account }) {
        if (user && account) {
          const db = await getDb();
          const row = account.provider === 'credentials' ? { id: user.id } : await getUserByEmail({ db, email: user.email! });
          token.uid = row?.id;
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
