import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigBody, BIG_SIZE, byteAt, expectPodiumError, hashOf, peakArrayBufferGrowth, readStream, text } from './contract-helpers';
import type { BlobStore } from './types';

export interface StoreUnderTest {
  store: BlobStore;
  /** Every entry the backend holds (files or objects), including temporary ones, as keys or raw names. */
  listAll(): Promise<string[]>;
  /** Bytes a put may hold in memory (its part size); the 20 MB object is far above it. */
  putBufferBytes: number;
  cleanup(): Promise<void>;
}

const HELLO = new TextEncoder().encode('hello world');
const HELLO_SHA256 = 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9';

/** The one behaviour every BlobStore must have; each backend runs it against a real instance. */
export function describeBlobStoreContract(name: string, setup: () => Promise<StoreUnderTest>): void {
  describe(`${name} blob store contract`, () => {
    let t: StoreUnderTest;
    let store: BlobStore;
    beforeAll(async () => {
      t = await setup();
      store = t.store;
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('stores bytes and reports their size and SHA-256', async () => {
      expect(await store.put('tasks/t1/public/hello.txt', HELLO)).toEqual({ size: 11, sha256: HELLO_SHA256 });
      expect(await store.head('tasks/t1/public/hello.txt')).toEqual({ size: 11 });
      expect(text(await store.getBytes('tasks/t1/public/hello.txt'))).toBe('hello world');
    });

    it('accepts a Node stream, a web stream and an async iterable, in several chunks', async () => {
      const parts = ['hel', 'lo ', 'wor', 'ld'].map((s) => new TextEncoder().encode(s));
      async function* iterable() {
        yield* parts;
      }
      const web = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const p of parts) controller.enqueue(p);
          controller.close();
        },
      });
      const bodies = { node: Readable.from(parts.map((p) => Buffer.from(p))), web, iterable: iterable() };
      for (const [kind, body] of Object.entries(bodies)) {
        expect(await store.put(`bodies/${kind}`, body)).toEqual({ size: 11, sha256: HELLO_SHA256 });
        expect(text(await store.getBytes(`bodies/${kind}`))).toBe('hello world');
      }
    });

    it('stores a local file with putFile', async () => {
      const folder = await mkdtemp(path.join(os.tmpdir(), 'podium-putfile-'));
      try {
        await writeFile(path.join(folder, 'train.csv'), 'id,label\n1,a\n');
        expect(await store.putFile('tasks/t2/public/train.csv', path.join(folder, 'train.csv'))).toEqual({
          size: 13,
          sha256: createHash('sha256').update('id,label\n1,a\n').digest('hex'),
        });
        expect(text(await store.getBytes('tasks/t2/public/train.csv'))).toBe('id,label\n1,a\n');
      } finally {
        await rm(folder, { recursive: true, force: true });
      }
    });

    it('streams a whole object as a web stream that new Response() can read', async () => {
      const { stream, size } = await store.get('tasks/t1/public/hello.txt');
      expect(size).toBe(11);
      expect(await new Response(stream).text()).toBe('hello world');
    });

    it('streams inclusive byte ranges and still reports the whole size', async () => {
      const cases: [{ start?: number; end?: number }, string][] = [
        [{ start: 6, end: 10 }, 'world'],
        [{ start: 6 }, 'world'],
        [{ end: 4 }, 'hello'],
        [{ start: 0, end: 0 }, 'h'],
        [{ start: 10, end: 10 }, 'd'],
        [{ start: 0, end: 10 }, 'hello world'],
      ];
      for (const [range, expected] of cases) {
        const { stream, size } = await store.get('tasks/t1/public/hello.txt', range);
        expect(size).toBe(11);
        expect(text(await readStream(stream))).toBe(expected);
      }
    });

    it('refuses a range outside the object', async () => {
      for (const range of [{ start: 11 }, { start: 5, end: 11 }, { start: 4, end: 3 }, { start: -1 }, { start: 1.5 }]) {
        await expectPodiumError(store.get('tasks/t1/public/hello.txt', range), 'bad_request:range');
      }
    });

    it('stores an empty object, which has no byte range', async () => {
      expect(await store.put('empty/file', new Uint8Array(0))).toEqual({
        size: 0,
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      });
      expect(await store.head('empty/file')).toEqual({ size: 0 });
      expect(await store.getBytes('empty/file')).toEqual(new Uint8Array(0));
      await expectPodiumError(store.get('empty/file', { start: 0 }), 'bad_request:range');
    });

    it('answers a missing key with not_found:blob, head null, and an idempotent delete', async () => {
      await expectPodiumError(store.get('tasks/none/private/answer-key.bin'), 'not_found:blob');
      await expectPodiumError(store.getBytes('tasks/none/private/answer-key.bin'), 'not_found:blob');
      expect(await store.head('tasks/none/private/answer-key.bin')).toBeNull();
      await store.delete('tasks/none/private/answer-key.bin');
      // A "folder" is not a blob either.
      await expectPodiumError(store.get('tasks/t1'), 'not_found:blob');
      expect(await store.head('tasks/t1')).toBeNull();
    });

    it('replaces an object on put and removes it on delete', async () => {
      await store.put('submissions/s1/file', new TextEncoder().encode('first version'));
      await store.put('submissions/s1/file', new TextEncoder().encode('second'));
      expect(text(await store.getBytes('submissions/s1/file'))).toBe('second');
      await store.delete('submissions/s1/file');
      expect(await store.head('submissions/s1/file')).toBeNull();
    });

    it('deletes every key under a prefix, by whole segments', async () => {
      for (const key of ['del/t1/public/a.csv', 'del/t1/private/answer-key.bin', 'del/t10/public/a.csv', 'del/t2/x']) {
        await store.put(key, HELLO);
      }
      await store.deletePrefix('del/t1');
      expect(await store.head('del/t1/public/a.csv')).toBeNull();
      expect(await store.head('del/t1/private/answer-key.bin')).toBeNull();
      expect(await store.head('del/t10/public/a.csv')).toEqual({ size: 11 });
      await store.deletePrefix('del/t2/');
      expect(await store.head('del/t2/x')).toBeNull();
      await store.deletePrefix('del/never-existed');
      for (const bad of ['', '/', '..', 'del/../..', 'del//t10']) {
        await expectPodiumError(store.deletePrefix(bad), 'bad_request:blob_key');
      }
      expect(await store.head('del/t10/public/a.csv')).toEqual({ size: 11 });
    });

    it('refuses path tricks in every method and writes nothing for them', async () => {
      const before = (await t.listAll()).sort();
      const tricks = [
        '', '../escape', 'tasks/../../escape', 'tasks/t1/../t2/x', '/etc/passwd', 'tasks\\t1\\private', 'tasks/t1\0.csv',
        'tasks//t1', 'tasks/t1/', 'tasks/./t1', '.', '.hidden', 'tasks/%2e%2e/x', 'tasks%2Ft1', 'tasks%5Ct1', 'C:/x', 'a b',
        'x'.repeat(256), `${'a/'.repeat(600)}b`,
      ];
      for (const key of tricks) {
        await expectPodiumError(store.put(key, HELLO), 'bad_request:blob_key');
        await expectPodiumError(store.get(key), 'bad_request:blob_key');
        await expectPodiumError(store.getBytes(key), 'bad_request:blob_key');
        await expectPodiumError(store.head(key), 'bad_request:blob_key');
        await expectPodiumError(store.delete(key), 'bad_request:blob_key');
      }
      expect((await t.listAll()).sort()).toEqual(before);
    });

    it('leaves nothing behind when a put fails, and keeps the previous version', async () => {
      await store.put('atomic/kept', HELLO);
      const failAfter = (bytes: number) =>
        (async function* () {
          const chunk = new Uint8Array(256 * 1024).fill(1);
          for (let sent = 0; sent < bytes; sent += chunk.byteLength) yield chunk;
          throw new Error('upload connection lost');
        })();
      const before = (await t.listAll()).sort();
      // Small failure (single PUT path) and one past the buffer (multipart path on S3).
      for (const bytes of [1024 * 1024, t.putBufferBytes + 1024 * 1024]) {
        await expect(store.put('atomic/kept', failAfter(bytes))).rejects.toThrow('upload connection lost');
        await expect(store.put('atomic/new', failAfter(bytes))).rejects.toThrow('upload connection lost');
      }
      expect(text(await store.getBytes('atomic/kept'))).toBe('hello world');
      expect(await store.head('atomic/new')).toBeNull();
      expect((await t.listAll()).sort()).toEqual(before);
    });

    it('streams a 20 MB object in and out without holding it whole', async () => {
      const key = 'tasks/big/public/big.bin';
      let result: { size: number; sha256: string } | undefined;
      const putGrowth = await peakArrayBufferGrowth(async () => {
        result = await store.put(key, bigBody());
      });
      expect(result).toEqual({ size: BIG_SIZE, sha256: await hashOf(bigBody()) });
      // Holding the object whole would cost at least BIG_SIZE; a put holds at most one part.
      expect(putGrowth).toBeLessThan(t.putBufferBytes + 8 * 1024 * 1024);

      const before = process.memoryUsage().arrayBuffers;
      const { stream, size } = await store.get(key);
      expect(size).toBe(BIG_SIZE);
      const reader = stream.getReader();
      const first = await reader.read();
      await new Promise((r) => setTimeout(r, 100));
      // Backpressure: with one chunk read, the store has not pulled the rest into memory.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(4 * 1024 * 1024);
      const hash = createHash('sha256').update(first.value!);
      let total = first.value!.byteLength;
      let chunks = 1;
      let largest = total;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        hash.update(r.value);
        total += r.value.byteLength;
        largest = Math.max(largest, r.value.byteLength);
        chunks++;
      }
      expect(total).toBe(BIG_SIZE);
      expect(hash.digest('hex')).toBe(result!.sha256);
      expect(chunks).toBeGreaterThan(20);
      expect(largest).toBeLessThanOrEqual(1024 * 1024);

      const middle = await store.get(key, { start: 10_000_000, end: 10_000_099 });
      expect(await readStream(middle.stream)).toEqual(Uint8Array.from({ length: 100 }, (_, i) => byteAt(10_000_000 + i)));
    });

    it('lets a reader stop early', async () => {
      const { stream } = await store.get('tasks/big/public/big.bin');
      const reader = stream.getReader();
      expect((await reader.read()).done).toBe(false);
      await reader.cancel();
    });
  });
}
