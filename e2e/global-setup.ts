/**
 * Starts the real site the way a newcomer does (scripts/start.ts: migrate,
 * seed, build if needed, next start) on a fresh data folder and a free port,
 * and finds Debian's Chromium. Without Chromium the browser tests are skipped
 * with a message, unless REQUIRE_E2E=1 makes that a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

export type E2EContext = {
  skip: string | null;
  baseUrl: string;
  dataDir: string;
  chromium: string;
  organizer: { email: string; password: string };
};

declare module 'vitest' {
  export interface ProvidedContext {
    e2e: E2EContext;
  }
}

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

export default async function setup(project: TestProject) {
  const chromium = process.env.CHROMIUM_PATH ?? CHROMIUM_CANDIDATES.find((p) => fs.existsSync(p));
  if (!chromium) {
    const msg = 'No Chromium found (install Debian\'s "chromium" package): skipping the browser tests.';
    if (process.env.REQUIRE_E2E === '1') throw new Error(`${msg} REQUIRE_E2E=1 makes this a failure.`);
    console.warn(`\n[e2e] ${msg}\n`);
    project.provide('e2e', { skip: msg, baseUrl: '', dataDir: '', chromium: '', organizer: { email: '', password: '' } });
    return;
  }

  const root = path.resolve(__dirname, '..');
  dataDir = path.join(root, '.e2e-data', `run-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs');
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), NEXTAUTH_URL: baseUrl, NODE_ENV: 'production', PODIUM_DIST_DIR: '.next-e2e', SIGNUP_MAX_PER_WINDOW: '1000' };
  delete env.DATABASE_URL;
  server = spawn(process.execPath, ['--conditions=react-server', '--import', tsx, 'scripts/start.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  // The site's output is kept in .e2e-data/server.log for when a test fails.
  const log = fs.createWriteStream(path.join(root, '.e2e-data', 'server.log'));
  server.stdout!.on('data', (d) => {
    out += d;
    log.write(d);
  });
  server.stderr!.on('data', (d) => {
    out += d;
    log.write(d);
  });

  const deadline = Date.now() + 480_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`The site did not start:\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/api/v1/challenges`);
      if (r.status === 401 || r.ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`The site did not answer within 8 minutes:\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const email = /email:\s+(\S+)/.exec(out)?.[1];
  const password = /password:\s+(\S+)/.exec(out)?.[1];
  assert.ok(email && password, `The first start did not print the organizer's email and password:\n${out}`);
  project.provide('e2e', { skip: null, baseUrl, dataDir, chromium, organizer: { email, password } });
  // Vitest calls what setup returns when the run ends (a named `teardown` beside a default export is not called).
  return teardown;
}

async function teardown() {
  if (server?.pid) {
    const group = -server.pid;
    const gone = new Promise((r) => (server!.exitCode !== null ? r(null) : server!.once('exit', r)));
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      /* already gone */
    }
    // next-server may take a moment to stop; never leave it running.
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      /* already gone */
    }
    server.stdout?.destroy();
    server.stderr?.destroy();
    server.unref();
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}
