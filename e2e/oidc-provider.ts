/**
 * A real OpenID Provider for the browser tests: panva's certified
 * `oidc-provider` with its defaults (development login and consent pages,
 * `conformIdTokenClaims`: the email comes from userinfo, not the ID token).
 * Any login works; the login is the email. A login ending in `#unverified`
 * gives that email with `email_verified: false`.
 */
import http from 'node:http';
import type net from 'node:net';
import Provider from 'oidc-provider';

export type TestOidcProvider = { issuer: string; clientId: string; clientSecret: string; stop(): Promise<void> };

export async function startOidcProvider({ port, redirectUri }: { port: number; redirectUri: string }): Promise<TestOidcProvider> {
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = 'podium';
  const clientSecret = 'podium-test-secret-0123456789';
  const provider = new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], response_types: ['code'], grant_types: ['authorization_code'] }],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    async findAccount(_ctx, sub) {
      const [email, flag] = sub.split('#');
      return {
        accountId: sub,
        async claims() {
          return { sub, email, email_verified: flag !== 'unverified', name: email.split('@')[0] };
        },
      };
    },
  });
  const server = http.createServer(provider.callback());
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    issuer,
    clientId,
    clientSecret,
    stop: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        for (const s of sockets) s.destroy();
      }),
  };
}
