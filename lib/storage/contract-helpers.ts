import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { PodiumError } from '@/lib/errors';

export const BIG_SIZE = 20 * 1024 * 1024;
const CHUNK = 64 * 1024;

/** Deterministic, not periodic at any small length, so a wrong offset shows up in a range read. */
export function byteAt(p: number): number {
  return (p ^ (p >>> 8) ^ (p >>> 16) ^ (p >>> 21)) & 0xff;
}

/**
 * The big object, generated chunk by chunk into ONE reused buffer: a store that kept references to
 * chunks instead of consuming them would store garbage and fail the hash check.
 */
export async function* bigBody(): AsyncGenerator<Uint8Array> {
  const chunk = new Uint8Array(CHUNK);
  for (let offset = 0; offset < BIG_SIZE; offset += CHUNK) {
    for (let i = 0; i < CHUNK; i++) chunk[i] = byteAt(offset + i);
    yield chunk;
  }
}

export async function hashOf(body: AsyncIterable<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of body) hash.update(chunk);
  return hash.digest('hex');
}

export async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function text(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes);
}

export async function expectPodiumError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected PodiumError ${code}`).toBeInstanceOf(PodiumError);
  expect((error as PodiumError).code).toBe(code);
}

/** Highest rise of Buffer/ArrayBuffer memory seen while `fn` runs, sampled every few milliseconds. */
export async function peakArrayBufferGrowth(fn: () => Promise<void>): Promise<number> {
  const base = process.memoryUsage().arrayBuffers;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);
  }, 2);
  try {
    await fn();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, process.memoryUsage().arrayBuffers) - base;
}
