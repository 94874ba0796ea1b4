/**
 * Compressed uploads through the real multipart receiver: what is stored is the plain
 * file, scored exactly as the plain upload; the byte limit holds on decompressed bytes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClassificationKey } from '@/lib/scoring/answer-key';
import { parquetBytes } from '@/lib/scoring/fixtures/write-files';
import { scoreSubmission } from '@/lib/scoring/score';
import { receiveMultipart } from './upload';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-decompress-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Sends bytes as a browser or `curl -F file=@…` does and receives them with the site's receiver. */
async function upload(name: string, bytes: Uint8Array, maxBytes = 1 << 30, into = fs.mkdtempSync(path.join(dir, 'u-'))) {
  const form = new FormData();
  form.append('description', 'compressed');
  form.append('file', new Blob([new Uint8Array(bytes)]), name);
  const req = new Request('http://podium.test/upload', { method: 'POST', body: form });
  return receiveMultipart({ headers: req.headers, body: req.body, dir: into, maxBytes });
}

const sha = (b: Uint8Array) => crypto.createHash('sha256').update(b).digest('hex');

describe('compressed submissions', () => {
  const n = 1_000_000;
  const classes = ['a', 'b', 'c'];
  const ids = Array.from({ length: n }, (_, i) => `r${i}`);
  const truth = ids.map((_, i) => classes[i % 3]);
  const key = buildClassificationKey({ ids, labels: truth, classes, seed: 7, publicFraction: 0.3 });
  const plain = Buffer.from(`id,label\n${ids.map((id, i) => `${id},${classes[(i * 7) % 5 === 0 ? (i + 1) % 3 : i % 3]}`).join('\n')}\n`);

  it('a gzipped 1M-row CSV is stored plain and scored like the plain file', async () => {
    const gz = zlib.gzipSync(plain, { level: 6 });
    expect(gz.length).toBeLessThan(plain.length / 3);
    const t0 = performance.now();
    const got = await upload('predictions.csv.gz', gz);
    const ms = performance.now() - t0;
    expect(got.fields.description).toBe('compressed');
    expect(got.file.name).toBe('predictions.csv');
    expect(got.file.size).toBe(plain.length);
    expect(got.file.sha256).toBe(sha(plain));
    expect(sha(fs.readFileSync(got.file.path))).toBe(sha(plain));
    const fromGz = await scoreSubmission({ key, file: { path: got.file.path }, fileName: got.file.name });
    const fromPlain = await scoreSubmission({ key, file: { bytes: plain }, fileName: 'predictions.csv' });
    expect(fromGz.all).toEqual(fromPlain.all);
    expect(fromGz.public).toEqual(fromPlain.public);
    expect(fromGz.private).toEqual(fromPlain.private);
    expect(fromPlain.all.accuracy).toBeCloseTo(0.8, 9);
    console.log(`[decompress] ${n.toLocaleString('en')} rows: ${gz.length.toLocaleString('en')} B gzip -> ${plain.length.toLocaleString('en')} B in ${ms.toFixed(0)} ms`);
  }, 60_000);

  it('a zip holding one CSV (beside folder and macOS entries) or one Parquet file is stored plain', async () => {
    const small = Buffer.from('id,label\nr0,a\nr1,b\n');
    const zipped = zipSync({ 'preds/': new Uint8Array(0), 'preds/sub.csv': small, '__MACOSX/preds/._sub.csv': new Uint8Array([0, 5, 22]) });
    const got = await upload('sub.zip', zipped);
    expect(got.file).toMatchObject({ name: 'sub.csv', size: small.length, sha256: sha(small) });
    expect(fs.readFileSync(got.file.path).equals(small)).toBe(true);

    const pq = parquetBytes([
      { name: 'id', data: ids.slice(0, 1000), type: 'STRING' },
      { name: 'label', data: truth.slice(0, 1000), type: 'STRING' },
    ]);
    const stored = await upload('sub.zip', zipSync({ 'sub.parquet': [pq, { level: 0 }] }));
    expect(stored.file).toMatchObject({ name: 'sub.parquet', size: pq.length, sha256: sha(pq) });
  });

  it('a plain file is passed through untouched', async () => {
    const small = Buffer.from('id,label\nr0,a\n');
    const got = await upload('p.csv', small);
    expect(got.file).toMatchObject({ name: 'p.csv', size: small.length, sha256: sha(small) });
    expect(path.basename(got.file.path)).toBe('upload');
  });

  it('a gzip bomb is refused at the limit, counted on decompressed bytes, and leaves no plain file', async () => {
    const limit = 10 * 1024 * 1024;
    const bomb = zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x61), { level: 6 });
    expect(bomb.length).toBeLessThan(limit / 20);
    const err = await upload('bomb.csv.gz', bomb, limit).catch((e) => e);
    expect(err).toMatchObject({ code: 'too_large:decompressed', status: 413 });
    expect(err.message).toBe(`The file is larger than the limit of ${limit.toLocaleString('en')} bytes once decompressed (bomb.csv.gz).`);
    const zipBomb = zipSync({ 'x.csv': [new Uint8Array(32 * 1024 * 1024), { level: 6 }] });
    await expect(upload('bomb.zip', zipBomb, limit)).rejects.toMatchObject({ code: 'too_large:decompressed' });
    const into = fs.mkdtempSync(path.join(dir, 'bomb-'));
    await expect(upload('bomb.csv.gz', bomb, limit, into)).rejects.toMatchObject({ code: 'too_large:decompressed' });
    expect(fs.readdirSync(into)).toEqual(['upload']);
  }, 30_000);

  it('a zip with two files is refused with a message naming them', async () => {
    const zipped = zipSync({ 'a.csv': Buffer.from('id,label\n'), 'b.csv': Buffer.from('id,label\n') });
    const err = await upload('two.zip', zipped).catch((e) => e);
    expect(err).toMatchObject({ code: 'bad_file:zip_entries', status: 400 });
    expect(err.message).toBe('two.zip: the ZIP archive holds 2 files (a.csv, b.csv); put exactly one CSV or Parquet file in it');
    await expect(upload('none.zip', zipSync({ 'dir/': new Uint8Array(0) }))).rejects.toMatchObject({
      message: 'none.zip: the ZIP archive holds no file; put exactly one CSV or Parquet file in it',
    });
  });

  it('damaged archives are refused as bad files, not server errors', async () => {
    const gz = zlib.gzipSync(Buffer.from('id,label\nr0,a\n'.repeat(1000)));
    const cut = await upload('cut.csv.gz', gz.subarray(0, gz.length - 20)).catch((e) => e);
    expect(cut).toMatchObject({ code: 'bad_file:bad_gzip' });
    expect(cut.message).toMatch(/^cut\.csv\.gz: the gzip data is damaged or cut short/);
    const zipped = Buffer.from(zipSync({ 'a.csv': Buffer.from('id,label\nr0,a\n'.repeat(100)) }));
    zipped[40] ^= 0xff; // inside a.csv's compressed data
    const flipped = await upload('flip.zip', zipped).catch((e) => e);
    expect(flipped.code).toMatch(/^bad_file:bad_zip/);
  });

  it('the same scoring messages as the plain file', async () => {
    const bad = Buffer.from('id,label\nr0,a\nr0,b\n');
    const fromGz = await upload('bad.csv.gz', zlib.gzipSync(bad));
    const a = await scoreSubmission({ key, file: { path: fromGz.file.path }, fileName: fromGz.file.name }).catch((e) => e);
    const b = await scoreSubmission({ key, file: { bytes: bad }, fileName: 'bad.csv' }).catch((e) => e);
    expect(a.message).toBe(b.message);
    expect(a.message).toMatch(/^bad\.csv, /);
  });
});
