import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { receiveMultipart } from '@/lib/submissions/upload';
import { COMPRESS_ABOVE_BYTES, fileToUpload } from './compress';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-compress-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('podium submit compresses large CSV files', () => {
  it('gzips a CSV at the threshold into <name>.gz that unpacks to the same bytes, and cleans up', async () => {
    const csv = path.join(dir, 'preds.csv');
    const line = 'id00000001,some_label\n';
    fs.writeFileSync(csv, line.repeat(Math.ceil(COMPRESS_ABOVE_BYTES / line.length)));
    const up = await fileToUpload(csv);
    expect(path.basename(up.path)).toBe('preds.csv.gz');
    expect(fs.statSync(up.path).size).toBeLessThan(fs.statSync(csv).size / 10);
    expect(zlib.gunzipSync(fs.readFileSync(up.path)).equals(fs.readFileSync(csv))).toBe(true);
    up.cleanup();
    expect(fs.existsSync(up.path)).toBe(false);
  });

  it('sends small files, Parquet, already compressed files and other binaries as they are', async () => {
    const small = path.join(dir, 'small.csv');
    fs.writeFileSync(small, 'id,label\n1,a\n');
    expect((await fileToUpload(small)).path).toBe(small);
    const big = Buffer.alloc(COMPRESS_ABOVE_BYTES + 10, 0x61);
    for (const [name, magic] of [['p.parquet', 'PAR1'], ['p.csv.gz', '\x1f\x8b'], ['p.zip', 'PK\x03\x04']] as const) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, Buffer.concat([Buffer.from(magic, 'latin1'), big]));
      expect((await fileToUpload(f)).path, name).toBe(f);
    }
    const bin = path.join(dir, 'p.bin');
    fs.writeFileSync(bin, Buffer.concat([Buffer.from('id,label\n'), Buffer.alloc(COMPRESS_ABOVE_BYTES)]));
    expect((await fileToUpload(bin)).path).toBe(bin);
  });
});

describe('podium submit of a large CSV', () => {
  it('goes up gzipped and the site receiver stores the very CSV', async () => {
    const csv = path.join(dir, 'big.csv');
    fs.writeFileSync(csv, `id,label\n${Array.from({ length: 400_000 }, (_, i) => `row${i},class_${i % 7}`).join('\n')}\n`);
    const plain = fs.readFileSync(csv);
    expect(plain.length).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    let got: { contentLength: number; name: string; sha256: string; size: number } | undefined;
    const server = http.createServer(async (req, res) => {
      const into = fs.mkdtempSync(path.join(dir, 'recv-'));
      const body = new ReadableStream({
        start(c) {
          req.on('data', (d: Buffer) => c.enqueue(new Uint8Array(d)));
          req.on('end', () => c.close());
        },
      });
      const up = await receiveMultipart({ headers: new Headers(req.headers as Record<string, string>), body, dir: into, maxBytes: 1 << 30 });
      got = { contentLength: Number(req.headers['content-length']), ...up.file };
      res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 's1', status: 'queued' }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const cli = path.resolve(__dirname, '../podium.mjs');
      const { stdout } = await promisify(execFile)(process.execPath, [cli, 'submit', 'c/t', csv], { env: { ...process.env, PODIUM_URL: url, PODIUM_TOKEN: 'pod_x' } });
      expect(stdout).toContain('Submitted s1');
    } finally {
      server.close();
    }
    expect(got!.contentLength).toBeLessThan(plain.length / 3);
    expect(got).toMatchObject({ name: 'big.csv', size: plain.length, sha256: crypto.createHash('sha256').update(plain).digest('hex') });
  }, 60_000);
});
