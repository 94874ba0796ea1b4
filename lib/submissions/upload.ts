import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeWebStream } from 'node:stream/web';
import busboy from 'busboy';
import { PodiumError } from '@/lib/errors';
import { decompressUpload } from './decompress';

export type ReceivedUpload = {
  file: { path: string; name: string; size: number; sha256: string };
  fields: Record<string, string>;
};

/**
 * Streams a multipart upload (field `file`, plus small text fields) to a file
 * in `dir` without holding it in memory; past `maxBytes` it stops with 413.
 */
export function receiveMultipart({
  headers,
  body,
  dir,
  maxBytes,
}: {
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  dir: string;
  maxBytes: number;
}): Promise<ReceivedUpload> {
  const type = headers.get('content-type') ?? '';
  if (!/^multipart\/form-data/i.test(type) || !body) {
    return Promise.reject(
      new PodiumError('bad_request:not_multipart', 'Send the predictions as multipart/form-data with the file in the field "file".'),
    );
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: ReceivedUpload['file'] | undefined;
    let writing: Promise<void> | undefined;
    let failed: unknown;
    const fail = (e: unknown) => {
      failed ??= e;
    };
    const bb = busboy({ headers: { 'content-type': type }, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file') {
        stream.resume();
        return;
      }
      const target = path.join(dir, 'upload');
      const hash = crypto.createHash('sha256');
      let size = 0;
      const out = fs.createWriteStream(target);
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      stream.on('limit', () => {
        fail(new PodiumError('too_large', `The file is larger than the limit of ${maxBytes.toLocaleString('en')} bytes.`, { limit: maxBytes }));
        stream.resume();
      });
      writing = new Promise<void>((res, rej) => {
        out.on('finish', () => res());
        out.on('error', rej);
      }).then(() => {
        file = { path: target, name: info.filename || 'submission', size, sha256: hash.digest('hex') };
      });
      stream.pipe(out);
    });
    bb.on('error', (e) => fail(new PodiumError('bad_request:bad_multipart', `The multipart body could not be read: ${(e as Error).message}`)));
    bb.on('close', async () => {
      try {
        await writing;
      } catch (e) {
        fail(e);
      }
      if (failed) return reject(failed);
      if (!file) return reject(new PodiumError('bad_request:no_file', 'The upload has no file in the field "file".'));
      // A .csv.gz or a .zip of one file is stored plain (the limit applies to the decompressed bytes).
      decompressUpload({ file, dir, maxBytes }).then((plain) => resolve({ file: plain, fields }), reject);
    });
    Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>)
      .on('error', (e) => {
        fail(e);
        bb.destroy();
      })
      .pipe(bb);
  });
}
