import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodiumError } from '@/lib/errors';
import { createBlobStore, LocalBlobStore, S3BlobStore, validateKey } from './index';
import { startTestS3Server } from './test-s3-server';

describe('createBlobStore', () => {
  it('stores files under DATA_DIR/blobs when no STORAGE_URL is set', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'podium-data-'));
    try {
      for (const storageUrl of [undefined, '', '  ']) {
        const store = createBlobStore({ storageUrl, dataDir });
        expect(store).toBeInstanceOf(LocalBlobStore);
        await store.put('tasks/t1/public/train.csv', new TextEncoder().encode('id\n1\n'));
        expect(await readFile(path.join(dataDir, 'blobs', 'tasks', 't1', 'public', 'train.csv'), 'utf8')).toBe('id\n1\n');
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('stores objects under the bucket and prefix of an s3:// URL', async () => {
    const server = await startTestS3Server('podium-bucket');
    const s3 = {
      endpoint: server.endpoint,
      region: server.region,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      forcePathStyle: true,
    };
    try {
      const store = createBlobStore({ storageUrl: 's3://podium-bucket/env/prod/', dataDir: '/nonexistent', s3 }) as S3BlobStore;
      expect(store).toBeInstanceOf(S3BlobStore);
      await store.put('submissions/s1/file', new TextEncoder().encode('pred'));
      // The same object seen through a store with no prefix proves where it landed.
      const bare = createBlobStore({ storageUrl: 's3://podium-bucket', dataDir: '/nonexistent', s3 }) as S3BlobStore;
      expect(await bare.head('env/prod/submissions/s1/file')).toEqual({ size: 4 });
      store.destroy();
      bare.destroy();
    } finally {
      await server.stop();
    }
  });

  it('refuses a STORAGE_URL it cannot use, naming the variable', () => {
    for (const storageUrl of ['file:///tmp/x', 's3://', 's3://B/upper', 'https://bucket.s3.amazonaws.com', 's3://bucket/../x']) {
      expect(() => createBlobStore({ storageUrl, dataDir: '/tmp' }), storageUrl).toThrow(/^STORAGE_URL /);
    }
  });
});

describe('validateKey', () => {
  it('accepts the keys the app generates and returns them unchanged', () => {
    for (const key of ['tasks/0f8e-77/public/train.csv', 'tasks/abc/private/answer-key.bin', 'submissions/42/file', 'a', 'x=1+y@z']) {
      expect(validateKey(key)).toBe(key);
    }
  });

  it('names the rule a refused key breaks', () => {
    const cases: [string, RegExp][] = [
      ['../x', /`\.\.` segment/],
      ['/abs', /absolute path/],
      ['a\\b', /backslash/],
      ['a\0b', /NUL byte/],
      ['a//b', /empty segment/],
      ['a%2Fb', /character outside/],
      ['.env', /starts with `\.`/],
    ];
    for (const [key, rule] of cases) {
      let error: unknown;
      try {
        validateKey(key);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PodiumError);
      expect((error as PodiumError).code).toBe('bad_request:blob_key');
      expect((error as PodiumError).message).toMatch(rule);
    }
  });
});
