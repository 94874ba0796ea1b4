/**
 * Signed-in viewers on the shared board page (issue 12): podium's server answers them the page rendered for
 * nobody in particular, kept per board change (lib/leaderboard/page-cache.ts), and the browser fills in their own
 * parts from GET /api/v1/challenges/{c}/me (leaderboard/viewer-parts.tsx). In Chromium against the real site, at
 * 1366×768 and at phone width: the header names the account, the team's row is marked, its history is drawn; the
 * shared part works without JavaScript; client navigation keeps working; AutoRefresh polls the board stamp and
 * refreshes only when it moved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch } from './browser';
import { DESKTOP, PHONE, TASK, cookieOf, signUpAndJoin, tmpFile, upload } from './participant-helpers';

const BOARD = `/challenges/demo/tasks/${TASK}/leaderboard`;

describe.skipIf(e2e.skip)('the shared board page, signed in', () => {
  let browser: Browser;
  let dee: Awaited<ReturnType<typeof signUpAndJoin>>;
  let team: string;
  let sample: string;
  beforeAll(async () => {
    browser = await launch();
    dee = await signUpAndJoin(browser, 'dee');
    team = dee.email.split('@')[0];
    const res = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/files/sample_submission.csv`, { headers: { cookie: await cookieOf(dee.ctx) } });
    sample = tmpFile('sample.csv', await res.text());
    await dee.page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    await upload(dee.page, sample);
    await dee.page.getByTestId('submit-outcome').filter({ hasText: /Scored sample\.csv/ }).waitFor({ timeout: 60_000 });
  });
  afterAll(async () => browser?.close());

  it('is the shared page from the server, with the account, the own row and the own history filled in by the browser, on a laptop and a phone', async () => {
    const cookie = await cookieOf(dee.ctx);
    // Twice: the second answer is the kept one. Neither holds anything of this viewer.
    for (let i = 0; i < 2; i++) {
      const html = await (await fetch(`${e2e.baseUrl}${BOARD}`, { headers: { cookie } })).text();
      expect(html).toContain(`data-team="${team}"`);
      expect(html).not.toContain(dee.email);
      expect(html).not.toContain('data-mine');
      expect(html).toContain('href="/signin"');
    }
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await dee.ctx.newPage();
      await page.setViewportSize(viewport);
      await page.goto(`${e2e.baseUrl}${BOARD}`);
      const mine = page.locator('[data-testid="board"] tr[data-mine="true"]');
      await mine.waitFor();
      expect(await mine.getAttribute('data-team')).toBe(team);
      expect(await mine.textContent()).toContain('you');
      expect(await page.locator('[data-testid="board"] tr[data-mine="true"]').count()).toBe(1);
      const account = page.getByTestId('account-link');
      await account.waitFor();
      expect(await account.textContent()).toBe(dee.email);
      expect(await page.getByRole('link', { name: 'Sign in' }).count()).toBe(0);
      const box = (await account.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
      await page.getByRole('heading', { name: `Score history: ${team}` }).waitFor();
      expect(await page.getByTestId('history-chart').locator('svg').count()).toBeGreaterThan(0);
      const row = (await mine.boundingBox())!;
      expect(row.width).toBeGreaterThan(0);
      await page.close();
    }
  });

  it('shows the shared board without JavaScript, and keeps client navigation working', async () => {
    const noJs = await browser.newContext({ viewport: DESKTOP, javaScriptEnabled: false });
    await noJs.addCookies(await dee.ctx.cookies());
    const plain = await noJs.newPage();
    await plain.goto(`${e2e.baseUrl}${BOARD}`);
    expect(await plain.locator(`[data-testid="board"] tr[data-team="${team}"]`).count()).toBe(1);
    expect(await plain.getByTestId('race-chart').locator('svg').count()).toBeGreaterThan(0);
    await noJs.close();

    const page = await dee.ctx.newPage();
    await page.goto(`${e2e.baseUrl}/challenges/demo/leaderboard`);
    await page.getByTestId('account-link').waitFor();
    await page.locator(`a[href="${BOARD}"]`).first().click();
    await page.waitForURL(`**${BOARD}`);
    await page.locator('[data-testid="board"] tr[data-mine="true"]').waitFor();
    expect(await page.getByTestId('account-link').textContent()).toBe(dee.email);
    await page.getByRole('link', { name: 'All boards' }).click();
    await page.waitForURL('**/challenges/demo/leaderboard');
    await page.getByRole('heading', { name: 'Leaderboards' }).waitFor();
    expect(await page.getByTestId('account-link').textContent()).toBe(dee.email);
    await page.close();
  });

  it('polls the board stamp while nothing changes without refreshing the page, and refreshes once a score lands', async () => {
    const page = await dee.ctx.newPage();
    const polls: string[] = [];
    const refreshes: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/board-version')) polls.push(r.url());
      // A refresh asks for this very page's RSC payload; the board tabs' links prefetch theirs (next-router-prefetch).
      const u = new URL(r.url());
      const rsc = r.headers()['rsc'] === '1' || u.searchParams.has('_rsc');
      if (rsc && u.pathname === BOARD && !u.searchParams.has('board') && !r.headers()['next-router-prefetch']) refreshes.push(r.url());
    });
    await page.goto(`${e2e.baseUrl}${BOARD}`);
    const mine = page.locator('[data-testid="board"] tr[data-mine="true"]');
    await mine.waitFor();
    const entries = async () => (await mine.locator('td').allTextContents()).at(-2);
    const before = await entries();
    await page.waitForTimeout(11_500);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    expect(refreshes).toEqual([]);

    const other = await dee.ctx.newPage();
    await other.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    await upload(other, sample);
    await expect.poll(() => other.getByTestId('submit-outcome').textContent(), { timeout: 60_000 }).toMatch(/Scored sample\.csv/);
    await expect.poll(() => refreshes.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(entries, { timeout: 10_000 }).toBe(String(Number(before) + 1));
    // The refreshed board is marked again for its viewer.
    expect(await page.locator('[data-testid="board"] tr[data-mine="true"]').count()).toBe(1);
    await other.close();
    await page.close();
  });
});
