import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { chunksOf, Digest, readAll } from './body';
import { blobNotFound, resolveRange, validateKey, validatePrefix } from './keys';
import type { BlobStore, GetRange, GetResult, PutBody, PutResult } from './types';

/** Bytes per read when streaming a file out; small enough that a download never holds much. */
const READ_CHUNK = 64 * 1024;

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Writes all of `chunk`; a regular-file write may in principle be short. */
async function writeFully(fh: FileHandle, chunk: Uint8Array): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, written, chunk.byteLength - written);
    written += bytesWritten;
  }
}

/** A web stream over `[start, end]` of an open file that reads only when the consumer pulls. */
function fileStream(fh: FileHandle, start: number, end: number): ReadableStream<Uint8Array> {
  let position = start;
  let closed = false;
  const close = async () => {
    if (!closed) {
      closed = true;
      await fh.close();
    }
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const length = Math.min(READ_CHUNK, end + 1 - position);
        if (length <= 0) {
          await close();
          controller.close();
          return;
        }
        const buffer = new Uint8Array(length);
        const { bytesRead } = await fh.read(buffer, 0, length, position);
        if (bytesRead === 0) throw new Error(`Stored file shrank while being read at byte ${position}.`);
        position += bytesRead;
        controller.enqueue(bytesRead === length ? buffer : buffer.subarray(0, bytesRead));
      } catch (e) {
        await close().catch(() => {});
        controller.error(e);
      }
    },
    async cancel() {
      await close();
    },
  });
}

/**
 * Blobs as files under one root folder. The key maps to a relative path only after
 * `validateKey`, so every path stays inside the root.
 */
export class LocalBlobStore implements BlobStore {
  /** The folder holding the blobs (the start-up sweep walks it). */
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...validateKey(key).split('/'));
  }

  async put(key: string, body: PutBody): Promise<PutResult> {
    const target = this.pathOf(key);
    const folder = path.dirname(target);
    await mkdir(folder, { recursive: true });
    // Same folder as the target so the rename is atomic; the leading dot keeps it out of the key space.
    const temp = path.join(folder, `.put-${randomUUID()}.tmp`);
    const fh = await open(temp, 'wx');
    let isOpen = true;
    try {
      const digest = new Digest();
      for await (const chunk of chunksOf(body)) {
        digest.update(chunk);
        await writeFully(fh, chunk);
      }
      await fh.sync();
      await fh.close();
      isOpen = false;
      await rename(temp, target);
      await syncFolder(folder);
      return digest.result();
    } catch (e) {
      if (isOpen) await fh.close().catch(() => {});
      await rm(temp, { force: true });
      throw e;
    }
  }

  async putFile(key: string, localPath: string): Promise<PutResult> {
    return this.put(key, createReadStream(localPath, { highWaterMark: READ_CHUNK }));
  }

  async get(key: string, range?: GetRange): Promise<GetResult> {
    const fh = await this.openFile(key);
    try {
      const { size } = await fh.stat();
      const { start, end } = resolveRange(key, size, range);
      return { stream: fileStream(fh, start, end), size };
    } catch (e) {
      await fh.close();
      throw e;
    }
  }

  async readRange(key: string, start: number, end: number): Promise<Uint8Array> {
    const fh = await this.openFile(key);
    try {
      const { size } = await fh.stat();
      if (end === start && Number.isSafeInteger(start) && start >= 0 && start <= size) return new Uint8Array(0);
      const r = resolveRange(key, size, { start, end: end - 1 });
      const out = new Uint8Array(r.end + 1 - r.start);
      for (let at = 0; at < out.length; ) {
        const { bytesRead } = await fh.read(out, at, out.length - at, r.start + at);
        if (bytesRead === 0) throw new Error(`Stored file shrank while being read at byte ${r.start + at}.`);
        at += bytesRead;
      }
      return out;
    } finally {
      await fh.close();
    }
  }

  async getBytes(key: string): Promise<Uint8Array> {
    const { stream, size } = await this.get(key);
    return readAll(stream, size);
  }

  async head(key: string): Promise<{ size: number } | null> {
    try {
      const info = await stat(this.pathOf(key));
      return info.isFile() ? { size: info.size } : null;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    const target = this.pathOf(key);
    const info = await stat(target).catch((e) => {
      if (isMissing(e)) return null;
      throw e;
    });
    // A folder is not a blob; removing it here would turn `delete` into a silent `deletePrefix`.
    if (info?.isFile()) await rm(target, { force: true });
  }

  async deletePrefix(prefix: string): Promise<void> {
    const folder = path.join(this.root, ...validatePrefix(prefix).split('/'));
    const info = await stat(folder).catch((e) => {
      if (isMissing(e)) return null;
      throw e;
    });
    // Only keys under `prefix/`: a blob whose key equals the prefix stays, as it does on S3.
    if (info?.isDirectory()) await rm(folder, { recursive: true, force: true });
  }

  /** Opens the file itself, so the size and bytes served come from one version even if a put renames over it. */
  private async openFile(key: string): Promise<FileHandle> {
    const target = this.pathOf(key);
    let fh: FileHandle;
    try {
      fh = await open(target, 'r');
    } catch (e) {
      if (isMissing(e)) throw blobNotFound(key);
      throw e;
    }
    const info = await fh.stat();
    if (!info.isFile()) {
      await fh.close();
      throw blobNotFound(key);
    }
    return fh;
  }
}

/** Makes the rename itself durable; without it a crash can forget a completed put. */
async function syncFolder(folder: string): Promise<void> {
  const fh = await open(folder, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
