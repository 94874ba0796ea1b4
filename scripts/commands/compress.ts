import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** Files at least this large are sent gzip-compressed (the site unpacks them; CSV shrinks 4–10×). */
export const COMPRESS_ABOVE_BYTES = 4 * 1024 * 1024;

/**
 * For a large text file (a CSV), a gzip copy named
 * `<name>.gz` in a temp folder, removed by `cleanup`; otherwise the file itself.
 */
export async function fileToUpload(file: string): Promise<{ path: string; cleanup: () => void }> {
  const size = fs.statSync(file).size;
  const head = Buffer.alloc(65536);
  const fd = fs.openSync(file, 'r');
  let n: number;
  try {
    n = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  // Only CSV text gains: Parquet, gzip and ZIP are compressed already, and other binaries are sent as they are.
  const magic = head.subarray(0, 4).toString('latin1');
  const packed = magic === 'PAR1' || magic.startsWith('PK') || magic.startsWith('\x1f\x8b');
  const text = !packed && head.subarray(0, n).indexOf(0) < 0;
  if (size < COMPRESS_ABOVE_BYTES || !text) return { path: file, cleanup: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-gz-'));
  const out = path.join(dir, `${path.basename(file)}.gz`);
  await pipeline(fs.createReadStream(file), zlib.createGzip({ level: 6 }), fs.createWriteStream(out));
  return { path: out, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
