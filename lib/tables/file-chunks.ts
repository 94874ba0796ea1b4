import { open } from 'node:fs/promises';

/**
 * A local file as a stream of chunks of `size` bytes, each a fresh buffer: a reader (the CSV
 * record reader, for one) may keep a view on the tail of the previous chunk.
 */
export async function* fileChunks(path: string, size: number): AsyncGenerator<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    for (;;) {
      const buf = new Uint8Array(size);
      const { bytesRead } = await fh.read(buf, 0, size, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}
