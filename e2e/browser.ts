import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const e2e = inject('e2e');

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: e2e.chromium,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${e2e.baseUrl}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Signs a new participant up in a context of its own, creates an API token on the account page and returns it
 * (the context is closed; the account stays).
 */
export async function signUpWithToken(browser: Browser, prefix: string, password = `${prefix} pass 1234`): Promise<string> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${e2e.baseUrl}/signup`);
  await page.getByLabel('Email').fill(`${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(`${e2e.baseUrl}/account`);
  await page.getByLabel('New token name').fill(prefix);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  await ctx.close();
  return token;
}
