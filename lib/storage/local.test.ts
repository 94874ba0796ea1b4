import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectPodiumError } from './contract-helpers';
import { describeBlobStoreContract } from './contract-suite';
import { LocalBlobStore } from './local';

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

describeBlobStoreContract('local', async () => {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'podium-local-store-'));
  const root = path.join(parent, 'blobs');
  return {
    store: new LocalBlobStore(root),
    // The parent too, so a file written beside the root by a path trick would show up.
    listAll: () => filesUnder(parent),
    putBufferBytes: 0,
    cleanup: () => rm(parent, { recursive: true, force: true }),
  };
});

describe('local blob store layout', () => {
  it('keeps each key at the matching path under its root, readable by other tools', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'podium-local-layout-'));
    try {
      const store = new LocalBlobStore(root);
      await store.put('tasks/t1/private/answer-key.bin', new TextEncoder().encode('key'));
      expect(await readFile(path.join(root, 'tasks', 't1', 'private', 'answer-key.bin'), 'utf8')).toBe('key');
      expect(await filesUnder(root)).toEqual([path.join('tasks', 't1', 'private', 'answer-key.bin')]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('serves the version a reader opened even when a put replaces it meanwhile', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'podium-local-swap-'));
    try {
      const store = new LocalBlobStore(root);
      await store.put('f', new Uint8Array(300_000).fill(1));
      const { stream, size } = await store.get('f');
      await store.put('f', new Uint8Array(10).fill(2));
      const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
      expect(size).toBe(300_000);
      expect(bytes.length).toBe(300_000);
      expect(bytes.every((b) => b === 1)).toBe(true);
      expect((await stat(path.join(root, 'f'))).size).toBe(10);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('local blob store readRange (the scorer\'s byte ranges in one read)', () => {
  it('gives the bytes of [start, end) as get does, and refuses what get refuses', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'podium-local-range-'));
    try {
      const store = new LocalBlobStore(root);
      const bytes = new Uint8Array(200_000).map((_, i) => (i * 31) % 251);
      await store.put('submissions/s1/file', bytes);
      for (const [start, end] of [[0, 200_000], [0, 1], [65_535, 131_073], [199_999, 200_000], [1234, 1234]]) {
        expect(await store.readRange('submissions/s1/file', start, end)).toEqual(bytes.slice(start, end));
      }
      for (const [start, end] of [[0, 200_001], [-1, 10], [10, 5], [10, 15.5]]) {
        await expectPodiumError(store.readRange('submissions/s1/file', start, end), 'bad_request:range');
      }
      await expectPodiumError(store.readRange('submissions/none/file', 0, 1), 'not_found:blob');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
