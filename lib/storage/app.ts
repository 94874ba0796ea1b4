import { config } from '@/lib/config';
import { createBlobStore } from './index';
import type { BlobStore } from './types';

const g = globalThis as unknown as { __podiumBlobStore?: BlobStore };

/** The blob store the site, the worker and the CLI share, from STORAGE_URL and DATA_DIR. */
export function appBlobStore(): BlobStore {
  if (g.__podiumBlobStore) return g.__podiumBlobStore;
  const cfg = config();
  g.__podiumBlobStore = createBlobStore({
    storageUrl: cfg.STORAGE_URL,
    dataDir: cfg.dataDir,
    s3: {
      endpoint: cfg.S3_ENDPOINT,
      region: cfg.S3_REGION,
      accessKeyId: cfg.AWS_ACCESS_KEY_ID,
      secretAccessKey: cfg.AWS_SECRET_ACCESS_KEY,
      forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
    },
  });
  return g.__podiumBlobStore;
}
