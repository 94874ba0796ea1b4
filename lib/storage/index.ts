import path from 'node:path';
import { LocalBlobStore } from './local';
import { validatePrefix } from './keys';
import { S3BlobStore } from './s3';
import type { BlobStore } from './types';

export type { BlobStore, GetRange, GetResult, PutBody, PutResult } from './types';
export { validateKey, validatePrefix } from './keys';
export { parseRange, contentRange, type ByteRange } from './range';
export { LocalBlobStore } from './local';
export { S3BlobStore, type S3BlobStoreOptions } from './s3';

export interface BlobStoreConfig {
  /** `s3://bucket/prefix` for S3; unset or empty for a folder under `dataDir`. */
  storageUrl?: string;
  dataDir: string;
  s3?: {
    endpoint?: string;
    region?: string;
    accessKeyId?: string;
    secretAccessKey?: string;
    forcePathStyle?: boolean;
  };
}

/** Picks the store from configuration parsed elsewhere (lib/config.ts); reads no environment itself. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  const url = config.storageUrl?.trim();
  if (!url) return new LocalBlobStore(path.join(config.dataDir, 'blobs'));
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*?))?\/?$/.exec(url);
  if (!match) {
    throw new Error(`STORAGE_URL ${JSON.stringify(url)} is not s3://bucket or s3://bucket/prefix (leave it unset to store files under DATA_DIR).`);
  }
  const [, bucket, prefix] = match;
  if (prefix) {
    try {
      validatePrefix(prefix);
    } catch (e) {
      throw new Error(`STORAGE_URL ${JSON.stringify(url)} has an unusable prefix: ${(e as Error).message}`);
    }
  }
  return new S3BlobStore({ bucket, prefix: prefix || undefined, ...config.s3 });
}
