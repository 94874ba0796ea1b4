import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
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
