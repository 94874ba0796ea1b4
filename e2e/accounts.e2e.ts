import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch, signIn } from './browser';

describe.skipIf(e2e.skip)('accounts in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('signs up, signs out, signs in, creates a token, uses it, revokes it and gets 401', async () => {
    const page = await browser.newPage();
    const email = `ada-${Date.now()}@example.com`;
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Name').fill('Ada');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.getByRole('link', { name: 'Ada' }).isVisible()).toBe(true);

    // Signing up again with the same email tells a stranger nothing (issue 10): the same answer as a new
    // account, then the sign-in page, where only that account's password works.
    const other = await browser.newPage();
    await other.goto(`${e2e.baseUrl}/signup`);
    await other.getByLabel('Email').fill(email);
    await other.getByLabel('Password').fill('some other password');
    await other.getByRole('button', { name: 'Sign up' }).click();
    await other.waitForURL(/\/signin/);
    expect(await other.getByText('already exists').count()).toBe(0);
    await other.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('link', { name: 'Sign in' }).waitFor();

    // A wrong password is refused without saying which part was wrong.
    await page.goto(`${e2e.baseUrl}/signin`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong email or password.').waitFor();

    await signIn(page, email, 'correct horse battery');
    await page.goto(`${e2e.baseUrl}/account`);
    await page.getByLabel('New token name').fill('e2e laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    expect(token).toMatch(/^pod_/);

    const ok = await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toHaveProperty('challenges');

    await page.reload();
    await page.locator('tr[data-token-name="e2e laptop"]').getByText('never').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Revoke e2e laptop' }).click();
    await page.locator('tr[data-token-name="e2e laptop"]').getByText('revoked').waitFor();

    const denied = await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { authorization: `Bearer ${token}` } });
    expect(denied.status).toBe(401);
    expect((await denied.json()).error.code).toBe('unauthorized:bad_token');
    await page.close();
  });

  it('lets the printed organizer sign in and reach the console, and keeps a participant out', async () => {
    const page = await browser.newPage();
    await signIn(page, e2e.organizer.email, e2e.organizer.password);
    await page.goto(`${e2e.baseUrl}/organizer`);
    await page.getByRole('heading', { name: 'Organizer console' }).waitFor();
    await page.close();

    const p2 = await browser.newPage();
    await p2.goto(`${e2e.baseUrl}/signup`);
    await p2.getByLabel('Email').fill(`p-${Date.now()}@example.com`);
    await p2.getByLabel('Password').fill('participant pass');
    await p2.getByRole('button', { name: 'Sign up' }).click();
    await p2.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await p2.getByRole('link', { name: 'Organizer console' }).count()).toBe(0);
    const res = await p2.goto(`${e2e.baseUrl}/organizer`);
    expect(res!.status()).toBe(403);
    await p2.close();
  });
});
