import { createHash, type Hash } from 'node:crypto';
import type { PutBody } from './types';

function isWebStream(body: PutBody): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream<Uint8Array>).getReader === 'function';
}

/** Every accepted body shape as one sequence of byte chunks, pulled one at a time (backpressure). */
export async function* chunksOf(body: PutBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  if (isWebStream(body)) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
  }
}

/** Counts and hashes bytes as they pass, so a put reports size and SHA-256 without a second read. */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  size = 0;

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
    this.size += chunk.byteLength;
  }

  result(): { size: number; sha256: string } {
    return { size: this.size, sha256: this.hash.digest('hex') };
  }
}

/** Reads a whole web stream into one array: only for objects known to be small. */
export async function readAll(stream: ReadableStream<Uint8Array>, size: number): Promise<Uint8Array> {
  const out = new Uint8Array(size);
  let offset = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, offset);
    offset += value.byteLength;
  }
  return offset === size ? out : out.subarray(0, offset);
}

/**
 * A Node stream as a web stream that pulls one chunk per consumer read, ending after `limit` bytes
 * when given. Written out rather than `Readable.toWeb` because the latter has buffered ahead of
 * the consumer on some Node 20 releases.
 */
export function nodeToWeb(
  source: AsyncIterable<Uint8Array | string> & { destroy?: (e?: Error) => void },
  limit = Infinity,
): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  let remaining = limit;
  const stop = async () => {
    source.destroy?.();
    await iterator.return?.();
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (remaining <= 0) {
          await stop();
          controller.close();
          return;
        }
        const { done, value } = await iterator.next();
        if (done) {
          if (limit !== Infinity) throw new Error(`Stream ended ${remaining} bytes early.`);
          controller.close();
          return;
        }
        const chunk = typeof value === 'string' ? Buffer.from(value) : value;
        const kept = chunk.byteLength > remaining ? chunk.subarray(0, remaining) : chunk;
        remaining -= kept.byteLength;
        controller.enqueue(kept);
      } catch (e) {
        controller.error(e);
      }
    },
    cancel: stop,
  });
}
