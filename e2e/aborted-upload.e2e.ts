/**
 * An upload cut off mid-body against the running site (issue 10): the web process closes
 * the file it was writing and removes its `podium-sub-*` folder at once, and keeps
 * answering; the next upload is received as usual. The web process is found by the
 * socket listening on the site's port, and its open files are read from /proc (Linux).
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { e2e, launch, signUpWithToken } from './browser';
import { waitFor } from './processes';

/** The pid whose open files include the socket listening on `port`. */
function pidListeningOn(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && f[1].endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]);
    }
  }
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let fds: string[] = [];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // not ours or gone
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1])) return Number(pid);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  throw new Error(`no process of ours listens on port ${port}`);
}

/** The files the process has open under a `podium-sub-*` folder. */
function openUploads(pid: number): string[] {
  const out: string[] = [];
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (/[\\/]podium-sub-[^\\/]+[\\/]/.test(target)) out.push(target);
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

describe.skipIf(e2e.skip || process.platform !== 'linux')('an upload aborted mid-body on the running site', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => browser?.close());

  it('leaves no temp folder and no open file behind, and the site keeps answering and receiving uploads', async () => {
    const token = await signUpWithToken(browser, 'abort', 'aborted upload 1');
    const auth = { authorization: `Bearer ${token}` };
    expect((await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/join`, { method: 'POST', headers: auth })).status).toBe(200);
    const url = `${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/submissions`;
    const sample = await (await fetch(`${e2e.baseUrl}/api/v1/challenges/demo/tasks/product-type/files/sample_submission.csv`, { headers: auth })).text();
    const pid = pidListeningOn(Number(new URL(e2e.baseUrl).port));

    const boundary = 'podium-aborted';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.csv"\r\nContent-Type: text/csv\r\n\r\n`;
    for (let round = 0; round < 3; round++) {
      const req = http.request(url, {
        method: 'POST',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': 50_000_000 },
      });
      req.on('error', () => {}); // we cut it
      req.write(head + sample);
      // The web process is writing the file: its folder is open.
      const [file] = await waitFor('the upload to be written', async () => {
        const open = openUploads(pid);
        return open.length ? open : undefined;
      }, 15_000);
      const dir = path.dirname(file);
      expect(fs.existsSync(dir)).toBe(true);
      req.destroy(); // the connection is cut mid-body
      await waitFor('the folder to be removed and the file closed', async () => (!fs.existsSync(dir) && !openUploads(pid).includes(file) ? true : undefined), 5000);
      expect(openUploads(pid).filter((f) => f.startsWith(dir))).toEqual([]);
    }
    // Still the same process, still answering; the next upload goes through.
    expect(pidListeningOn(Number(new URL(e2e.baseUrl).port))).toBe(pid);
    expect((await fetch(`${e2e.baseUrl}/api/health`)).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([sample]), 'sample.csv');
    const posted = await fetch(url, { method: 'POST', headers: auth, body: form });
    expect(posted.status).toBe(202);
  });
});
