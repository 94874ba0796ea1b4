import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { e2e, launch, signUpWithToken } from './browser';

describe.skipIf(e2e.skip)('submissions in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('uploads a file, watches it get scored, sees a bad file rejected with its reason, and opens the confusion matrix', async () => {
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Name').fill('Uploader');
    await page.getByLabel('Email').fill(`up-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('upload pass 1');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.goto(`${e2e.baseUrl}/challenges/demo`);
    await page.getByRole('button', { name: 'Accept the rules and join' }).click();
    await page.getByText('You accepted the rules on').waitFor();

    const cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const sample = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/files/sample_submission.csv`, { headers: { cookie } });
    expect(sample.status).toBe(200);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-e2e-sub-'));
    const good = path.join(dir, 'majority.csv');
    fs.writeFileSync(good, Buffer.from(await sample.arrayBuffer()));
    const lines = fs.readFileSync(good, 'utf8').trim().split('\n');
    const bad = path.join(dir, 'broken.csv');
    fs.writeFileSync(bad, [lines[0], ...lines.slice(1, 5), lines[1]].join('\n') + '\n');

    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/product-type`);
    await page.getByLabel('Prediction file').setInputFiles(good);
    await page.getByLabel('What did you try?').fill('majority class');
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.getByTestId('submit-outcome').textContent()).toContain('Submitted');
    const row = page.locator('[data-testid="my-submissions"] tbody tr').first();
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 30_000 }).toBe('scored');
    expect(await row.textContent()).toContain('majority class');
    expect(await row.textContent()).toMatch(/0\.\d{5}/);

    await page.getByLabel('Prediction file').setInputFiles(bad);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('[data-testid="my-submissions"] tbody tr').count()).toBe(2);
    const badRow = page.locator('[data-testid="my-submissions"] tbody tr').first();
    await expect.poll(() => badRow.getAttribute('data-status'), { timeout: 30_000 }).toBe('failed');
    expect(await badRow.textContent()).toMatch(/broken\.csv.*row/i);

    // Mark the scored one as a final selection from the table.
    await page.locator('[data-testid="my-submissions"] tbody tr[data-status="scored"]').getByRole('button', { name: 'Select as final' }).click();
    await page.locator('[data-testid="my-submissions"] tbody tr[data-status="scored"]').getByRole('button', { name: 'Unselect as final' }).waitFor();

    // Locators are lazy: `row` is now the newest (failed) one, so pick the scored row explicitly.
    await page.locator('[data-testid="my-submissions"] tbody tr[data-status="scored"]').getByRole('link').click();
    await page.getByTestId('confusion-matrix').waitFor();
    expect(await page.getByText('Private scores stay hidden').isVisible()).toBe(true);
    await page.getByTestId('per-class').waitFor();

    // A second, different submission, then compare the two from the submission page.
    const other = path.join(dir, 'shifted.csv');
    const classes = [...new Set(lines.slice(1).map((l) => l.split(',')[1]))];
    const alt = classes.length > 1 ? classes[1] : classes[0];
    fs.writeFileSync(other, [lines[0], ...lines.slice(1).map((l, i) => (i % 2 ? `${l.split(',')[0]},${alt}` : l))].join('\n') + '\n');
    await page.goto(`${e2e.baseUrl}/challenges/demo/tasks/product-type`);
    await page.getByLabel('Prediction file').setInputFiles(other);
    await page.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => page.locator('[data-testid="my-submissions"] tbody tr[data-status="scored"]').count(), { timeout: 30_000 }).toBe(2);
    await page.locator('[data-testid="my-submissions"] tbody tr[data-status="scored"]').first().getByRole('link').click();
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.getByTestId('comparison').waitFor();
    expect(await page.getByTestId('comparison').textContent()).toContain('rows only this one gets right');
    expect(await page.getByTestId('mcnemar-verdict').textContent()).toMatch(/difference|distinguishable/);

    // The team × task matrix shows this team and the baseline, with ranks.
    await page.goto(`${e2e.baseUrl}/challenges/demo/matrix`);
    const matrix = page.getByTestId('matrix');
    await matrix.waitFor();
    expect(await matrix.textContent()).toContain('Uploader');
    expect(await matrix.textContent()).toContain('Baseline');
    expect(await matrix.locator('td[data-missing="true"]').count()).toBeGreaterThan(0); // tasks the team skipped
    // Columns are named by task title (issue 12: titles, not slugs).
    await matrix.getByText('Product type').click(); // sort by a task column
    expect(await matrix.locator('th[aria-sort="ascending"]').textContent()).toContain('Product type');
    await ctx.close();
  });

  it('submits from the command line with a token and waits for the score; joins with the CLI too', async () => {
    const token = await signUpWithToken(browser, 'cli', 'cli pass 123');

    const run = promisify(execFile);
    const env = { ...process.env, PODIUM_URL: e2e.baseUrl, PODIUM_TOKEN: token };
    const cli = path.resolve(__dirname, '../scripts/podium.mjs');
    const joined = await run(process.execPath, [cli, 'join', 'demo'], { env });
    expect(joined.stdout).toContain('Joined demo');

    const sample = await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/catalog-duplicates/files/sample_submission.csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-cli-')), 'pairs.csv');
    fs.writeFileSync(file, Buffer.from(await sample.arrayBuffer()));
    const { stdout } = await run(process.execPath, [cli, 'submit', 'demo/catalog-duplicates', file, '--wait', '--description', 'all non-matches'], { env, timeout: 120_000 });
    const result = JSON.parse(stdout);
    expect(result.status).toBe('scored');
    expect(result.public).toHaveProperty('f1', 0); // the sample predicts no match at all
    expect(result.public).toHaveProperty('precision');
  });
});
