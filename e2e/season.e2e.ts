import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { e2e, launch, signIn } from './browser';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const FIXTURES = path.join(ROOT, 'lib/tasks/fixtures');
const STAMP = Date.now().toString(36);
const SLUG = `season-${STAMP}`;

/** `npx podium …` against the e2e site's DATA_DIR while the site runs (embedded mode, no DATABASE_URL). */
async function podium(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: e2e.dataDir };
  delete env.DATABASE_URL;
  return run(process.execPath, [path.join(ROOT, 'scripts/podium.mjs'), ...args], { cwd: ROOT, env, timeout: 90_000 });
}

function zipOf(fixture: string): string {
  const files: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(path.join(FIXTURES, fixture))) files[`${fixture}/${name}`] = fs.readFileSync(path.join(FIXTURES, fixture, name));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-season-')), `${fixture}.zip`);
  fs.writeFileSync(out, zipSync(files));
  return out;
}

/**
 * The matching fixture as a public dataset on disk often comes: its tables under their own names, named in
 * task.json, and an image column whose cells are relative to the task folder (`images/a.png`) or to
 * `images/` (`b.png`).
 */
function zipOfRealWorldMatching(): string {
  const src = path.join(FIXTURES, 'products');
  const dir = 'catalogs';
  const enc = new TextEncoder();
  // Records, not lines: a quoted cell may hold a newline (abt-5 does).
  const records = (csv: string) => {
    const out: string[] = [];
    let start = 0;
    let quoted = false;
    for (let i = 0; i < csv.length; i++) {
      if (csv[i] === '"') quoted = !quoted;
      else if (csv[i] === '\n' && !quoted) {
        out.push(csv.slice(start, i));
        start = i + 1;
      }
    }
    if (start < csv.length) out.push(csv.slice(start));
    return out;
  };
  const withPhoto = (csv: string) => records(csv).map((r, i) => `${r},${i === 0 ? 'photo' : i % 2 ? 'images/a.png' : 'b.png'}`).join('\n') + '\n';
  const task = JSON.parse(fs.readFileSync(path.join(src, 'task.json'), 'utf8'));
  const files: Record<string, Uint8Array> = {
    [`${dir}/task.json`]: enc.encode(JSON.stringify({ ...task, slug: 'catalogs', left: 'shop_a.csv', right: 'shop_b.csv', columns: { ...task.columns, photo: 'image' } })),
    [`${dir}/shop_a.csv`]: enc.encode(withPhoto(fs.readFileSync(path.join(src, 'left.csv'), 'utf8'))),
    [`${dir}/shop_b.csv`]: enc.encode(withPhoto(fs.readFileSync(path.join(src, 'right.csv'), 'utf8'))),
    [`${dir}/images/a.png`]: enc.encode('png a'),
    [`${dir}/images/b.png`]: enc.encode('png b'),
  };
  for (const name of ['train_pairs.csv', 'test_pairs.csv', 'test_labels.csv']) files[`${dir}/${name}`] = fs.readFileSync(path.join(src, name));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-season-')), `${dir}.zip`);
  fs.writeFileSync(out, zipSync(files));
  return out;
}

async function cookieOf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

async function upload(cookie: string, task: string, name: string, text: string) {
  const form = new FormData();
  form.set('file', new Blob([text]), name);
  const r = await fetch(`${e2e.baseUrl}/api/v1/challenges/${SLUG}/tasks/${task}/submissions`, { method: 'POST', headers: { cookie }, body: form });
  expect(r.status).toBe(202);
  return ((await r.json()) as { id: string }).id;
}

async function waitScored(cookie: string, id: string) {
  await expect
    .poll(async () => ((await (await fetch(`${e2e.baseUrl}/api/v1/submissions/${id}`, { headers: { cookie } })).json()) as { status: string }).status, { timeout: 30_000 })
    .toMatch(/scored|failed/);
}

describe.skipIf(e2e.skip)("the organizer's season", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('the command line writes through the running site: a challenge, a user who signs in at once, a task folder', async () => {
    const made = await podium('challenge', 'add', SLUG, '--title', `Season ${STAMP}`);
    expect(made.stdout).toContain(`Created challenge ${SLUG}`);
    expect(made.stdout).toContain('through the running site');

    const email = `cli-${STAMP}@example.com`;
    const added = await podium('user', 'add', email, '--password', 'cli password 1', '--name', 'Cli Person');
    expect(added.stdout).toContain(`Created participant ${email}.`);
    const page = await browser.newPage();
    await signIn(page, email, 'cli password 1'); // at once, with the site still running
    await page.close();

    const imported = await podium('task', 'add', path.join(FIXTURES, 'iris'), '--challenge', SLUG);
    expect(imported.stdout).toContain(`Imported task iris-species into ${SLUG}`);
    expect(imported.stdout).toMatch(/train\.parquet\s+\d+ B {2}sha256 [0-9a-f]{64}/);
    expect(imported.stderr).toMatch(/Uploading iris: sent [\d.]+ (B|KB|MB)\b/); // sizes in the unit people read (issue 12) // the progress bar's summary line off a terminal
    const token = (await podium('token', 'add', email, '--name', 'e2e')).stdout.trim();
    expect((await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });

  it('an organizer reads the docs, imports a task, sees participants and failed submissions, makes an organizer, archives and restores a task, announces', async () => {
    const orgCtx = await browser.newContext();
    const org = await orgCtx.newPage();
    await signIn(org, e2e.organizer.email, e2e.organizer.password);

    // The docs, from the console.
    await org.goto(`${e2e.baseUrl}/organizer`);
    await org.getByRole('link', { name: 'Documentation' }).click();
    await org.getByRole('heading', { name: 'podium documentation' }).waitFor();
    await org.getByRole('navigation', { name: 'Documentation' }).getByRole('link', { name: 'Task folders' }).click();
    await org.getByRole('heading', { name: 'A complete classification example, with images' }).waitFor();
    expect(org.url()).toBe(`${e2e.baseUrl}/docs/task-folders`);
    const openapi = await fetch(`${e2e.baseUrl}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toBe('3.1.0');

    // A zipped folder through the console (the matching fixture).
    await org.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}`);
    await org.getByLabel('Zipped task folder').setInputFiles(zipOf('products'));
    await org.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => org.getByTestId('task-upload-result').textContent(), { timeout: 60_000 }).toContain('Imported task "abt-buy-slice"');
    // A folder in a real dataset's own conventions imports on the first try; its images are published relative to images/.
    await org.getByLabel('Zipped task folder').setInputFiles(zipOfRealWorldMatching());
    await org.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => org.getByTestId('task-upload-result').textContent(), { timeout: 60_000 }).toContain('Imported task "catalogs"');
    const orgCookie = await cookieOf(org.context());
    const left = await fetch(`${e2e.baseUrl}/api/v1/challenges/${SLUG}/tasks/catalogs/files/left.csv`, { headers: { cookie: orgCookie } });
    expect(left.status).toBe(200);
    const published = await left.text();
    expect(published.split(/\r?\n/)[0]).toBe('id,name,brand,price,photo');
    expect(published).toMatch(/,a\.png\r?\n/);
    expect(published).toMatch(/,b\.png\r?\n/);
    expect(published).not.toContain('images/');

    // A participant joins and sends one good and one broken file.
    const email = `cli-${STAMP}@example.com`;
    const pCtx = await browser.newContext();
    const p = await pCtx.newPage();
    await signIn(p, email, 'cli password 1');
    await p.goto(`${e2e.baseUrl}/challenges/${SLUG}`);
    await p.getByRole('button', { name: 'Accept the rules and join' }).click();
    await p.getByText('You accepted the rules on').waitFor();
    const cookie = await cookieOf(pCtx);
    const labels = fs.readFileSync(path.join(FIXTURES, 'iris/test_labels.csv'), 'utf8').trim().split('\n').slice(1);
    const good = await upload(cookie, 'iris-species', 'good.csv', `id,label\n${labels.join('\n')}\n`);
    const bad = await upload(cookie, 'iris-species', 'bad.csv', `id,label\n${labels.slice(1).join('\n')}\n`);
    await waitScored(cookie, good);
    await waitScored(cookie, bad);

    // Participants, and the failed submission first among all of them.
    await org.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}`);
    await org.getByRole('link', { name: 'Participants', exact: true }).click();
    const row = org.getByTestId('participants').locator('tr', { hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain('(1 failed)');
    expect(await row.textContent()).not.toContain('rules not accepted');
    await org.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}/submissions`);
    const rows = org.getByTestId('submissions').locator('tbody tr');
    expect(await rows.first().getAttribute('data-status')).toBe('failed');
    expect(await rows.first().textContent()).toContain('bad.csv');
    await org.getByLabel('Status').selectOption('failed');
    await org.getByRole('button', { name: 'Filter' }).click();
    await org.waitForURL(/status=failed/);
    expect(await org.getByTestId('submissions').locator('tbody tr').count()).toBe(1);

    // A second organizer: the participant gets the console at their next request.
    expect((await p.goto(`${e2e.baseUrl}/organizer`))!.status()).toBe(403);
    await org.goto(`${e2e.baseUrl}/organizer/users`);
    await org.getByRole('button', { name: `Make ${email} an organizer` }).click();
    await org.locator('tr', { hasText: email }).getByText('organizer', { exact: true }).waitFor();
    expect((await p.goto(`${e2e.baseUrl}/organizer`))!.status()).toBe(200);
    await org.locator('li', { hasText: 'user.make_organizer' }).first().waitFor();
    await org.getByRole('button', { name: `Remove organizer ${email}` }).click();
    await org.getByRole('button', { name: 'Yes, remove organizer' }).click();
    await org.locator('tr', { hasText: email }).getByText('participant', { exact: true }).waitFor();

    // Archive a task (the confirmation names what goes away), then restore it.
    const taskApi = `${e2e.baseUrl}/api/v1/challenges/${SLUG}/tasks/iris-species`;
    await org.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}`);
    await org.getByRole('button', { name: 'Archive task iris-species' }).click();
    const ask = org.getByRole('alertdialog', { name: 'Confirm: Archive task iris-species' });
    expect(await ask.textContent()).toContain('2 submissions of 1 team leave the boards');
    await org.getByRole('button', { name: 'Yes, archive iris-species' }).click();
    await org.getByRole('button', { name: 'Restore task iris-species' }).waitFor();
    await expect.poll(async () => (await fetch(taskApi, { headers: { cookie } })).status).toBe(404);
    await p.goto(`${e2e.baseUrl}/challenges/${SLUG}`);
    expect(await p.locator(`a[href="/challenges/${SLUG}/tasks/iris-species"]`).count()).toBe(0);
    await org.getByRole('button', { name: 'Restore task iris-species' }).click();
    await org.getByRole('button', { name: 'Archive task iris-species' }).waitFor();
    expect((await fetch(taskApi, { headers: { cookie } })).status).toBe(200);

    // An announcement the participant sees on the challenge page.
    await org.getByLabel(/New announcement/).fill('**Kick-off**: the matching task is open.');
    await org.getByRole('button', { name: 'Post announcement' }).click();
    await org.locator('.announcements li', { hasText: 'the matching task is open' }).waitFor();
    await p.goto(`${e2e.baseUrl}/challenges/${SLUG}`);
    const note = p.getByRole('region', { name: 'Announcements' });
    await note.locator('strong', { hasText: 'Kick-off' }).waitFor();

    // Disabling the account ends its session at the next request, refuses its password, and enabling undoes it.
    await org.goto(`${e2e.baseUrl}/organizer/users`);
    await org.getByRole('button', { name: `Disable ${email}` }).click();
    await org.getByRole('button', { name: 'Yes, disable' }).click();
    await org.getByRole('button', { name: `Enable ${email}` }).waitFor();
    expect((await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { cookie } })).status).toBe(401);
    const again = await browser.newPage();
    await again.goto(`${e2e.baseUrl}/signin`);
    await again.getByLabel('Email').fill(email);
    await again.getByLabel('Password').fill('cli password 1');
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByText('This account has been disabled by an organizer.').waitFor();
    await org.getByRole('button', { name: `Enable ${email}` }).click();
    await org.getByRole('button', { name: `Disable ${email}` }).waitFor();
    await signIn(again, email, 'cli password 1');
    await again.close();

    // A one-time password-reset link, handed over by the organizer.
    await org.getByRole('button', { name: `Password-reset link for ${email}` }).click();
    const link = (await org.getByTestId('reset-link').textContent())!.trim();
    const reset = await browser.newPage();
    await reset.goto(link);
    await reset.getByLabel(/New password/).fill('reset password 2');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await reset.getByText(`The password of ${email} is set.`).waitFor();
    await reset.goto(link);
    await reset.getByText('This password-reset link is unknown, was already used, or has expired.').waitFor();
    await signIn(reset, email, 'reset password 2');
    await reset.close();
    await orgCtx.close();
    await pCtx.close();
  });
});
