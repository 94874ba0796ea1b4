/**
 * Server mode as docs/deploy.md runs it: PostgreSQL, S3 (s3rver), two web
 * processes (`npm run serve`) and two workers (`npm run worker`), all four
 * started at once on an empty database. An upload through one web process
 * is scored by a worker and shown by the other; /api/health answers 503 when
 * a web process loses its database; one SIGTERM to each npm pid stops
 * everything. Needs TEST_DATABASE_URL (CI sets it).
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase } from '@/db/testing';
import { config } from '@/lib/config';
import { startTestS3Server, type TestS3Server } from '@/lib/storage/test-s3-server';
import { e2e, launch } from './browser';
import { freePort, groupAlive, killGroup, listening, npmRun, root, waitFor, waitHealthy, type Proc } from './processes';

const serverUrl = config().TEST_DATABASE_URL;

/** A TCP relay in front of PostgreSQL, so one web process's database can be cut off. */
async function startRelay(target: URL): Promise<{ port: number; cut(): void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(upstream).pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    port,
    cut() {
      server.close();
      for (const s of sockets) s.destroy();
    },
  };
}

describe.skipIf(!!e2e.skip || !serverUrl)('server mode: two web processes, two workers, PostgreSQL and S3', () => {
  let db: { url: string; drop: () => Promise<void> };
  let s3: TestS3Server;
  let relay: Awaited<ReturnType<typeof startRelay>>;
  const procs: Proc[] = [];
  let web: { a: string; b: string; portA: number; portB: number };
  let env: Record<string, string>;
  let token = '';
  const dataDir = path.join(root, '.e2e-data', `server-${process.pid}`);

  beforeAll(async () => {
    db = await createPostgresDatabase(serverUrl!);
    s3 = await startTestS3Server('podium-deploy');
    relay = await startRelay(new URL(db.url));
    const [portA, portB] = [await freePort(), await freePort()];
    web = { a: `http://localhost:${portA}`, b: `http://localhost:${portB}`, portA, portB };
    const viaRelay = new URL(db.url);
    viaRelay.host = `127.0.0.1:${relay.port}`;
    env = {
      DATABASE_URL: db.url,
      NEXTAUTH_SECRET: 'server-mode-test-secret-0123456789',
      STORAGE_URL: `s3://${s3.bucket}/podium`,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DATA_DIR: dataDir,
      SEED_DEMO: 'false',
      EMBEDDED_WORKER: 'false',
      LOG_FORMAT: 'json',
    };
    // All four at once on the empty database: one migrates while the others wait.
    procs.push(
      npmRun('web A', 'serve', { ...env, DATABASE_URL: viaRelay.toString(), PORT: String(portA), NEXTAUTH_URL: web.a, HOST: '127.0.0.1' }),
      npmRun('web B', 'serve', { ...env, PORT: String(portB), NEXTAUTH_URL: web.b, HOST: '127.0.0.1' }),
      npmRun('worker 1', 'worker', env),
      npmRun('worker 2', 'worker', env),
    );
    await waitHealthy(web.a, procs, 180_000);
    await waitHealthy(web.b, procs, 60_000);
    await waitFor('both workers', async () => (procs.slice(2).every((p) => p.output().includes('"msg":"started"')) ? true : undefined), 60_000, procs);
  });

  afterAll(async () => {
    for (const p of procs) killGroup(p);
    relay?.cut();
    await s3?.stop();
    await db?.drop().catch(() => {});
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('four processes started together on an empty database all come up (one migrator)', () => {
    expect(procs[0].output() + procs[1].output()).toContain('no organizer account yet. Create one with `npx podium user add');
    for (const p of procs) {
      expect(p.child.exitCode, `${p.name}:\n${p.output()}`).toBeNull();
      expect(p.output()).not.toMatch(/duplicate key|already exists/);
      expect(p.output()).not.toContain('NodeVersionSupportWarning'); // the AWS SDK's notice on every start
    }
  });

  it('health answers with the database, the storage and the queue; one JSON log line per request', async () => {
    const r = await fetch(`${web.a}/api/health`, { headers: { 'x-request-id': 'probe-123' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBe('probe-123');
    const body = await r.json();
    expect(body).toMatchObject({ database: 'ok', storage: 'ok', queue: { queued: expect.any(Number), scoring: expect.any(Number) } });
    const line = await waitFor('the request line', async () =>
      procs[0]
        .output()
        .split('\n')
        .find((l) => l.includes('"requestId":"probe-123"')),
    5000);
    expect(JSON.parse(line)).toMatchObject({ name: 'http', method: 'GET', path: '/api/health', status: 200, requestId: 'probe-123', ms: expect.any(Number), time: expect.any(String) });
  });

  it('an upload through web A is scored by a worker and shown by web B', async () => {
    const run = promisify(execFile);
    const cli = path.join(root, 'scripts', 'podium.mjs');
    const cliEnv: NodeJS.ProcessEnv = { ...process.env, ...env, NODE_ENV: 'production' };
    // An operator's setup, with the CLI against the same PostgreSQL and bucket while the site runs
    // (two independent chains at once: each CLI start costs seconds on a busy machine).
    const [added, { stdout }] = await Promise.all([
      run(process.execPath, [cli, 'challenge', 'add', 'acme'], { env: cliEnv, cwd: root }).then(() =>
        run(process.execPath, [cli, 'task', 'add', path.join(root, 'lib/tasks/fixtures/iris'), '--challenge', 'acme'], { env: cliEnv, cwd: root }),
      ),
      run(process.execPath, [cli, 'user', 'add', 'pat@corp.example', '--password', 'pat pass 1234'], { env: cliEnv, cwd: root }).then(() =>
        run(process.execPath, [cli, 'token', 'add', 'pat@corp.example'], { env: cliEnv, cwd: root }),
      ),
    ]);
    expect(added.stderr).not.toContain('NodeVersionSupportWarning'); // it wrote to S3
    token = stdout.trim().split('\n').pop()!.trim();
    expect(token.length, stdout).toBeGreaterThan(20);
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${web.a}/api/v1/challenges/acme/join`, { method: 'POST', headers: auth })).status).toBe(200);
    const sample = await fetch(`${web.b}/api/v1/challenges/acme/tasks/iris-species/files/sample_submission.csv`, { headers: auth });
    expect(sample.status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([await sample.arrayBuffer()]), 'sample.csv');
    const posted = await fetch(`${web.a}/api/v1/challenges/acme/tasks/iris-species/submissions`, { method: 'POST', headers: auth, body: form });
    expect(posted.status).toBe(202);
    const { id } = (await posted.json()) as { id: string };
    const scored = await waitFor(
      'the score on web B',
      async () => {
        const s = (await (await fetch(`${web.b}/api/v1/submissions/${id}`, { headers: auth })).json()) as { status: string };
        return s.status === 'scored' ? s : undefined;
      },
      60_000,
      procs,
    );
    expect(scored).toHaveProperty('status', 'scored');
    const board = (await (await fetch(`${web.b}/api/v1/challenges/acme/tasks/iris-species/leaderboard`, { headers: auth })).json()) as {
      rows: { team: string }[];
    };
    expect(board.rows.length).toBeGreaterThan(0);
    expect(procs.slice(2).some((p) => p.output().includes(id))).toBe(true); // a worker process scored it
  });

  it('restarting web B leaves the build alone and web A answering throughout', async () => {
    const buildId = path.join(root, '.next-e2e', 'BUILD_ID');
    const before = fs.statSync(buildId).mtimeMs;
    const statuses: number[] = [];
    let polling = true;
    const poll = (async () => {
      while (polling) {
        statuses.push((await fetch(`${web.a}/api/v1/challenges/acme/tasks/iris-species`, { headers: { authorization: `Bearer ${token}` } })).status);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const old = procs[1];
    process.kill(old.child.pid!, 'SIGTERM');
    expect(await old.exited).toBe(0);
    procs[1] = npmRun('web B (restarted)', 'serve', { ...env, PORT: String(web.portB), NEXTAUTH_URL: web.b, HOST: '127.0.0.1' });
    await waitHealthy(web.b, procs, 90_000);
    polling = false;
    await poll;
    expect(statuses.length).toBeGreaterThan(3);
    expect(statuses.every((st) => st === 200)).toBe(true);
    expect(fs.statSync(buildId).mtimeMs).toBe(before);
    const r = await fetch(`${web.b}/api/v1/challenges/acme/tasks/iris-species/leaderboard`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status).toBe(200);
  });

  it('health is 503 naming the database when a web process cannot reach it; the other stays healthy', async () => {
    relay.cut();
    const r = await fetch(`${web.a}/api/health`, { headers: { 'x-request-id': 'probe-down' } });
    expect(r.status).toBe(503);
    const body = (await r.json()) as { down: string[]; database: string; storage: string };
    expect(body.down).toEqual(['database']);
    expect(body.database).toMatch(/^down: /);
    expect(body.storage).toBe('ok');
    expect((await fetch(`${web.b}/api/health`)).status).toBe(200);
    expect(procs[0].child.exitCode).toBeNull(); // still serving, answering 503
    // Logged from inside the Next.js bundle by the same logger, tagged with the request id.
    const line = procs[0].output().split('\n').find((l) => l.includes('"name":"health"') && l.includes('probe-down'));
    expect(JSON.parse(line!)).toMatchObject({ level: 40, requestId: 'probe-down', down: ['database'], time: expect.any(String) });
  });

  it('a page rendered while the database is down says so plainly, and the server keeps answering', async () => {
    // Still cut off (the test above). The home page lists challenges from the database.
    const html = await fetch(`${web.a}/`);
    expect(html.status).toBe(500);
    const text = await html.text();
    expect(text).not.toMatch(/ECONNREFUSED|at async |node_modules/); // no stack trace, no driver error
    const browser = await launch();
    try {
      const page = await browser.newPage();
      await page.goto(`${web.a}/`);
      const notice = page.getByTestId('fault-notice');
      await notice.getByText('podium cannot reach its database right now; try again in a minute.').waitFor({ timeout: 15_000 });
      expect(await page.locator('body').textContent()).not.toMatch(/Application error|ECONNREFUSED|\bat\b.*\.js/);
      await page.goto(`${web.a}/signin`); // a page that needs no database still renders
      await page.getByLabel('Email').waitFor();
      // Signed in, the layout itself reads the session from the database: the root boundary says the same.
      const ctx = await browser.newContext();
      const session = await encode({ token: { uid: randomUUID(), sv: 0 }, secret: env.NEXTAUTH_SECRET });
      await ctx.addCookies([{ name: 'next-auth.session-token', value: session, url: web.a }]);
      const signedIn = await ctx.newPage();
      await signedIn.goto(`${web.a}/account`);
      await signedIn.getByTestId('fault-notice').getByText('podium cannot reach its database right now; try again in a minute.').waitFor({ timeout: 15_000 });
    } finally {
      await browser.close();
    }
    expect(procs[0].child.exitCode).toBeNull();
    expect((await fetch(`${web.a}/api/health`)).status).toBe(503);
  });

  it('one SIGTERM to each npm pid stops everything: nothing left listening or scoring', async () => {
    // An upload in flight when the signal comes (its body half sent) is still received and answered.
    const sample = await (await fetch(`${web.b}/api/v1/challenges/acme/tasks/iris-species/files/sample_submission.csv`, {
      headers: { authorization: `Bearer ${token}` },
    })).text();
    const boundary = 'podium-in-flight';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const req = http.request(`${web.b}/api/v1/challenges/acme/tasks/iris-species/submissions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(head + sample + tail) },
    });
    const answered = new Promise<number>((resolve, reject) => {
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
    });
    const half = Math.floor(sample.length / 2);
    req.write(head + sample.slice(0, half));
    await waitFor('the upload to reach web B', async () => (procs[1].output().includes('stopping') ? undefined : true), 1000);
    await new Promise((r) => setTimeout(r, 500));
    for (const p of procs) process.kill(p.child.pid!, 'SIGTERM');
    await waitFor('web B to start stopping', async () => (procs[1].output().includes('stopping') ? true : undefined), 10_000);
    req.end(sample.slice(half) + tail);
    expect(await answered).toBe(202);
    const codes = await Promise.race([
      Promise.all(procs.map((p) => p.exited)),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(procs.map((p) => `--- ${p.name}\n${p.output()}`).join('\n'))), 40_000)),
    ]);
    expect(codes).toEqual([0, 0, 0, 0]);
    await new Promise((r) => setTimeout(r, 500));
    for (const p of procs) expect(groupAlive(p), `${p.name} left processes behind`).toBe(false);
    expect(await listening(web.portA)).toBe(false);
    expect(await listening(web.portB)).toBe(false);
    for (const p of procs.slice(2)) expect(p.output()).toContain('"msg":"stopped"');
  });
});
