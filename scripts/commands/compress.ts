import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/** Files at least this large are sent gzip-compressed (the site unpacks them; CSV shrinks 4–10×). */
export const COMPRESS_ABOVE_BYTES = 4 * 1024 * 1024;

/**
 * For a large plain file (CSV: Parquet, gzip and ZIP are compressed already), a gzip copy named
 * `<name>.gz` in a temp folder, removed by `cleanup`; otherwise the file itself.
 */
export async function fileToUpload(file: string): Promise<{ path: string; cleanup: () => void }> {
  const size = fs.statSync(file).size;
  const head = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  const packed = (head[0] === 0x1f && head[1] === 0x8b) || head.subarray(0, 2).toString() === 'PK' || head.toString() === 'PAR1';
  if (size < COMPRESS_ABOVE_BYTES || packed) return { path: file, cleanup: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-gz-'));
  const out = path.join(dir, `${path.basename(file)}.gz`);
  await pipeline(fs.createReadStream(file), zlib.createGzip({ level: 6 }), fs.createWriteStream(out));
  return { path: out, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
