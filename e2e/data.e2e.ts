import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { e2e, launch, signIn } from './browser';

const IRIS = path.resolve(__dirname, '../lib/tasks/fixtures/iris');

function irisZip(): string {
  const files: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(IRIS)) files[`iris-species/${name}`] = fs.readFileSync(path.join(IRIS, name));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-zip-')), 'iris-species.zip');
  fs.writeFileSync(out, zipSync(files));
  return out;
}

async function cookieHeader(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

describe.skipIf(e2e.skip)('task data in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('shows the seeded demo challenge with both tracks and five tasks', async () => {
    const page = await browser.newPage();
    await page.goto(e2e.baseUrl);
    await page.getByText('Multimodal Tabular Demo Challenge').click();
    await page.getByRole('heading', { name: 'Classification track' }).waitFor();
    await page.getByRole('heading', { name: 'Matching track' }).waitFor();
    expect(await page.locator('a[href^="/challenges/demo/tasks/"]').count()).toBe(5);
    await page.close();
  });

  it('an organizer uploads a zipped task; a participant accepts the rules and downloads it; labels stay out of reach', async () => {
    const orgCtx = await browser.newContext();
    const org = await orgCtx.newPage();
    await signIn(org, e2e.organizer.email, e2e.organizer.password);
    await org.goto(`${e2e.baseUrl}/organizer/challenges/demo`);
    await org.getByLabel('Zipped task folder').setInputFiles(irisZip());
    await org.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => org.getByTestId('task-upload-result').textContent(), { timeout: 60_000 }).toContain('Imported task "iris-species"');
    // The same upload again is refused with a message that says how to replace.
    await org.getByLabel('Zipped task folder').setInputFiles(irisZip());
    await org.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => org.getByTestId('task-upload-result').textContent(), { timeout: 60_000 }).toContain('already has a task "iris-species"');
    await orgCtx.close();

    const ctx = await browser.newContext({ acceptDownloads: true });
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Email').fill(`dl-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('download pass');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    const taskUrl = `${e2e.baseUrl}/challenges/demo/tasks/iris-species`;
    const fileUrl = `${e2e.baseUrl}/api/v1/challenges/demo/tasks/iris-species/files`;
    await page.goto(taskUrl);
    await page.getByText('Accept the challenge rules').waitFor();
    const cookie = await cookieHeader(ctx);
    const refused = await fetch(`${fileUrl}/train.csv`, { headers: { cookie } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden:rules_not_accepted');
    expect((await fetch(`${fileUrl}/train.csv`)).status).toBe(401);

    await page.goto(`${e2e.baseUrl}/challenges/demo`);
    await page.getByRole('button', { name: 'Accept the rules and join' }).click();
    await page.getByText('You accepted the rules on').waitFor();

    await page.goto(taskUrl);
    const listedSha = (await page.locator('tr', { hasText: 'train.parquet' }).locator('code').textContent())!.trim();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'train.parquet' }).click()]);
    const saved = await download.path();
    expect(crypto.createHash('sha256').update(fs.readFileSync(saved!)).digest('hex')).toBe(listedSha);

    const full = await fetch(`${fileUrl}/train.csv`, { headers: { cookie } });
    expect(full.status).toBe(200);
    const body = Buffer.from(await full.arrayBuffer());
    expect(body.toString('utf8').split('\n')[0]).toBe('id,sepal_length,sepal_width,petal_length,petal_width,species');
    const part = await fetch(`${fileUrl}/train.csv`, { headers: { cookie, range: 'bytes=3-12' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 3-12/${body.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(body.subarray(3, 13));
    expect((await fetch(`${fileUrl}/train.csv`, { headers: { cookie, range: `bytes=${body.length + 5}-` } })).status).toBe(416);

    // Answer keys: no name, path trick or encoding reaches them.
    for (const name of [
      'test_labels.csv',
      'test_labels.parquet',
      'answer-key.bin',
      '..%2Fprivate%2Fanswer-key.bin',
      '..%252Fprivate%252Fanswer-key.bin',
      '%2E%2E%2F%2E%2E%2Fprivate%2Fanswer-key.bin',
    ]) {
      const r = await fetch(`${fileUrl}/${name}`, { headers: { cookie } });
      expect([400, 404], `${name} → ${r.status}`).toContain(r.status);
      expect(await r.text()).not.toContain('Iris-setosa,');
    }
    for (const url of [
      `${e2e.baseUrl}/api/v1/challenges/demo/tasks/iris-species/files/../../../../../etc/passwd`,
      `${e2e.baseUrl}/api/v1/challenges/demo/tasks/iris-species/files/..%2F..%2F..%2F..%2Fpglite.lock`,
    ]) {
      const r = await fetch(url, { headers: { cookie } });
      expect(r.status, url).not.toBe(200);
    }
    const meta = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/iris-species`, { headers: { cookie } })).text();
    expect(meta).not.toMatch(/answer|private\//i);
    await ctx.close();
  });
});
