import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch, signIn } from './browser';

function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe.skipIf(e2e.skip)('organizer console', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('creates a challenge with a schedule and a track, refuses a bad form with field messages, and re-scores a task', async () => {
    const page = await browser.newPage();
    await signIn(page, e2e.organizer.email, e2e.organizer.password);
    await page.goto(`${e2e.baseUrl}/organizer`);

    // End before start: refused, with the message beside the field and what was typed kept.
    await page.getByLabel('Title', { exact: false }).first().fill('Spring Cup');
    await page.getByLabel('Slug').fill('spring-cup');
    await page.locator('input[name="startAtLocal"]').fill(localInput(new Date(Date.now() + 7 * 86400_000)));
    await page.locator('input[name="endAtLocal"]').fill(localInput(new Date(Date.now() + 86400_000)));
    await page.getByRole('button', { name: 'Create challenge' }).click();
    await page.getByText('The end must come after the start.').waitFor();
    expect(await page.getByLabel('Slug').inputValue()).toBe('spring-cup');

    await page.locator('input[name="startAtLocal"]').fill(localInput(new Date(Date.now() + 86400_000)));
    await page.locator('input[name="endAtLocal"]').fill(localInput(new Date(Date.now() + 30 * 86400_000)));
    await page.getByRole('button', { name: 'Create challenge' }).click();
    await page.waitForURL(/\/organizer\/challenges\/spring-cup/);
    await page.getByLabel('Track slug').fill('matching');
    await page.getByLabel('Title', { exact: true }).first().fill('Matching');
    await page.getByRole('button', { name: 'Add or update track' }).click();
    await page.locator('li', { hasText: 'Matching' }).waitFor();

    const list = await (await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).json();
    const spring = list.challenges.find((c: { slug: string }) => c.slug === 'spring-cup');
    expect(spring).toMatchObject({ title: 'Spring Cup', phase: 'upcoming' });
    expect(Date.parse(spring.endAt) - Date.parse(spring.startAt)).toBeCloseTo(29 * 86400_000, -5);

    // Re-score the demo's first task: the baseline's old score stands beside the new one.
    await page.goto(`${e2e.baseUrl}/organizer/challenges/demo/rescore?task=product-type`);
    await page.getByRole('button', { name: 'Re-score every submission of this task' }).click();
    await page.getByText(/\d+ queued/).waitFor();
    const table = page.getByTestId('rescore-table');
    await expect.poll(async () => (await table.locator('tbody tr', { hasText: 'Baseline' }).first().textContent()) ?? '', { timeout: 30_000 }).toMatch(/scored.*=/s);
    await page.close();
  });
});
