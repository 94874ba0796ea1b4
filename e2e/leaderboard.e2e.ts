/**
 * Leaderboards through the real site: an organizer makes a challenge with the iris
 * task; two teams upload through the API and the public board reorders; a participant
 * fetches every page (HTML and RSC payload) and API route of the challenge and finds no
 * private score; the organizer ends the challenge and the private board appears.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e, launch, signIn } from './browser';
import { seedFromSlug } from '@/lib/scoring/split';

const IRIS = path.resolve(__dirname, '../lib/tasks/fixtures/iris');
const SLUG = `lb-${Date.now().toString(36)}`;
const TASK = 'iris-species';

function irisZip(): string {
  const files: Record<string, Uint8Array> = {};
  for (const name of fs.readdirSync(IRIS)) files[`${TASK}/${name}`] = fs.readFileSync(path.join(IRIS, name));
  // A fixed split: the import otherwise draws a secret seed, and on 12 test rows a random split can make a
  // public value equal a private one by chance, which the leak crawl below cannot tell from a leak. This is the
  // split the mislabelled rows of the test were chosen for (the slug's seed, the default before secret seeds).
  const taskJson = JSON.parse(fs.readFileSync(path.join(IRIS, 'task.json'), 'utf8'));
  files[`${TASK}/task.json`] = new TextEncoder().encode(JSON.stringify({ ...taskJson, seed: seedFromSlug(TASK) }));
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'podium-lb-')), `${TASK}.zip`);
  fs.writeFileSync(out, zipSync(files));
  return out;
}

/** The iris answer key, and predictions with the first `wrong` rows mislabelled. */
function predictions(wrong: number[]): string {
  const lines = fs.readFileSync(path.join(IRIS, 'test_labels.csv'), 'utf8').trim().split('\n').slice(1);
  const classes = ['Iris-setosa', 'Iris-versicolor', 'Iris-virginica'];
  const rows = lines.map((l, i) => {
    const [id, label] = l.split(',');
    return `${id},${wrong.includes(i) ? classes[(classes.indexOf(label) + 1) % 3] : label}`;
  });
  return ['id,label', ...rows].join('\n') + '\n';
}

const localInput = (d: Date) => d.toISOString().slice(0, 16); // contexts run in UTC

async function cookieOf(ctx: BrowserContext): Promise<string> {
  return (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

async function signUp(browser: Browser, name: string): Promise<{ ctx: BrowserContext; page: Page; cookie: string }> {
  const ctx = await browser.newContext({ timezoneId: 'UTC' });
  const page = await ctx.newPage();
  await page.goto(`${e2e.baseUrl}/signup`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(`${name.toLowerCase()}-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('leaderboard pass');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return { ctx, page, cookie: await cookieOf(ctx) };
}

async function submit(cookie: string, wrong: number[]): Promise<string> {
  const form = new FormData();
  form.set('file', new Blob([predictions(wrong)], { type: 'text/csv' }), 'predictions.csv');
  const r = await fetch(`${e2e.baseUrl}/api/v1/challenges/${SLUG}/tasks/${TASK}/submissions`, { method: 'POST', headers: { cookie }, body: form });
  expect(r.status).toBe(202);
  const { id } = await r.json();
  const state = async () => {
    const s = await (await fetch(`${e2e.baseUrl}/api/v1/submissions/${id}`, { headers: { cookie } })).json();
    return s.status === 'failed' ? `failed: ${s.error}` : s.status;
  };
  await expect.poll(state, { timeout: 30_000 }).toMatch(/^(scored|failed)/);
  expect(await state()).toBe('scored');
  return id;
}

const boardTeams = (page: Page) => page.locator('[data-testid="board"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-team')));

describe.skipIf(e2e.skip)('leaderboards in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('two teams submit, the board reorders, no private score reaches a participant, the end reveals the private board', async () => {
    const org = await browser.newContext({ timezoneId: 'UTC' });
    const op = await org.newPage();
    await signIn(op, e2e.organizer.email, e2e.organizer.password);
    await op.goto(`${e2e.baseUrl}/organizer`);
    await op.getByLabel('Title').fill('Leaderboard e2e');
    await op.getByLabel('Slug').fill(SLUG);
    await op.locator('input[name="startAtLocal"]').fill(localInput(new Date(Date.now() - 86_400_000)));
    await op.locator('input[name="endAtLocal"]').fill(localInput(new Date(Date.now() + 86_400_000)));
    await op.getByRole('button', { name: 'Create challenge' }).click();
    await op.waitForURL(`**/organizer/challenges/${SLUG}`);
    await op.getByLabel('Zipped task folder').setInputFiles(irisZip());
    await op.getByRole('button', { name: 'Upload and import' }).click();
    await expect.poll(() => op.getByTestId('task-upload-result').textContent(), { timeout: 60_000 }).toContain(`Imported task "${TASK}"`);
    const orgCookie = await cookieOf(org);

    // Team Alpha: two people, joined through the invite link.
    const ada = await signUp(browser, 'Ada');
    await ada.page.goto(`${e2e.baseUrl}/challenges/${SLUG}`);
    await ada.page.getByRole('button', { name: 'Accept the rules and join' }).click();
    await ada.page.getByText('You accepted the rules on').waitFor();
    await ada.page.goto(`${e2e.baseUrl}/challenges/${SLUG}/team`);
    await ada.page.getByLabel('Team name').fill('Alpha');
    await ada.page.getByRole('button', { name: 'Name my team' }).click();
    await ada.page.getByText('You are now in "Alpha".').waitFor();
    await ada.page.reload();
    const invite = (await ada.page.getByTestId('invite-link').textContent())!;
    const alan = await signUp(browser, 'Alan');
    await alan.page.goto(invite);
    await alan.page.getByRole('button', { name: 'Join team' }).click();
    await alan.page.getByText('You joined "Alpha".').waitFor();
    await alan.page.goto(`${e2e.baseUrl}/challenges/${SLUG}/team`);
    expect(await alan.page.getByTestId('team-name').textContent()).toBe('Alpha');
    expect(await alan.page.locator('li', { hasText: 'Ada' }).count()).toBe(1);

    const bea = await signUp(browser, 'Bea');
    await bea.page.goto(`${e2e.baseUrl}/challenges/${SLUG}`);
    await bea.page.getByRole('button', { name: 'Accept the rules and join' }).click();
    await bea.page.getByText('You accepted the rules on').waitFor();

    // Bea leads with 2 wrong rows; then Alpha (Alan's upload) overtakes with a perfect file.
    const beaIds = [await submit(bea.cookie, [0, 7]), await submit(bea.cookie, [1, 2, 3, 8, 9])];
    const board = `${e2e.baseUrl}/challenges/${SLUG}/tasks/${TASK}/leaderboard`;
    await ada.page.goto(board);
    await expect.poll(() => boardTeams(ada.page), { timeout: 20_000 }).toEqual(['Bea']);
    const alphaIds = [await submit(alan.cookie, [])];
    // No reload: the page refreshes itself.
    await expect.poll(() => boardTeams(ada.page), { timeout: 20_000 }).toEqual(['Alpha', 'Bea']);

    // Private values, as the organizer sees them.
    const privateValues = new Set<number>();
    const publicValues = new Set<number>();
    for (const id of [...beaIds, ...alphaIds]) {
      const s = await (await fetch(`${e2e.baseUrl}/api/v1/submissions/${id}`, { headers: { cookie: orgCookie } })).json();
      for (const v of Object.values(s.private as Record<string, number>)) privateValues.add(v);
      for (const v of Object.values(s.public as Record<string, number>)) publicValues.add(v);
    }
    const secrets = [...privateValues].filter((v) => !publicValues.has(v) && String(v).length > 4);
    expect(secrets.length).toBeGreaterThan(0);

    // Everything Bea can fetch before the end, as HTML, RSC payload and API answers.
    const t = `/challenges/${SLUG}/tasks/${TASK}`;
    const api = `/api/v1/challenges/${SLUG}`;
    const urls = [
      `/challenges/${SLUG}`,
      `/challenges/${SLUG}/leaderboard`,
      `/challenges/${SLUG}/team`,
      `/challenges/${SLUG}/tracks/classification`,
      `/challenges/${SLUG}/tracks/classification?board=private`,
      t,
      ...['public', 'private', 'late'].map((b) => `${t}/leaderboard?board=${b}`),
      `${t}/leaderboard?board=public&team=${encodeURIComponent('x')}`,
      ...beaIds.map((id) => `/submissions/${id}`),
      ...[...beaIds, ...alphaIds].map((id) => `/api/v1/submissions/${id}`),
      `${api}/tasks/${TASK}`,
      `${api}/tasks/${TASK}/submissions`,
      ...['public', 'private', 'late'].flatMap((b) => ['json', 'csv'].map((f) => `${api}/tasks/${TASK}/leaderboard?board=${b}&format=${f}`)),
      `${api}/tracks/classification/leaderboard`,
      `${api}/tracks/classification/leaderboard?board=private`,
      `${api}/tracks/classification/leaderboard?format=csv`,
    ];
    const leaks: string[] = [];
    for (const url of urls) {
      for (const headers of [{ cookie: bea.cookie }, { cookie: bea.cookie, rsc: '1' }] as Array<Record<string, string>>) {
        const body = await (await fetch(`${e2e.baseUrl}${url}`, { headers })).text();
        for (const v of secrets) {
          for (const shown of [String(v), v.toFixed(5), v.toFixed(4)]) if (body.includes(shown)) leaks.push(`${url}${headers.rsc ? ' (RSC)' : ''}: ${shown}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    const refused = await fetch(`${e2e.baseUrl}${api}/tasks/${TASK}/leaderboard?board=private`, { headers: { cookie: bea.cookie } });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.code).toBe('forbidden:private_leaderboard');

    // The organizer disqualifies Bea (with a reason, in the audit log): she leaves the board Ada is watching; then restores her.
    await op.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}/board`);
    await op.getByLabel('Reason to disqualify Bea').fill('shared accounts');
    await op.getByRole('button', { name: 'Disqualify Bea' }).click();
    await op.getByRole('button', { name: 'Yes, disqualify Bea' }).click(); // disqualifying asks first, naming what happens
    await op.getByText('disqualified: shared accounts').waitFor();
    await expect.poll(() => boardTeams(ada.page), { timeout: 20_000 }).toEqual(['Alpha']);
    expect(await op.locator('li', { hasText: 'team.disqualify' }).textContent()).toContain('shared accounts');
    await op.getByRole('button', { name: 'Restore Bea' }).click();
    await expect.poll(() => boardTeams(ada.page), { timeout: 20_000 }).toEqual(['Alpha', 'Bea']);

    // The organizer ends the challenge; the private board appears for everyone.
    await op.goto(`${e2e.baseUrl}/organizer/challenges/${SLUG}`);
    await op.locator('input[name="endAtLocal"]').fill(localInput(new Date(Date.now() - 60_000)));
    await op.getByRole('button', { name: 'Save' }).click();
    await op.waitForURL(/saved=1/);
    await bea.page.goto(`${board}?board=private`);
    await expect.poll(() => boardTeams(bea.page), { timeout: 20_000 }).toEqual(['Alpha', 'Bea']);
    // The API reads challenge settings through a cache of at most a few seconds.
    const privateUrl = `${e2e.baseUrl}${api}/tasks/${TASK}/leaderboard?board=private`;
    await expect.poll(async () => (await fetch(privateUrl, { headers: { cookie: bea.cookie } })).status, { timeout: 10_000 }).toBe(200);
    const open = await (await fetch(privateUrl, { headers: { cookie: bea.cookie } })).json();
    expect(open.rows.map((r: { team: string; rank: number }) => [r.rank, r.team])).toEqual([
      [1, 'Alpha'],
      [2, 'Bea'],
    ]);
    expect(open.rows[0].score).toBe(1);
    // Bea selected nothing: her best public submission (the first) counts.
    const first = await (await fetch(`${e2e.baseUrl}/api/v1/submissions/${beaIds[0]}`, { headers: { cookie: orgCookie } })).json();
    expect(open.rows[1]).toMatchObject({ score: first.private.macro_f1, selection: 'best_public', baseline: false });

    // After the reveal: the private board carries intervals and tied bands, the shake-up chart and the methods page open.
    expect(open.rows[0]).toHaveProperty('band');
    expect(open.rows[0]).toHaveProperty('interval');
    await bea.page.goto(`${e2e.baseUrl}/challenges/${SLUG}/tasks/${TASK}/shake-up`);
    await bea.page.getByTestId('shake-up').waitFor();
    expect(await bea.page.getByTestId('shake-up').textContent()).toContain('Alpha');
    await bea.page.goto(`${e2e.baseUrl}/challenges/${SLUG}/methods`);
    await bea.page.getByRole('heading', { name: 'Methods' }).waitFor();
    expect(await bea.page.locator('.card', { hasText: 'Alpha' }).count()).toBeGreaterThan(0);

    for (const c of [org, ada.ctx, alan.ctx, bea.ctx]) await c.close();
  });
});
