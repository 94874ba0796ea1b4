/**
 * A participant (and an anonymous visitor) is refused by every organizer page,
 * route and server action, on the server. The actions are found in the build's
 * server-reference manifest and called directly, the way a hand-crafted request
 * would, not through the (hidden) menu.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch } from './browser';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(__dirname, '..');

type ManifestEntry = { filename: string; exportedName: string };

function organizerActions(): { id: string; name: string }[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, '.next-e2e/server/server-reference-manifest.json'), 'utf8'));
  return Object.entries(manifest.node as Record<string, ManifestEntry>)
    .filter(([, v]) => v.filename.startsWith('app/organizer/'))
    .map(([id, v]) => ({ id, name: `${v.filename}#${v.exportedName}` }));
}

async function callAction(id: string, fields: Record<string, string>, cookie: string) {
  const { encodeReply } = require('next/dist/compiled/react-server-dom-webpack/client.node');
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const body = await encodeReply([{}, form]);
  const res = await fetch(`${e2e.baseUrl}/organizer`, {
    method: 'POST',
    headers: { 'Next-Action': id, cookie, Accept: 'text/x-component' },
    body,
    redirect: 'manual',
  });
  return { status: res.status, text: await res.text() };
}

describe.skipIf(e2e.skip)('organizer permissions', () => {
  let browser: Browser;
  let cookie = '';
  beforeAll(async () => {
    browser = await launch();
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(`${e2e.baseUrl}/signup`);
    await page.getByLabel('Email').fill(`perm-${Date.now()}@example.com`);
    await page.getByLabel('Password').fill('participant pass');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    cookie = (await ctx.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  });
  afterAll(async () => browser?.close());

  it('answers 403 to a participant on every organizer page, and sends visitors to sign in', async () => {
    for (const p of ['/organizer', '/organizer/challenges/demo', '/organizer/challenges/demo/board', '/organizer/users', '/organizer/challenges/demo/participants', '/organizer/challenges/demo/submissions']) {
      const asParticipant = await fetch(`${e2e.baseUrl}${p}`, { headers: { cookie }, redirect: 'manual' });
      expect(asParticipant.status, p).toBe(403);
      const anonymous = await fetch(`${e2e.baseUrl}${p}`, { redirect: 'manual' });
      expect(anonymous.status, p).toBe(307);
      expect(anonymous.headers.get('location'), p).toContain('/signin');
    }
  });

  it('refuses organizer API routes to a participant (403) and to visitors (401)', async () => {
    const url = `${e2e.baseUrl}/api/v1/organizer/challenges/demo/tasks`;
    const p = await fetch(url, { method: 'POST', headers: { cookie, 'content-type': 'application/zip' }, body: 'PK' });
    expect(p.status).toBe(403);
    expect((await p.json()).error.code).toBe('forbidden:organizer_only');
    expect((await fetch(url, { method: 'POST', body: 'PK' })).status).toBe(401);
    // The organizer routes the command line uses while the embedded site runs.
    for (const [route, body] of [
      ['users', { email: 'made-by-participant@example.com', organizer: true }],
      ['tokens', { email: 'made-by-participant@example.com' }],
      ['challenges', { slug: 'hijacked-api', title: 'x', startAt: new Date().toISOString(), endAt: new Date(Date.now() + 86400_000).toISOString() }],
    ] as const) {
      const u = `${e2e.baseUrl}/api/v1/organizer/${route}`;
      const r = await fetch(u, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(r.status, route).toBe(403);
      expect((await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).status, route).toBe(401);
    }
  });

  it('refuses every organizer server action when called directly by a participant or a visitor', async () => {
    const actions = organizerActions();
    expect(actions.length).toBeGreaterThanOrEqual(7);
    const fields = {
      slug: 'hijacked',
      title: 'Hijacked',
      startAt: new Date().toISOString(),
      endAt: new Date(Date.now() + 86400_000).toISOString(),
      challenge: 'demo',
      team: 'x',
      reason: 'x',
      id: '00000000-0000-0000-0000-000000000000',
    };
    for (const a of actions) {
      const asParticipant = await callAction(a.id, fields, cookie);
      expect(asParticipant.text, a.name).toContain('Only organizers may do this.');
      const anonymous = await callAction(a.id, fields, '');
      expect(anonymous.text, a.name).toMatch(/Sign in/);
    }
    const list = await (await fetch(`${e2e.baseUrl}/api/v1/challenges`, { headers: { cookie } })).json();
    expect(list.challenges.map((c: { slug: string }) => c.slug)).not.toContain('hijacked');
  });
});
