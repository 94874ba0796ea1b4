/**
 * Uploads abandoned mid-body release everything at once (issue 10): the promise
 * settles, the file handle is closed, and no error escapes unhandled.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { receiveMultipart } from './upload';

const BOUNDARY = 'xBOUNDARYx';
const headers = new Headers({ 'content-type': `multipart/form-data; boundary=${BOUNDARY}` });
const head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="p.csv"\r\nContent-Type: text/csv\r\n\r\n`;

const openFds = () => fs.readdirSync('/proc/self/fd').length;
const dirs: string[] = [];
function tmp() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-sub-test-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A body that sends the start of a file, then does what `then` says. */
function body(then: 'error' | 'stall' | 'end-early') {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(enc.encode(head + 'id,label\n' + 'r1,a\n'.repeat(5000)));
      if (then === 'error') setTimeout(() => c.error(new Error('socket hang up')), 20);
      if (then === 'end-early') setTimeout(() => c.close(), 20);
    },
  });
}

describe.skipIf(!fs.existsSync('/proc/self/fd'))('an upload abandoned mid-body', () => {
  it.each(['error', 'end-early'] as const)('settles at once when the body ends with "%s", and closes the file', async (then) => {
    const before = openFds();
    const dir = tmp();
    const t0 = Date.now();
    await expect(receiveMultipart({ headers, body: body(then), dir, maxBytes: 1e9 })).rejects.toMatchObject({ kind: 'bad_request' });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(openFds()).toBeLessThanOrEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('gives up on a body that stalls, after the idle timeout', async () => {
    const before = openFds();
    const t0 = Date.now();
    await expect(receiveMultipart({ headers, body: body('stall'), dir: tmp(), maxBytes: 1e9, idleTimeoutMs: 300 })).rejects.toMatchObject({
      code: 'bad_request:upload_timeout',
    });
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(openFds()).toBeLessThanOrEqual(before);
  });

  it('stops as soon as the request is aborted', async () => {
    const ac = new AbortController();
    const p = receiveMultipart({ headers, body: body('stall'), dir: tmp(), maxBytes: 1e9, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toMatchObject({ code: 'bad_request:upload_aborted' });
  });

  it('still receives a whole upload', async () => {
    const enc = new TextEncoder();
    const whole = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode(`${head}id,label\nr1,a\n\r\n--${BOUNDARY}--\r\n`));
        c.close();
      },
    });
    const got = await receiveMultipart({ headers, body: whole, dir: tmp(), maxBytes: 1e9 });
    expect(fs.readFileSync(got.file.path, 'utf8')).toBe('id,label\nr1,a\n');
  });
});
