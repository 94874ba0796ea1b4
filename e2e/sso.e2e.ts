/**
 * Company single sign-on against a real OpenID Provider (oidc-provider on a
 * loopback port): a second site, started with `npm run serve` from the
 * `.next-e2e` build on its own data folder, with OIDC_* pointing at it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2e, launch } from './browser';
import { startOidcProvider, type TestOidcProvider } from './oidc-provider';
import { freePort, groupAlive, killGroup, npmRun, root, waitHealthy, type Proc } from './processes';

describe.skipIf(!!e2e.skip)('single sign-on through an OpenID provider', () => {
  let browser: Browser;
  let idp: TestOidcProvider;
  let site: Proc;
  let baseUrl = '';
  const dataDir = path.join(root, '.e2e-data', `sso-${process.pid}`);

  beforeAll(async () => {
    const [sitePort, idpPort] = [await freePort(), await freePort()];
    baseUrl = `http://localhost:${sitePort}`;
    idp = await startOidcProvider({ port: idpPort, redirectUri: `${baseUrl}/api/auth/callback/oidc` });
    fs.rmSync(dataDir, { recursive: true, force: true });
    site = npmRun('sso site', 'serve', {
      DATA_DIR: dataDir,
      PORT: String(sitePort),
      NEXTAUTH_URL: baseUrl,
      SEED_DEMO: 'false',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_NAME: 'Corp SSO',
      ORGANIZER_EMAILS: 'boss@corp.example',
    });
    browser = await launch();
    await waitHealthy(baseUrl, [site]);
  });

  afterAll(async () => {
    await browser?.close();
    if (site) {
      site.child.kill('SIGTERM');
      await Promise.race([site.exited, new Promise((r) => setTimeout(r, 10_000))]);
      killGroup(site);
    }
    await idp?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function ssoSignIn(page: Page, login: string) {
    await page.goto(`${baseUrl}/signin`);
    await page.getByRole('button', { name: 'Continue with Corp SSO' }).click();
    // oidc-provider's own login and consent pages.
    await page.locator('input[name="login"]').fill(login);
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.origin === baseUrl && !u.pathname.startsWith('/api/'));
  }

  async function sessionEmail(page: Page): Promise<string | undefined> {
    const r = await page.context().request.get(`${baseUrl}/api/auth/session`);
    return ((await r.json()) as { user?: { email?: string } }).user?.email;
  }

  it('clicking the button signs in at the provider and lands back signed in with the email from userinfo', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await ssoSignIn(page, 'ada@corp.example');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await sessionEmail(page)).toBe('ada@corp.example');
    // A participant: the organizer console is refused.
    const r = await page.goto(`${baseUrl}/organizer`);
    expect(r?.status()).toBe(403);
    await ctx.close();
  });

  it('an ORGANIZER_EMAILS address signed in through SSO reaches /organizer', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await ssoSignIn(page, 'boss@corp.example');
    expect(await sessionEmail(page)).toBe('boss@corp.example');
    const r = await page.goto(`${baseUrl}/organizer`);
    expect(r?.status()).toBe(200);
    await ctx.close();
  });

  it('does not link an unverified email to an existing password account, and says so', async () => {
    // ada's account exists from the first test but has no password; the first organizer's has one.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.getByRole('button', { name: 'Continue with Corp SSO' }).click();
    await page.locator('input[name="login"]').fill('organizer@podium.local#unverified');
    await page.locator('input[name="password"]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((u) => u.origin === baseUrl && u.pathname === '/signin');
    expect(new URL(page.url()).searchParams.get('error')).toBe('EmailNotVerified');
    await expect(page.locator('p.alert.error').textContent()).resolves.toContain('did not confirm that the email is yours');
    expect(await sessionEmail(page)).toBeUndefined();
    await ctx.close();
  });

  it('an old GET link to the provider explains that sign-in starts from the button', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/api/auth/signin/oidc`);
    await page.waitForURL((u) => u.pathname === '/signin');
    await expect(page.locator('p.alert.error').textContent()).resolves.toContain('has to begin from the button');
    await ctx.close();
  });

  it('a provider that is down gives the page’s message', async () => {
    await idp.stop();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/signin`);
    await page.getByRole('button', { name: 'Continue with Corp SSO' }).click();
    await page.waitForURL((u) => u.pathname === '/signin' && u.searchParams.has('error'));
    expect(new URL(page.url()).searchParams.get('error')).toBe('OAuthSignin');
    await expect(page.locator('p.alert.error').textContent()).resolves.toContain('Could not start the sign-in');
    expect(groupAlive(site)).toBe(true);
    await ctx.close();
  });
});
