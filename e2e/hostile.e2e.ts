/**
 * Hostile input against the running site (issue 10): security headers with pages that
 * still work under them, cross-origin requests refused, an open redirect refused,
 * malformed cookies and NUL bytes harmless, and a session cookie dead after sign-out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { e2e, launch } from './browser';

const cookieHeader = async (ctx: BrowserContext) => (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');

describe.skipIf(e2e.skip)('hostile input against the site', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('sends CSP and anti-framing headers, and the pages work under them (sign-up, sign-in via a hostile callbackUrl, browsing)', async () => {
    const home = await fetch(`${e2e.baseUrl}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(home.headers.get('content-security-policy')).toContain("img-src 'self'");
    expect(home.headers.get('x-frame-options')).toBe('DENY');

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
    });
    const email = `hostile-${Date.now()}@example.com`;
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('12345678');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByText('most common').waitFor();
    await page.getByLabel('Password').fill('hostile pass 1');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();

    for (const evil of ['//example.org/phish', '/\\example.org/phish']) {
      await page.goto(`${e2e.baseUrl}/signin?callbackUrl=${encodeURIComponent(evil)}`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill('hostile pass 1');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      expect(new URL(page.url()).origin).toBe(e2e.baseUrl);
      if (evil.startsWith('//')) {
        await page.getByRole('button', { name: 'Sign out' }).click();
        await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
      }
    }
    await page.goto(`${e2e.baseUrl}/challenges/demo`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.goto(`${e2e.baseUrl}/challenges/demo/leaderboard`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    expect(violations).toEqual([]);

    // The cookie of this session, then signed out: the old cookie no longer signs anyone in.
    const cookie = await cookieHeader(ctx);
    const account = await fetch(`${e2e.baseUrl}/account`, { headers: { cookie }, redirect: 'manual' });
    expect(account.status).toBe(200);
    // A malformed cookie beside it changes nothing.
    expect((await fetch(`${e2e.baseUrl}/account`, { headers: { cookie: `foo=%; ${cookie}` }, redirect: 'manual' })).status).toBe(200);
    expect((await fetch(`${e2e.baseUrl}/`, { headers: { cookie: 'foo=%' } })).status).toBe(200);
    expect((await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { cookie: `foo=%; ${cookie}` } })).status).toBe(200);

    // CSRF: a page on another port of localhost (same site, other origin) cannot use the cookie.
    const join = `${e2e.baseUrl}/api/v1/challenges/demo/join`;
    const forged = await fetch(join, { method: 'POST', headers: { cookie, origin: 'http://localhost:1', 'sec-fetch-site': 'same-site' } });
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.code).toBe('forbidden:cross_origin');
    expect((await fetch(join, { method: 'POST', headers: { cookie, origin: e2e.baseUrl, 'sec-fetch-site': 'same-origin' } })).status).toBe(200);

    await page.goto(`${e2e.baseUrl}/`);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).first().waitFor();
    const after = await fetch(`${e2e.baseUrl}/account`, { headers: { cookie }, redirect: 'manual' });
    expect(after.status).toBe(307);

    // Signing up with a taken email tells a stranger nothing: the same answer as a new account, then the sign-in page.
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('a stranger pass');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(/\/signin/);
    expect(await page.content()).not.toMatch(/already exists/);
    await ctx.close();
  });

  it('answers 400 to a NUL byte in a file name, and the organizer zip upload needs its content type', async () => {
    const nul = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/x/files/train%00.csv`);
    expect(nul.status).toBe(400);
    expect((await nul.json()).error.code).toBe('bad_request:path');

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/signin`);
    await page.getByLabel('Email').fill(e2e.organizer.email);
    await page.getByLabel('Password').fill(e2e.organizer.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    const cookie = await cookieHeader(ctx);
    const url = `${e2e.baseUrl}/api/v1/organizer/challenges/demo/tasks?replace=1`;
    const plain = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: 'PK' });
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.code).toBe('bad_request:content_type');
    const forged = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/zip', origin: 'http://127.0.0.1:9' }, body: 'PK' });
    expect(forged.status).toBe(403);
    await page.goto(`${e2e.baseUrl}/organizer/jobs`);
    await page.getByTestId('queue-health').waitFor();
    await ctx.close();
  });
});
