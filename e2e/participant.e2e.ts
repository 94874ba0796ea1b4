/**
 * The participant's view (issue 12): the data preview, the charts, the submissions
 * across the challenge, and the rough edges, at 1366×768 and at phone width (390×844).
 * Screenshots of the charts go to .e2e-data/screens/ to be looked at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch } from './browser';

import { DESKTOP, PHONE, SCREENS, TASK, cookieOf, signUpAndJoin, tmpFile, upload } from './participant-helpers';

describe.skipIf(e2e.skip)("the participant's view", () => {
  let browser: Browser;
  let ada: Awaited<ReturnType<typeof signUpAndJoin>>;
  let sample: string;
  beforeAll(async () => {
    browser = await launch();
    fs.mkdirSync(SCREENS, { recursive: true });
    ada = await signUpAndJoin(browser, 'ada');
    const res = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/files/sample_submission.csv`, { headers: { cookie: await cookieOf(ada.ctx) } });
    expect(res.status).toBe(200);
    sample = tmpFile('sample.csv', await res.text());
  });
  afterAll(async () => browser?.close());

  it('shows the first rows, thumbnails, long text that expands and images per class only to those who may download', async () => {
    const { page } = ada;
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    const preview = page.getByTestId('data-preview');
    await preview.waitFor();
    for (const file of ['train.csv', 'test.csv']) {
      const rows = page.getByTestId(`preview-${file}`).locator('tbody tr');
      expect(await rows.count()).toBeGreaterThanOrEqual(5);
    }
    // Thumbnails come out of the stored images.zip and really load.
    const thumb = page.getByTestId('preview-thumb').first();
    await thumb.scrollIntoViewIfNeeded();
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    // Long text is cut with an ellipsis and opens in place.
    const long = page.getByTestId('preview-long').first();
    const cut = (await long.locator('summary').textContent())!;
    expect(cut.endsWith('…')).toBe(true);
    await long.locator('summary').click();
    expect((await long.textContent())!.length).toBeGreaterThan(cut.length - 1);
    expect(await long.evaluate((d: HTMLDetailsElement) => d.open)).toBe(true);
    // A gallery of a few images per class.
    const classes = page.getByTestId('preview-gallery').locator('figure');
    expect(await classes.count()).toBeGreaterThanOrEqual(3);
    expect(await classes.first().locator('img').count()).toBeGreaterThanOrEqual(1);
    await preview.screenshot({ path: path.join(SCREENS, 'preview-1366.png') });

    // Not signed in: no preview, and the image route is closed like the downloads.
    const anon = await browser.newPage({ viewport: DESKTOP });
    await anon.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    await anon.getByRole('heading', { name: 'Data', exact: true }).waitFor();
    expect(await anon.getByTestId('data-preview').count()).toBe(0);
    const src = (await thumb.getAttribute('src'))!;
    expect((await fetch(`${e2e.baseUrl}${src}`)).status).toBe(401);
    expect((await fetch(`${e2e.baseUrl}${src.replace(/images\/.*/, 'images/..%2Fprivate%2Fkey')}`, { headers: { cookie: await cookieOf(ada.ctx) } })).status).toBe(404);
    await anon.close();
  });

  it('says "rejected, it did not count" for a bad file and the score once a good one is scored; the table keeps the final button in view', async () => {
    const { page } = ada;
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}`);
    await upload(page, tmpFile('bad.csv', 'id,label\nnot-an-id,nothing\n'));
    const outcome = page.getByTestId('submit-outcome');
    await expect.poll(() => outcome.textContent(), { timeout: 60_000 }).toContain('Rejected bad.csv');
    // A rejected file costs nothing: all 5 of today's submissions are still there.
    expect(await outcome.textContent()).toContain('5 left today');
    await upload(page, sample);
    await expect.poll(() => outcome.textContent(), { timeout: 60_000 }).toMatch(/Scored sample\.csv: Macro F1 \d\.\d{4} on the public part/);
    expect(await outcome.textContent()).toContain('4 left today');
    expect(await outcome.textContent()).not.toContain('Scoring');

    const table = page.getByTestId('my-submissions');
    await table.locator('tr[data-status="scored"]').first().waitFor();
    // The ranking metric is marked and named as people write it; one number format.
    expect(await table.locator('th[data-ranking="true"]').textContent()).toContain('Macro F1');
    const cells = await table.locator('tr[data-status="scored"] td.num').allTextContents();
    for (const c of cells) expect(c).toMatch(/^(\d+\.\d{4}|—)$/);
    const wrap = page.locator('.table-wrap', { has: table });
    expect(await wrap.evaluate((w) => w.scrollWidth <= w.clientWidth)).toBe(true);
    const button = table.getByRole('button', { name: 'Select as final' }).first();
    const box = (await button.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(DESKTOP.width);

    await page.setViewportSize(PHONE);
    await page.reload();
    const phoneBox = (await table.getByRole('button', { name: 'Select as final' }).first().boundingBox())!;
    expect(phoneBox.x + phoneBox.width).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);
  });

  it('draws the race, the team history, the track averages and labels the axes; one number format on page and CSV', async () => {
    const { page } = ada;
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}/leaderboard`);
    const race = page.getByTestId('race-chart');
    await race.waitFor();
    expect(await race.locator('svg').count()).toBeGreaterThan(0);
    const raceText = (await race.textContent())!;
    expect(raceText).toContain('Day (UTC)');
    expect(raceText).toContain('Best public Macro F1');
    const history = page.getByTestId('history-chart');
    await history.waitFor();
    expect(await history.textContent()).toContain('Submitted at (UTC, ');
    expect(await history.textContent()).toContain('Public Macro F1');
    await race.screenshot({ path: path.join(SCREENS, 'race-1366.png') });
    await history.screenshot({ path: path.join(SCREENS, 'history-1366.png') });

    const board = page.getByTestId('board');
    expect(await board.locator('th[data-ranking="true"]').textContent()).toContain('Macro F1');
    await board.locator('tr[data-mine="true"]').waitFor(); // marked by the browser on the shared page (leaderboard/viewer-parts.tsx)
    expect(await board.locator('tr[data-mine="true"]').textContent()).toContain('you');
    for (const c of await board.locator('tbody td:nth-child(4) strong').allTextContents()) expect(c).toMatch(/^\d\.\d{4}$/);
    for (const c of await board.getByTestId('interval').allTextContents()) expect(c).toMatch(/^\d\.\d{4}–\d\.\d{4}$/);
    const csv = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/${TASK}/leaderboard?format=csv`)).text();
    const scoreCol = csv.trim().split('\r\n').slice(1).map((l) => l.split(',')[2]);
    for (const v of scoreCol) expect(v).toMatch(/^\d\.\d{4}$/);

    await page.goto(`${e2e.baseUrl}/challenges/demo/tracks/classification`);
    const track = page.getByTestId('track-chart');
    await track.waitFor();
    expect(await track.textContent()).toContain('Average score over the track');
    await track.screenshot({ path: path.join(SCREENS, 'track-1366.png') });

    // The matrix shows task titles and metric names, not slugs.
    await page.goto(`${e2e.baseUrl}/challenges/demo/matrix`);
    const head = (await page.getByTestId('matrix').locator('thead').textContent())!;
    expect(head).toContain('Product type');
    expect(head).toContain('Macro F1');
    expect(head).not.toContain('product-type');
    expect(head).not.toContain('macro_f1');

    await page.setViewportSize(PHONE);
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}/leaderboard`);
    const phoneRace = page.getByTestId('race-chart');
    await phoneRace.waitFor();
    // The frame fits the phone; the chart inside keeps a readable size (600 px wide) and scrolls sideways in it.
    const frame = (await phoneRace.boundingBox())!;
    expect(frame.x + frame.width).toBeLessThanOrEqual(PHONE.width);
    expect((await phoneRace.locator('svg').first().boundingBox())!.width).toBeGreaterThanOrEqual(560);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await phoneRace.screenshot({ path: path.join(SCREENS, 'race-390.png') });
    await page.setViewportSize(DESKTOP);
  });

  it('lists every submission of the team across tasks, and hands the file it sent to the team only', async () => {
    const { page, ctx } = ada;
    await page.goto(`${e2e.baseUrl}/challenges/demo`);
    await page.getByRole('link', { name: 'My submissions' }).click();
    const table = page.getByTestId('all-submissions');
    await table.waitFor();
    expect(await table.locator(`tr[data-task="${TASK}"]`).count()).toBe(2);
    expect(await table.locator('tr[data-status="failed"]').textContent()).toContain('bad.csv');
    const link = table.locator('tr[data-status="scored"]').getByRole('link', { name: 'sample.csv' });
    const href = (await link.getAttribute('href'))!;
    const mine = await fetch(`${e2e.baseUrl}${href}`, { headers: { cookie: await cookieOf(ctx) } });
    expect(mine.status).toBe(200);
    expect(await mine.text()).toBe(fs.readFileSync(sample, 'utf8'));
    const bob = await signUpAndJoin(browser, 'bob');
    const theirs = await fetch(`${e2e.baseUrl}${href}`, { headers: { cookie: await cookieOf(bob.ctx) } });
    expect(theirs.status).toBe(404);
    expect((await fetch(`${e2e.baseUrl}${href}`)).status).toBe(401);
    await bob.ctx.close();
  });

  it('keeps the back link of a task opened from a card clear of the sticky header, on a laptop and a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${e2e.baseUrl}/challenges/demo`);
      const card = page.locator('a.card[href$="/tasks/catalog-duplicates"]');
      await card.scrollIntoViewIfNeeded();
      await card.click();
      await page.waitForURL(/\/tasks\/catalog-duplicates$/);
      const back = page.getByRole('link', { name: /^← / }).first();
      await back.waitFor();
      const header = (await page.locator('.site-header').boundingBox())!;
      const link = (await back.boundingBox())!;
      expect(link.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
      // What is at the link's centre is the link, not the header.
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('a')?.textContent ?? '', { x: link.x + 4, y: link.y + link.height / 2 });
      expect(hit.startsWith('←')).toBe(true);
      await page.close();
    }
  });

  it('keeps what an #anchor opens (the score history, from a team on the board) clear of the sticky header, on a laptop and a phone', async () => {
    // With next 16.4 neither this nor the card test above fails when the CSS offset (globals.css) is removed
    // (checked once, 2026-12-01: a page opened from a card lands at scrollY 0 from every scroll position of the
    // challenge page; the history heading is near the page's end). Both hold the requirement itself.
    for (const viewport of [DESKTOP, PHONE]) {
      const page = await browser.newPage({ viewport });
      await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/${TASK}/leaderboard`);
      const team = page.locator('[data-testid="board"] tbody tr a[href*="#history"]').first();
      await team.click();
      await page.waitForURL(/#history$/);
      const heading = page.locator('h2#history');
      await heading.waitFor();
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0); // the browser did scroll to it
      const header = (await page.locator('.site-header').boundingBox())!;
      const box = (await heading.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(header.y + header.height - 1);
      const hit = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('h2')?.id ?? '', { x: box.x + 4, y: box.y + box.height / 2 });
      expect(hit).toBe('history');
      await page.close();
    }
  });

  it("gives a matching task a curl example for a file it has", async () => {
    const { page, ctx } = ada;
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/catalog-duplicates`);
    const example = (await page.locator('code', { hasText: 'curl' }).textContent())!;
    const url = /(\/api\/v1\/\S+)$/.exec(example)![1];
    expect(url).not.toContain('train.parquet');
    expect((await fetch(`${e2e.baseUrl}${url}`, { headers: { cookie: await cookieOf(ctx) } })).status).toBe(200);
  });
});
