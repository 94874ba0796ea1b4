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
