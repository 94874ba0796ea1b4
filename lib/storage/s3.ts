import { createReadStream } from 'node:fs';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { chunksOf, Digest, nodeToWeb, readAll } from './body';
import { blobNotFound, rangeError, resolveRange, validateKey, validatePrefix } from './keys';
import type { BlobStore, GetRange, GetResult, PutBody, PutResult } from './types';
import { silenceAwsSdkNodeNotice } from '@/lib/config';

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, without leading or trailing `/` (e.g. `podium/prod`). */
  prefix?: string;
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `bucket` in the path rather than the host name; needed by MinIO, s3rver and most self-hosted servers. */
  forcePathStyle?: boolean;
  /** Bytes per multipart part, and the most a put holds in memory. S3 requires at least 5 MiB. */
  partSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

function httpStatus(e: unknown): number | undefined {
  return (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

/** Objects in one bucket under an optional prefix; each app key becomes `<prefix>/<key>`. */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partSize: number;

  constructor(opts: S3BlobStoreOptions) {
    this.bucket = opts.bucket;
    this.prefix = opts.prefix ? `${validatePrefix(opts.prefix)}/` : '';
    this.partSize = opts.partSize ?? DEFAULT_PART_SIZE;
    if (this.partSize < MIN_PART_SIZE) throw new Error(`S3 part size ${this.partSize} is below S3's minimum of ${MIN_PART_SIZE} bytes.`);
    silenceAwsSdkNodeNotice();
    this.client = new S3Client({
      endpoint: opts.endpoint,
      region: opts.region ?? 'us-east-1',
      forcePathStyle: opts.forcePathStyle,
      credentials:
        opts.accessKeyId && opts.secretAccessKey
          ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey }
          : undefined,
      // Default CRC trailers use aws-chunked bodies that many S3-compatible servers do not accept.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private keyOf(key: string): string {
    return this.prefix + validateKey(key);
  }

  /**
   * Up to one part in memory: a body that fits is one PUT; a larger one becomes a multipart upload,
   * which S3 makes visible only on completion, so a failed put never leaves a partial object.
   */
  async put(key: string, body: PutBody, opts: { contentType?: string } = {}): Promise<PutResult> {
    const Key = this.keyOf(key);
    const digest = new Digest();
    // Copied, not referenced: a caller may reuse its chunk buffer once we pull the next one. Grown
    // on demand so the many small puts (prediction files, keys) do not each claim a whole part.
    let part = new Uint8Array(Math.min(this.partSize, 64 * 1024));
    let filled = 0;
    let uploadId: string | undefined;
    const parts: CompletedPart[] = [];
    const sendPart = async () => {
      uploadId ??= (
        await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key, ContentType: opts.contentType }))
      ).UploadId;
      const PartNumber = parts.length + 1;
      const out = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key, UploadId: uploadId, PartNumber, Body: part.subarray(0, filled) }),
      );
      parts.push({ ETag: out.ETag, PartNumber });
      filled = 0;
    };
    try {
      for await (const chunk of chunksOf(body)) {
        digest.update(chunk);
        for (let offset = 0; offset < chunk.byteLength; ) {
          // Flush a full part only once more bytes arrive, so a body of exactly one part stays one PUT.
          if (filled === this.partSize) await sendPart();
          const n = Math.min(this.partSize - filled, chunk.byteLength - offset);
          if (filled + n > part.byteLength) {
            // Doubling stops at 1 MiB: past that the body is likely big, and each step would leave garbage.
            const capacity = part.byteLength < 1024 * 1024 ? Math.max(2 * part.byteLength, filled + n) : this.partSize;
            const grown = new Uint8Array(Math.min(this.partSize, capacity));
            grown.set(part.subarray(0, filled));
            part = grown;
          }
          part.set(chunk.subarray(offset, offset + n), filled);
          filled += n;
          offset += n;
        }
      }
      if (uploadId === undefined) {
        await this.client.send(
          new PutObjectCommand({ Bucket: this.bucket, Key, Body: part.subarray(0, filled), ContentType: opts.contentType }),
        );
      } else {
        await sendPart();
        await this.client.send(
          new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }),
        );
      }
      return digest.result();
    } catch (e) {
      if (uploadId !== undefined) {
        // Best effort: the object never appears without Complete; abort only frees the stored parts.
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId })).catch(() => {});
      }
      throw e;
    }
  }

  async putFile(key: string, localPath: string, opts?: { contentType?: string }): Promise<PutResult> {
    return this.put(key, createReadStream(localPath), opts);
  }

  async get(key: string, range: GetRange = {}): Promise<GetResult> {
    const Key = this.keyOf(key);
    const ranged = range.start !== undefined || range.end !== undefined;
    // Shape first (negative, reversed, fractional): S3 ignores a malformed Range and sends everything.
    if (ranged) resolveRange(key, Number.MAX_SAFE_INTEGER, range);
    let out;
    try {
      out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key, Range: ranged ? `bytes=${range.start ?? 0}-${range.end ?? ''}` : undefined }),
      );
    } catch (e) {
      if (httpStatus(e) === 404) throw blobNotFound(key);
      if (httpStatus(e) === 416) throw rangeError(key, range);
      throw e;
    }
    const source = out.Body as unknown as AsyncIterable<Uint8Array> & { destroy?: (e?: Error) => void };
    try {
      const size = ranged ? sizeFromContentRange(Key, out.ContentRange, range.start ?? 0) : out.ContentLength;
      if (size === undefined) throw new Error(`S3 answered GET ${Key} without a Content-Length.`);
      // S3 clamps an end past the object; the local store refuses it, and so must this one.
      const { start, end } = resolveRange(key, size, range);
      // Cut at the requested end: s3rver 3.7, for one, reads `bytes=0-0` as "from 0 to the end".
      return { stream: nodeToWeb(source, ranged ? end + 1 - start : Infinity), size };
    } catch (e) {
      source.destroy?.();
      throw e;
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const { stream, size } = await this.get(key);
    return readAll(stream, size);
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
      return { size: out.ContentLength ?? 0 };
    } catch (e) {
      if (httpStatus(e) === 404) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.keyOf(key) }));
  }

  async deletePrefix(prefix: string): Promise<void> {
    const Prefix = `${this.prefix}${validatePrefix(prefix)}/`;
    let ContinuationToken: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix, ContinuationToken }));
      const Objects = (page.Contents ?? []).flatMap((o) => (o.Key ? [{ Key: o.Key }] : []));
      if (Objects.length > 0) {
        const out = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects, Quiet: true } }));
        if (out.Errors?.length) {
          throw new Error(`S3 refused to delete ${out.Errors.length} objects under ${Prefix}: ${out.Errors[0].Code} ${out.Errors[0].Key}`);
        }
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  /** Frees the client's sockets; tests call it before stopping their server. */
  destroy(): void {
    this.client.destroy();
  }
}

/** The object size from a ranged answer's `Content-Range`, after checking it starts where we asked. */
function sizeFromContentRange(Key: string, contentRange: string | undefined, start: number): number {
  const match = /^bytes (\d+)-\d+\/(\d+)$/.exec(contentRange ?? '');
  if (!match || Number(match[1]) !== start) {
    throw new Error(`S3 answered GET ${Key} from byte ${start} with Content-Range ${JSON.stringify(contentRange)}.`);
  }
  return Number(match[2]);
}
