/** What the participant browser tests share: screen sizes, a participant who signed up and joined the demo, uploads. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from './browser';

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const SCREENS = path.resolve(__dirname, '../.e2e-data/screens');
export const TASK = 'product-type';

export async function cookieOf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

export async function signUpAndJoin(browser: Browser, who: string, viewport = DESKTOP) {
  const ctx = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await ctx.newPage();
  const email = `${who}-${Date.now()}@example.com`;
  await page.goto(`${e2e.baseUrl}/signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('participant pass');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  await page.goto(`${e2e.baseUrl}/challenges/demo`);
  await page.getByRole('button', { name: 'Accept the rules and join' }).click();
  await page.getByText('You accepted the rules on').waitFor();
  return { ctx, page, email };
}

export function tmpFile(name: string, text: string): string {
  const p = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-p12-')), name);
  fs.writeFileSync(p, text);
  return p;
}

export async function upload(page: Page, file: string) {
  await page.getByLabel('Prediction file').setInputFiles(file);
  await page.getByRole('button', { name: 'Submit', exact: true }).click();
}
