import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
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
const PIECE = 1 << 16;

function bad(rule: string, message: string): never {
  throw new PodiumError(`bad_task:${rule}`, `${message} [${rule}]`, { rule });
}

/** Reads the central directory; refuses what we will not extract before writing anything. */
function listEntries(buf: Uint8Array): Entry[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) bad('zip_unreadable', 'The upload is not a zip file (no end-of-archive record)');
  const count = view.getUint16(eocd + 10, true);
  const cdOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || cdOffset === 0xffffffff) bad('zip_unreadable', 'ZIP64 archives are not supported; zip the folder with a standard zip tool');
  const entries: Entry[] = [];
  const utf8 = new TextDecoder();
  let p = cdOffset;
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
    if (view.getUint32(local, true) !== 0x04034b50) bad('zip_unreadable', `Zip entry "${name}" is damaged`);
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
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
 * symlinks, encryption, and more than `maxBytes` of output (counted while inflating,
 * so a lying size field does not help a zip bomb).
 */
export function extractTaskZip(input: { zipPath?: string; bytes?: Uint8Array; destDir: string; maxBytes: number }): { files: string[] } {
  const buf = input.bytes ?? readFileSync(input.zipPath!);
  const entries = listEntries(buf);
  const root = commonRoot(entries);
  const tooLarge = () => {
    throw new PodiumError('too_large:zip', `The unzipped task folder is larger than ${input.maxBytes} bytes [zip_too_large]`, { rule: 'zip_too_large' });
  };
  if (entries.reduce((s, e) => s + e.size, 0) > input.maxBytes) tooLarge();
  if (existsSync(input.destDir)) throw new Error(`extractTaskZip: ${input.destDir} already exists`);
  mkdirSync(input.destDir, { recursive: true });
  let total = 0;
  const files: string[] = [];
  try {
    for (const e of entries) {
      if (e.isDir) continue;
      const rel = e.name.slice(root.length);
      const out = path.join(input.destDir, rel);
      mkdirSync(path.dirname(out), { recursive: true });
      const fd = openSync(out, 'wx');
      try {
        const data = buf.subarray(e.dataStart, e.dataStart + e.compressedSize);
        const write = (chunk: Uint8Array) => {
          total += chunk.length;
          if (total > input.maxBytes) tooLarge();
          writeSync(fd, chunk);
        };
        if (e.method === 0) write(data);
        else {
          const inflate = new Inflate((chunk) => write(chunk));
          for (let i = 0; i < data.length; i += PIECE) inflate.push(data.subarray(i, i + PIECE), i + PIECE >= data.length);
          if (data.length === 0) inflate.push(new Uint8Array(0), true);
        }
      } finally {
        closeSync(fd);
      }
      files.push(rel);
    }
  } catch (e) {
    // A refused zip leaves nothing behind.
    rmSync(input.destDir, { recursive: true, force: true });
    throw e;
  }
  return { files };
}
