/**
 * Compressed submissions (`.csv.gz`, or a `.zip` holding one CSV or Parquet file)
 * are unpacked once, at upload, so the stored file the scorer reads is plain and
 * every later message is the plain file's. Unpacking is a stream under the same
 * byte limit as an upload: the limit applies to the decompressed bytes, so a small
 * archive that expands without end (a "zip bomb") stops at the limit.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { PodiumError } from '@/lib/errors';

export type PlainFile = { path: string; name: string; size: number; sha256: string };

const bad = (rule: string, message: string) => new PodiumError(`bad_file:${rule}`, message, { rule });

/**
 * The file itself if it is not compressed; if it is gzip or ZIP (told by its first bytes, not its name), the plain
 * file it holds, written to `dir` as `upload.plain`. The archive is left where it was.
 */
export async function decompressUpload<F extends { path: string; name: string }>({
  file,
  dir,
  maxBytes,
}: {
  file: F;
  dir: string;
  maxBytes: number;
}): Promise<F | PlainFile> {
  const head = await readAt(file.path, 0, 4);
  const isGzip = head[0] === 0x1f && head[1] === 0x8b;
  const isZip = head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
  if (!isGzip && !isZip) return file;
  const target = path.join(dir, 'upload.plain');
  let plain: PlainFile;
  if (isGzip) {
    const name = file.name.replace(/\.gz$/i, '') || 'submission.csv';
    ({ plain } = await unpack({
      source: fs.createReadStream(file.path),
      inflate: zlib.createGunzip(),
      target,
      name,
      archive: file.name,
      maxBytes,
    }));
  } else {
    const entry = await onlyZipEntry(file.path, file.name);
    const unpacked = await unpack({
      source:
        entry.compressedSize === 0
          ? Readable.from([])
          : fs.createReadStream(file.path, { start: entry.dataStart, end: entry.dataStart + entry.compressedSize - 1 }),
      inflate: entry.method === 8 ? zlib.createInflateRaw() : undefined,
      target,
      name: entry.name,
      archive: file.name,
      maxBytes,
    });
    plain = unpacked.plain;
    if (plain.size !== entry.size || unpacked.crc32 !== entry.crc32) {
      throw bad('bad_zip', `${file.name}: the ZIP archive is damaged (${entry.name} does not match its recorded size or checksum); zip the file again`);
    }
  }
  return plain;
}

async function unpack({
  source,
  inflate,
  target,
  name,
  archive,
  maxBytes,
}: {
  source: Readable;
  inflate?: Transform;
  target: string;
  name: string;
  archive: string;
  maxBytes: number;
}): Promise<{ plain: PlainFile; crc32: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let crc = 0;
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) {
        return done(
          new PodiumError('too_large:decompressed', `The file is larger than the limit of ${maxBytes.toLocaleString('en')} bytes once decompressed (${archive}).`, {
            limit: maxBytes,
          }),
        );
      }
      hash.update(chunk);
      crc = zlib.crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const out = fs.createWriteStream(target);
  try {
    await (inflate ? pipeline(source, inflate, count, out) : pipeline(source, count, out));
  } catch (e) {
    await fs.promises.rm(target, { force: true });
    if (e instanceof PodiumError) throw e;
    const what = inflate instanceof zlib.Gunzip ? 'gzip' : 'ZIP';
    throw bad(`bad_${what.toLowerCase()}`, `${archive}: the ${what} data is damaged or cut short (${(e as Error).message}); compress the file again`);
  }
  return { plain: { path: target, name, size, sha256: hash.digest('hex') }, crc32: crc >>> 0 };
}

type ZipEntry = { name: string; method: number; compressedSize: number; size: number; crc32: number; dataStart: number };

/** Entries a ZIP tool adds beside the file itself: folders and macOS metadata. */
const isNoise = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\.DS_Store$/.test(name);

/** The one file of a ZIP archive, from its central directory; anything else is refused with a message saying what to upload. */
async function onlyZipEntry(file: string, archive: string): Promise<ZipEntry> {
  const size = (await fs.promises.stat(file)).size;
  const tailLen = Math.min(size, 22 + 65535);
  const tail = await readAt(file, size - tailLen, tailLen);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad('bad_zip', `${archive}: the ZIP archive is damaged or cut short (no central directory); zip the file again`);
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    throw bad('zip64', `${archive}: ZIP64 archives are not supported; upload the file gzip-compressed (.csv.gz) instead`);
  }
  if (cdOffset + cdSize > size) throw bad('bad_zip', `${archive}: the ZIP archive is damaged (its directory points past the end); zip the file again`);
  const cd = await readAt(file, cdOffset, cdSize);
  const entries: (ZipEntry & { flags: number; localOffset: number })[] = [];
  for (let p = 0, i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) {
      throw bad('bad_zip', `${archive}: the ZIP archive is damaged (entry ${i + 1} of its directory cannot be read); zip the file again`);
    }
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    entries.push({
      name,
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      crc32: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      dataStart: 0,
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const files = entries.filter((e) => !isNoise(e.name));
  if (files.length === 0) throw bad('zip_entries', `${archive}: the ZIP archive holds no file; put exactly one CSV or Parquet file in it`);
  if (files.length > 1) {
    const names = files.slice(0, 5).map((e) => e.name);
    throw bad(
      'zip_entries',
      `${archive}: the ZIP archive holds ${files.length} files (${names.join(', ')}${files.length > 5 ? ', …' : ''}); put exactly one CSV or Parquet file in it`,
    );
  }
  const entry = files[0];
  if (entry.flags & 1) throw bad('zip_encrypted', `${archive}: ${entry.name} is encrypted; zip it without a password`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw bad('zip_method', `${archive}: ${entry.name} is compressed with method ${entry.method}; only stored and deflate (the ZIP default) are read`);
  }
  if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) {
    throw bad('zip64', `${archive}: ZIP64 archives are not supported; upload the file gzip-compressed (.csv.gz) instead`);
  }
  const local = await readAt(file, entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) {
    throw bad('bad_zip', `${archive}: the ZIP archive is damaged (${entry.name} has no local header); zip the file again`);
  }
  const dataStart = entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (dataStart + entry.compressedSize > size) throw bad('bad_zip', `${archive}: the ZIP archive is cut short; zip the file again`);
  return { ...entry, name: path.posix.basename(entry.name) || 'submission', dataStart };
}

async function readAt(file: string, position: number, length: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await fh.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
