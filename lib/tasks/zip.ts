import { existsSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Inflate } from 'fflate';
import { PodiumError } from '@/lib/errors';

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataStart: number;
  isDir: boolean;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
// Compressed bytes per step: deflate expands at most ~1032×, so one step holds at most ~16 MiB of output.
const PIECE = 1 << 14;

function bad(rule: string, message: string): never {
  throw new PodiumError(`bad_task:${rule}`, `${message} [${rule}]`, { rule });
}

/** Random access to the zip's bytes, from memory or from a file (a 4 GiB upload is never read whole). */
interface ZipSource {
  size: number;
  read(position: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

function memorySource(buf: Uint8Array): ZipSource {
  return { size: buf.length, read: async (p, n) => buf.subarray(p, Math.min(buf.length, p + n)), close: async () => {} };
}

async function fileSource(zipPath: string): Promise<ZipSource> {
  const fh = await open(zipPath, 'r');
  const { size } = await fh.stat();
  return {
    size,
    read: async (p, n) => {
      const out = new Uint8Array(Math.max(0, Math.min(n, size - p)));
      let got = 0;
      while (got < out.length) {
        const { bytesRead } = await fh.read(out, got, out.length - got, p + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return out.subarray(0, got);
    },
    close: () => fh.close(),
  };
}

/** Reads the central directory; refuses what we will not extract before writing anything. */
async function listEntries(src: ZipSource): Promise<Entry[]> {
  const tailStart = Math.max(0, src.size - 22 - 0xffff);
  const tail = await src.read(tailStart, src.size - tailStart);
  const tv = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad('zip_unreadable', 'The upload is not a zip file (no end-of-archive record)');
  const count = tv.getUint16(eocd + 10, true);
  const cdSize = tv.getUint32(eocd + 12, true);
  const cdOffset = tv.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) bad('zip_unreadable', 'ZIP64 archives are not supported; zip the folder with a standard zip tool');
  if (cdOffset + cdSize > src.size) bad('zip_unreadable', 'The zip central directory is damaged');
  const buf = await src.read(cdOffset, cdSize);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const entries: Entry[] = [];
  const utf8 = new TextDecoder();
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || view.getUint32(p, true) !== 0x02014b50) bad('zip_unreadable', 'The zip central directory is damaged');
    const madeBy = view.getUint16(p + 4, true) >> 8;
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const compressedSize = view.getUint32(p + 20, true);
    const size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    const attrs = view.getUint32(p + 38, true);
    const local = view.getUint32(p + 42, true);
    // Some zip tools write `./task.json`; the leading `./` means nothing.
    const name = utf8.decode(buf.subarray(p + 46, p + 46 + nameLen)).replace(/^(\.\/)+/, '');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 1) bad('zip_encrypted', `Zip entry "${name}" is encrypted`);
    if (madeBy === 3 && ((attrs >>> 16) & S_IFMT) === S_IFLNK) bad('zip_symlink', `Zip entry "${name}" is a symbolic link; links are not accepted`);
    const parts = name.split('/');
    if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\\') || name.includes('\0') || parts.includes('..')) {
      bad('zip_path_escapes', `Zip entry "${name}" has a path that leaves the folder`);
    }
    if (method !== 0 && method !== 8) bad('zip_unreadable', `Zip entry "${name}" uses compression method ${method}; only stored and deflate are supported`);
    const lh = await src.read(local, 30);
    const lv = new DataView(lh.buffer, lh.byteOffset, lh.byteLength);
    if (lh.length < 30 || lv.getUint32(0, true) !== 0x04034b50) bad('zip_unreadable', `Zip entry "${name}" is damaged`);
    const dataStart = local + 30 + lv.getUint16(26, true) + lv.getUint16(28, true);
    if (dataStart + compressedSize > src.size) bad('zip_unreadable', `Zip entry "${name}" is damaged (it runs past the end of the file)`);
    entries.push({ name, method, compressedSize, size, dataStart, isDir: name.endsWith('/') });
  }
  return entries.filter((e) => e.name !== '' && !e.name.startsWith('__MACOSX/') && !e.name.split('/').includes('.DS_Store'));
}

/** A zip of the folder's contents, or of the folder itself (one top folder holding task.json). */
function commonRoot(entries: Entry[]): string {
  if (entries.some((e) => e.name === 'task.json')) return '';
  const tops = new Set(entries.map((e) => e.name.split('/')[0]));
  if (tops.size === 1) {
    const top = [...tops][0];
    if (entries.some((e) => e.name === `${top}/task.json`)) return `${top}/`;
  }
  bad('zip_no_task_json', 'The zip has no task.json at its root or inside a single top folder');
}

/**
 * Extracts an uploaded task folder into `destDir`. Refuses `..`, absolute paths,
 * symlinks, encryption, and more than `maxBytes` of output in all or `maxFileBytes` in
 * one file (counted while inflating, so a lying size field does not help a zip bomb).
 * It streams: the zip is read and inflated a small piece at a time and every write is
 * awaited, so the site keeps answering while a big (or hostile) zip is unpacked.
 */
export async function extractTaskZip(input: {
  zipPath?: string;
  bytes?: Uint8Array;
  destDir: string;
  maxBytes: number;
  maxFileBytes?: number;
}): Promise<{ files: string[] }> {
  const src = input.bytes ? memorySource(input.bytes) : await fileSource(input.zipPath!);
  const maxFile = input.maxFileBytes ?? Infinity;
  const tooLarge = () => {
    throw new PodiumError('too_large:zip', `The unzipped task folder is larger than ${input.maxBytes} bytes [zip_too_large]`, { rule: 'zip_too_large' });
  };
  const fileTooLarge = (name: string) => {
    throw new PodiumError('too_large:zip_file', `Zip entry "${name}" unzips to more than ${maxFile} bytes, the most one file may hold [zip_file_too_large]`, {
      rule: 'zip_file_too_large',
    });
  };
  try {
    const entries = await listEntries(src);
    const root = commonRoot(entries);
    if (entries.reduce((sum, e) => sum + e.size, 0) > input.maxBytes) tooLarge();
    for (const e of entries) if (e.size > maxFile) fileTooLarge(e.name);
    if (existsSync(input.destDir)) throw new Error(`extractTaskZip: ${input.destDir} already exists`);
    await mkdir(input.destDir, { recursive: true });
    let total = 0;
    const files: string[] = [];
    try {
      for (const e of entries) {
        if (e.isDir) continue;
        const rel = e.name.slice(root.length);
        const out = path.join(input.destDir, rel);
        await mkdir(path.dirname(out), { recursive: true });
        const fh = await open(out, 'wx');
        try {
          let inFile = 0;
          let pending: Uint8Array[] = [];
          const take = (chunk: Uint8Array) => {
            inFile += chunk.length;
            total += chunk.length;
            if (total > input.maxBytes) tooLarge();
            if (inFile > maxFile) fileTooLarge(e.name);
            pending.push(chunk);
          };
          const flush = async () => {
            for (const c of pending) await fh.write(c);
            pending = [];
          };
          const inflate = e.method === 8 ? new Inflate((chunk) => take(chunk)) : undefined;
          if (e.compressedSize === 0 && inflate) inflate.push(new Uint8Array(0), true);
          for (let off = 0; off < e.compressedSize; off += PIECE) {
            const piece = await src.read(e.dataStart + off, Math.min(PIECE, e.compressedSize - off));
            const last = off + PIECE >= e.compressedSize;
            if (inflate) inflate.push(piece, last);
            else take(piece);
            await flush();
          }
        } finally {
          await fh.close();
        }
        files.push(rel);
      }
    } catch (e) {
      // A refused zip leaves nothing behind.
      await rm(input.destDir, { recursive: true, force: true });
      throw e;
    }
    return { files };
  } finally {
    await src.close();
  }
}
