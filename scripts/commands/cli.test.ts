/**
 * The real `podium` binary as a child process. `score` runs against the iris
 * fixture; `submit` and `join` talk to a small node:http server in this file
 * that plays the site's API (the site itself is covered by its own tests),
 * reading uploads with the site's own multipart reader.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiveMultipart, type ReceivedUpload } from '@/lib/submissions/upload';

const root = path.resolve(__dirname, '../..');
const iris = path.join(root, 'lib/tasks/fixtures/iris');
const TOKEN = 'pod_test_token_123';
let tmp: string;

type Run = { code: number | null; stdout: string; stderr: string };

function runCli(args: string[], env: Record<string, string | undefined> = {}, onSpawn?: (pid: number) => void): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PODIUM_URL: undefined, PODIUM_TOKEN: undefined, ...env };
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/podium.mjs'), ...args], { cwd: root, env: childEnv });
    if (child.pid && onSpawn) onSpawn(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Largest peak RSS (VmHWM) among the processes under `pid` (podium.mjs runs the command in a child); 0 without /proc. */
function peakRssOfDescendantsKb(pid: number): number {
  if (!fs.existsSync('/proc/self/stat')) return 0;
  const parentOf = new Map<number, number>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      parentOf.set(Number(d), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // The process ended while we looked.
    }
  }
  const under = (p: number): boolean => p === pid || (parentOf.has(p) && p > 1 && under(parentOf.get(p)!));
  let peak = 0;
  for (const p of parentOf.keys()) {
    if (!under(p)) continue;
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, 'utf8'));
    if (m) peak = Math.max(peak, Number(m[1]));
  }
  return peak;
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('podium score', () => {
  it('prints only "all" when the split is the server\'s secret, and all/public/private when task.json fixes the seed', async () => {
    const labels = fs.readFileSync(path.join(iris, 'test_labels.csv'), 'utf8');
    const file = path.join(tmp, 'perfect.csv');
    fs.writeFileSync(file, labels.replace(/^id,species/, 'id,label'));
    const secret = await runCli(['score', iris, file]);
    expect(secret.stderr).toBe('');
    expect(secret.code).toBe(0);
    expect(Object.keys(JSON.parse(secret.stdout))).toEqual(['all']);
    const fixed = path.join(tmp, 'iris-fixed-seed');
    fs.cpSync(iris, fixed, { recursive: true });
    const task = JSON.parse(fs.readFileSync(path.join(fixed, 'task.json'), 'utf8'));
    fs.writeFileSync(path.join(fixed, 'task.json'), JSON.stringify({ ...task, seed: 7 }));
    const r = await runCli(['score', fixed, file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(['all', 'public', 'private']);
    for (const part of ['all', 'public', 'private']) {
      expect(out[part].accuracy).toBe(1);
      expect(out[part].macro_f1).toBe(1);
    }
  }, 30_000);

  it('rejects a file with an unknown label, naming the row and the value', async () => {
    const lines = fs.readFileSync(path.join(iris, 'test_labels.csv'), 'utf8').trimEnd().split('\n');
    lines[0] = 'id,label';
    const id = lines[2].split(',')[0];
    lines[2] = `${id},Iris-unknown`;
    const file = path.join(tmp, 'bad.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(['score', iris, file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "podium: bad.csv, row 2 (line 3): label 'Iris-unknown' is not one of the classes: 'Iris-setosa', 'Iris-versicolor', 'Iris-virginica'\n",
    );
  }, 30_000);
});

type Seen = { method: string; url: string; auth?: string; contentLength?: string; upload?: ReceivedUpload & { bytes: Buffer }; peakRssKb?: number };

describe('podium submit and join against a stand-in API', () => {
  let server: http.Server;
  let url: string;
  const seen: Seen[] = [];
  let polls = 0;
  let cliPid = 0;

  beforeAll(async () => {
    server = http.createServer(async (req, res) => {
      const s: Seen = { method: req.method!, url: req.url!, auth: req.headers.authorization, contentLength: req.headers['content-length'] };
      seen.push(s);
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply(401, { error: { code: 'unauthorized', message: 'That API token is not valid.' } });
      if (req.headers['content-type']?.startsWith('multipart/form-data')) {
        const dir = fs.mkdtempSync(path.join(tmp, 'upload-'));
        const got = await receiveMultipart({
          headers: new Headers(req.headers as Record<string, string>),
          body: Readable.toWeb(req) as ReadableStream<Uint8Array>,
          dir,
          maxBytes: 64 * 1024 * 1024,
        });
        // Sampled while the CLI still waits for the answer, after it sent everything.
        if (cliPid) s.peakRssKb = peakRssOfDescendantsKb(cliPid);
        s.upload = { ...got, bytes: fs.readFileSync(got.file.path) };
        fs.rmSync(dir, { recursive: true });
      } else {
        for await (const _ of req);
      }
      if (req.url === '/api/v1/challenges/c1/tasks/limited/submissions') {
        return reply(429, { error: { code: 'rate_limited:daily', message: 'Your team has used its 3 submissions for this task today (UTC).', resetAt: '2026-11-24T00:00:00.000Z', retryAfter: 3600 } });
      }
      if (req.method === 'POST' && req.url === '/api/v1/challenges/c1/tasks/t1/submissions') return reply(202, { id: 'sub-1', status: 'queued' });
      if (req.method === 'POST' && req.url === '/api/v1/challenges/c1/tasks/broken/submissions') return reply(202, { id: 'sub-2', status: 'queued' });
      if (req.method === 'GET' && req.url === '/api/v1/submissions/sub-1') {
        polls++;
        return reply(200, polls < 2 ? { id: 'sub-1', status: 'scoring', public: {} } : { id: 'sub-1', status: 'scored', error: null, public: { macro_f1: 0.8125, accuracy: 0.85 } });
      }
      if (req.method === 'GET' && req.url === '/api/v1/submissions/sub-2') {
        return reply(200, { id: 'sub-2', status: 'failed', error: 'preds.csv, row 4 (line 5): duplicate id iris-011', public: {} });
      }
      if (req.method === 'POST' && req.url === '/api/v1/challenges/c1/join') return reply(200, { challenge: 'c1', joined: true, created: seen.filter((x) => x.url === req.url).length === 1 });
      reply(404, { error: { code: 'not_found:challenge', message: 'There is no challenge nope.' } });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const env = () => ({ PODIUM_URL: url, PODIUM_TOKEN: TOKEN });
  const write = (name: string, bytes: Buffer | string) => {
    const p = path.join(tmp, name);
    fs.writeFileSync(p, bytes);
    return p;
  };

  it('uploads the exact bytes and the description with the bearer token, then prints the queued id', async () => {
    const bytes = Buffer.from('id,label\r\niris-011,Iris-setosa\r\n"iris,025",Iris-versicolor\r\n\u00e9\u0000\xff');
    const file = write('preds "v1".csv', bytes);
    seen.length = 0;
    const r = await runCli(['submit', 'c1/t1', file, '--description', 'gradient boosting, 500 trees — v1'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Submitted sub-1 (queued)\n');
    // A small file in bytes and milliseconds, not "sent 0.0 MB in 0.0 s".
    expect(r.stderr).toMatch(new RegExp(`^Uploading preds "v1"\\.csv: sent ${bytes.length} B in (\\d+ ms|\\d+\\.\\d s)\\n`));
    expect(r.stderr).not.toContain('0.0 MB');
    expect(seen).toHaveLength(1);
    const [req] = seen;
    expect(req.method).toBe('POST');
    expect(req.auth).toBe(`Bearer ${TOKEN}`);
    expect(req.upload!.bytes.equals(bytes)).toBe(true);
    expect(req.upload!.file.name).toBe('preds %22v1%22.csv');
    expect(req.upload!.fields).toEqual({ description: 'gradient boosting, 500 trees — v1' });
  }, 30_000);

  it('--wait polls until scored and prints the public scores as JSON', async () => {
    polls = 0;
    const r = await runCli(['submit', 'c1/t1', write('w.csv', 'id,label\n'), '--wait'], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ id: 'sub-1', status: 'scored', public: { macro_f1: 0.8125, accuracy: 0.85 } });
    expect(r.stderr).toContain('Submitted sub-1 (queued)');
    expect(polls).toBe(2);
  }, 30_000);

  it('--wait exits 1 with the scoring error when the submission failed', async () => {
    const r = await runCli(['submit', 'c1/broken', write('f.csv', 'id,label\n'), '--wait'], env());
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('podium: submission sub-2 failed: preds.csv, row 4 (line 5): duplicate id iris-011\n');
  }, 30_000);

  it('prints the server message and when the limit resets on 429', async () => {
    const r = await runCli(['submit', 'c1/limited', write('l.csv', 'id,label\n')], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('podium: Your team has used its 3 submissions for this task today (UTC). The limit resets at 2026-11-24T00:00:00.000Z.\n');
  }, 30_000);

  it('without PODIUM_TOKEN says where to create one and sends nothing', async () => {
    seen.length = 0;
    const r = await runCli(['submit', 'c1/t1', write('n.csv', 'x')], { PODIUM_URL: url });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`podium: PODIUM_TOKEN is not set. Create a token on the account page (${url}/account), then run: export PODIUM_TOKEN=<token>\n`);
    expect(seen).toHaveLength(0);
  }, 30_000);

  it('a rejected token prints the server message', async () => {
    const r = await runCli(['join', 'c1'], { PODIUM_URL: url, PODIUM_TOKEN: 'wrong' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('podium: That API token is not valid.\n');
  }, 30_000);

  it('join is idempotent and reports an unknown challenge', async () => {
    seen.length = 0;
    const a = await runCli(['join', 'c1'], env());
    const b = await runCli(['join', 'c1'], env());
    expect([a.code, a.stdout]).toEqual([0, 'Joined c1\n']);
    expect([b.code, b.stdout]).toEqual([0, 'Joined c1 (already a member)\n']);
    expect(seen.map((s) => `${s.method} ${s.url} ${s.auth}`)).toEqual(Array(2).fill(`POST /api/v1/challenges/c1/join Bearer ${TOKEN}`));
    const c = await runCli(['join', 'nope'], env());
    expect([c.code, c.stderr]).toEqual([1, 'podium: There is no challenge nope.\n']);
  }, 30_000);

  it('streams a 30 MB file: the body arrives intact and memory does not grow with the file', async () => {
    const big = path.join(tmp, 'big.bin');
    const fd = fs.openSync(big, 'w');
    const hash = crypto.createHash('sha256');
    for (let i = 0; i < 30; i++) {
      const chunk = crypto.randomBytes(1024 * 1024);
      hash.update(chunk);
      fs.writeSync(fd, chunk);
    }
    fs.closeSync(fd);
    const small = write('small.bin', crypto.randomBytes(1024));

    const upload = async (file: string) => {
      seen.length = 0;
      const r = await runCli(['submit', 'c1/t1', file], env(), (pid) => (cliPid = pid));
      cliPid = 0;
      expect(r.code).toBe(0);
      return { r, req: seen[0] };
    };
    const base = await upload(small);
    const { r, req } = await upload(big);
    expect(req.upload!.file.size).toBe(30 * 1024 * 1024);
    expect(req.upload!.file.sha256).toBe(hash.digest('hex'));
    expect(Number(req.contentLength)).toBeGreaterThan(30 * 1024 * 1024);
    if (base.req.peakRssKb && req.peakRssKb) {
      // Reading the file into memory would add at least its 30 MB; streaming reuses four 256 KB buffers.
      expect(req.peakRssKb - base.req.peakRssKb).toBeLessThan(10 * 1024);
    }
    expect(r.stderr).toMatch(/sent 30\.0 MB in/);
  }, 60_000);
});
