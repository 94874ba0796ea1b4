import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** SHA-256 hex of a file, read in 1 MB pieces. */
export function sha256File(filePath: string): string {
  const hash = createHash('sha256');
  const buf = new Uint8Array(1 << 20);
  const fd = openSync(filePath, 'r');
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) hash.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
