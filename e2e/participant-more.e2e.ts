/**
 * The participant's view (issue 12), continued: the organizer's slug field and token copy, and a disqualified
 * team, told why on every page of its challenge (the board page's notice is filled in by the browser on the
 * shared, cached page: leaderboard/viewer-parts.tsx) and refused the data, at phone width.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch, signIn } from './browser';
import { DESKTOP, PHONE, TASK, cookieOf, signUpAndJoin, tmpFile } from './participant-helpers';

describe.skipIf(e2e.skip)("the participant's view: the rest", () => {
  let browser: Browser;
  let sample: string;
  beforeAll(async () => {
    browser = await launch();
    const ada = await signUpAndJoin(browser, 'ada-edges');
    const res = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/files/sample_submission.csv`, { headers: { cookie: await cookieOf(ada.ctx) } });
    expect(res.status).toBe(200);
    sample = tmpFile('sample.csv', await res.text());
    await ada.ctx.close();
  });
  afterAll(async () => browser?.close());

  it('checks the slug pattern in the browser, and copies a new token with one click', async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.baseUrl });
    const page = await ctx.newPage();
    await signIn(page, e2e.organizer.email, e2e.organizer.password);
    await page.goto(`${e2e.baseUrl}/organizer`);
    const slug = page.locator('input[name="slug"]').first();
    await slug.fill('Bad Slug');
    expect(await slug.evaluate((i: HTMLInputElement) => i.validity.patternMismatch)).toBe(true);
    await slug.fill('a--b');
    expect(await slug.evaluate((i: HTMLInputElement) => i.validity.patternMismatch)).toBe(true);
    await slug.fill('grand-challenge-2026');
    expect(await slug.evaluate((i: HTMLInputElement) => i.validity.patternMismatch)).toBe(false);

    await page.goto(`${e2e.baseUrl}/account`);
    await page.getByLabel('New token name').fill('laptop');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('new-token').textContent())!.trim();
    await page.getByRole('button', { name: 'Copy token' }).click();
    await page.getByRole('button', { name: 'Copied ✓' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
    await ctx.close();
  });

  it('tells a disqualified team why, everywhere, and refuses it the data and submissions (renaming: lib/challenges/viewing.test.ts)', async () => {
    const cy = await signUpAndJoin(browser, 'cy', PHONE);
    const cookie = await cookieOf(cy.ctx);
    const team = (await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/submissions`, { headers: { cookie } })).json()) as unknown;
    expect(team).toBeTruthy();
    const orgCtx = await browser.newContext({ viewport: DESKTOP });
    const org = await orgCtx.newPage();
    await signIn(org, e2e.organizer.email, e2e.organizer.password);
    await org.goto(`${e2e.baseUrl}/organizer/challenges/demo/board`);
    const teamName = cy.email.split('@')[0];
    await org.getByLabel(`Reason to disqualify ${teamName}`).fill('shared the test labels');
    await org.getByRole('button', { name: `Disqualify ${teamName}` }).click();
    await org.getByRole('button', { name: `Yes, disqualify ${teamName}` }).click(); // disqualifying asks first (issue 11)
    await org.getByText('disqualified: shared the test labels').first().waitFor();
    await orgCtx.close();

    for (const where of ['/challenges/demo', `/challenges/demo/tasks/${TASK}`, `/challenges/demo/tasks/${TASK}/leaderboard`, '/challenges/demo/submissions']) {
      await cy.page.goto(`${e2e.baseUrl}${where}`);
      const notice = cy.page.getByTestId('disqualified');
      await notice.waitFor();
      expect(await notice.textContent()).toContain('shared the test labels');
      const box = (await notice.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    expect(await cy.page.getByLabel('Prediction file').count()).toBe(0);
    const dl = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/files/train.csv`, { headers: { cookie } });
    expect(dl.status).toBe(403);
    expect((await dl.json()).error.code).toBe('forbidden:team_disqualified');
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(sample)]), 'sample.csv');
    const sub = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/submissions`, { method: 'POST', headers: { cookie }, body: form });
    expect(sub.status).toBe(403);
    expect((await sub.json()).error.message).toContain('can no longer download the data, submit or rename');
    await cy.ctx.close();
  });
});
