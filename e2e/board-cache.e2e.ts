/**
 * Fast boards (issue 12): podium's server answers anonymous board pages from a cache kept per board
 * version (lib/leaderboard/page-cache.ts). In Chromium against the real site: a page kept in the cache
 * shows a newly scored submission at the next reload, for an anonymous visitor and for the team itself,
 * and an anonymous visitor never gets the private board before the reveal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch } from './browser';
import { signUpAndJoin } from './participant-helpers';

const TASK = 'product-type';
const BOARD = `/challenges/demo/tasks/${TASK}/leaderboard`;

describe.skipIf(e2e.skip)('board pages kept per board version', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('shows a newly scored submission at the next reload, to an anonymous visitor and to the team', async () => {
    const anon = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await anon.goto(`${e2e.baseUrl}${BOARD}`);
    await anon.getByTestId('board').waitFor();
    // Twice, so the second answer is the one kept in the cache.
    await anon.reload();
    const teamName = `Cache ${Date.now()}`;
    expect(await anon.getByTestId('board').textContent()).not.toContain(teamName);

    const { ctx, page } = await signUpAndJoin(browser, 'cache');
    await page.goto(`${e2e.baseUrl}/challenges/demo/team`);
    await page.getByLabel('Team name').fill(teamName);
    await page.getByRole('button', { name: 'Name my team' }).click();
    await page.getByText(`You are now in "${teamName}".`).waitFor();

    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const sample = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/files/sample_submission.csv`, { headers: { cookie } })).text();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-cache-')), 'sample.csv');
    fs.writeFileSync(file, sample);
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    await page.getByLabel('Prediction file').setInputFiles(file);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();
    await expect.poll(() => page.getByTestId('submit-outcome').textContent(), { timeout: 60_000 }).toMatch(/Scored sample\.csv/);

    // The very next load has it: no waiting out a cache period.
    await anon.reload();
    const row = anon.locator(`[data-testid="board"] tr[data-team="${teamName}"]`);
    await row.waitFor({ timeout: 2000 });
    expect(await row.getAttribute('data-mine')).toBeNull(); // the anonymous page marks no one's row
    await page.goto(`${e2e.baseUrl}${BOARD}`);
    // The team's own page is the shared one too; the browser marks its row (leaderboard/viewer-parts.tsx).
    const mine = page.locator(`[data-testid="board"] tr[data-team="${teamName}"][data-mine="true"]`);
    await mine.waitFor({ timeout: 5000 });
    expect(await mine.textContent()).toContain('you');

    // A team rename is on the next anonymous load too.
    await page.goto(`${e2e.baseUrl}/challenges/demo/team`);
    await page.getByLabel('Team name').fill(`${teamName} renamed`);
    await page.getByRole('button', { name: 'Name my team' }).click();
    await page.getByText(`You are now in "${teamName} renamed".`).waitFor();
    await anon.reload();
    await anon.locator(`[data-testid="board"] tr[data-team="${teamName} renamed"]`).waitFor({ timeout: 2000 });
    await ctx.close();
    await anon.close();
  });

  it('answers an anonymous visitor the private board only as refused before the reveal, however often it is asked', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${e2e.baseUrl}${BOARD}?board=private`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain('The private leaderboard is revealed when the challenge ends');
      expect(html).not.toContain('data-testid="board"');
    }
  });
});
