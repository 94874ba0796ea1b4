import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { describeBlobStoreContract } from './contract-suite';
import { S3BlobStore } from './s3';
import { startTestS3Server } from './test-s3-server';

const PART_SIZE = 5 * 1024 * 1024;

describeBlobStoreContract('s3 (s3rver)', async () => {
  const server = await startTestS3Server();
  const connection = {
    endpoint: server.endpoint,
    region: server.region,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    forcePathStyle: true,
  };
  const store = new S3BlobStore({
    bucket: server.bucket,
    prefix: 'podium/test',
    endpoint: server.endpoint,
    region: server.region,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    forcePathStyle: true,
    partSize: PART_SIZE,
  });
  // A separate client sees the whole bucket, so an object outside the prefix would show up.
  const inspector = new S3Client(connection);
  return {
    store,
    async listAll() {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await inspector.send(new ListObjectsV2Command({ Bucket: server.bucket, ContinuationToken }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return keys;
    },
    putBufferBytes: PART_SIZE,
    async cleanup() {
      store.destroy();
      inspector.destroy();
      await server.stop();
    },
  };
});
