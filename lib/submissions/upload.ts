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

/** Default wait for the next byte of an upload before it is abandoned. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/**
 * Streams a multipart upload (field `file`, plus small text fields) to a file
 * in `dir` without holding it in memory; past `maxBytes` it stops with 413.
 *
 * The promise settles exactly once, and at once, whatever the client does: a body
 * that errors or is cut off, a request aborted (`signal`), or no byte for
 * `idleTimeoutMs`. Settling with an error first destroys every stream (the file
 * handle is closed), so the caller's removal of `dir` leaves nothing behind.
 */
export function receiveMultipart({
  headers,
  body,
  dir,
  maxBytes,
  signal,
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
}: {
  headers: Headers;
  body: ReadableStream<Uint8Array> | null;
  dir: string;
  maxBytes: number;
  signal?: AbortSignal;
  idleTimeoutMs?: number;
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
    let out: fs.WriteStream | undefined;
    let part: NodeJS.ReadableStream | undefined;
    let settled = false;
    let tooLarge: PodiumError | undefined;
    let idle: NodeJS.Timeout | undefined;
    let bb: busboy.Busboy;
    const source = Readable.fromWeb(body as unknown as NodeWebStream<Uint8Array>);

    const cleanup = () => {
      clearTimeout(idle);
      signal?.removeEventListener('abort', onAbort);
    };
    const abandon = (e: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      // Release everything now: the body, the parser, the file part and the file handle.
      source.destroy();
      bb?.destroy();
      (part as Readable | undefined)?.destroy();
      if (out) {
        out.destroy();
        out.once('close', () => reject(e));
      } else reject(e);
    };
    const onAbort = () => abandon(new PodiumError('bad_request:upload_aborted', 'The upload was aborted before the whole file arrived.'));
    const touch = () => {
      clearTimeout(idle);
      idle = setTimeout(
        () => abandon(new PodiumError('bad_request:upload_timeout', `No data arrived for ${Math.round(idleTimeoutMs / 1000)} s; the upload was abandoned. Send it again.`)),
        idleTimeoutMs,
      );
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    touch();

    try {
      bb = busboy({ headers: { 'content-type': type }, limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024 } });
    } catch (e) {
      return abandon(new PodiumError('bad_request:bad_multipart', `The multipart body could not be read: ${(e as Error).message}`));
    }
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('file', (name, stream, info) => {
      if (name !== 'file' || file || writing) {
        stream.resume();
        return;
      }
      part = stream;
      const target = path.join(dir, 'upload');
      const hash = crypto.createHash('sha256');
      let size = 0;
      const sink = fs.createWriteStream(target);
      out = sink;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        hash.update(chunk);
      });
      // Past the limit the rest of the body is read and dropped, so the client gets its 413 rather than a reset.
      stream.on('limit', () => {
        tooLarge = new PodiumError('too_large', `The file is larger than the limit of ${maxBytes.toLocaleString('en')} bytes.`, { limit: maxBytes });
        stream.resume();
      });
      // A cut-off body makes the part itself error ("Unexpected end of form"): never left unhandled.
      stream.on('error', (e: Error) => abandon(new PodiumError('bad_request:bad_multipart', `The upload ended early: ${e.message}`)));
      writing = new Promise<void>((res, rej) => {
        sink.on('finish', () => res());
        sink.on('error', rej);
      }).then(() => {
        file = { path: target, name: info.filename || 'submission', size, sha256: hash.digest('hex') };
      });
      writing.catch(abandon);
      stream.pipe(sink);
    });
    bb.on('error', (e) => abandon(new PodiumError('bad_request:bad_multipart', `The multipart body could not be read: ${(e as Error).message}`)));
    bb.on('close', async () => {
      if (settled) return;
      try {
        await writing;
      } catch (e) {
        return abandon(e);
      }
      if (settled) return;
      if (tooLarge) return abandon(tooLarge);
      if (!file) return abandon(new PodiumError('bad_request:no_file', 'The upload has no file in the field "file".'));
      settled = true;
      cleanup();
      // A .csv.gz or a .zip of one file is stored plain (the limit applies to the decompressed bytes).
      decompressUpload({ file, dir, maxBytes }).then((plain) => resolve({ file: plain, fields }), reject);
    });
    source.on('data', touch);
    // The body failing is the client's connection going away (or breaking): a 400 of its own, never a 500.
    source.on('error', (e) => abandon(new PodiumError('bad_request:upload_aborted', `The upload was cut off before the whole file arrived (${e.message}).`)));
    source.pipe(bb);
  });
}
