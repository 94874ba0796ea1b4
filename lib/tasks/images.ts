import { closeSync, existsSync, openSync, readFileSync, realpathSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { Zip, ZipPassThrough } from 'fflate';
import type { Table } from '@/lib/tables/types';
import { stringColumn } from '@/lib/tables/types';
import { taskFail } from './task-error';

export const IMAGES_DIR = 'images';
const HINT = 'Image paths are relative to the images/ folder ("0001.jpg", "shoes/0001.jpg") or to the task folder ("images/0001.jpg").';
// A fixed timestamp makes images.zip byte-identical across imports, so its SHA-256 is too.
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * Checks every image cell: a relative path with no `..`, no backslash, that names a
 * file inside images/ (symlinks resolving outside are refused). Returns the distinct
 * paths, sorted.
 */
export function checkImages(folder: string, tables: { file: string; table: Table }[], imageColumns: string[]): string[] {
  if (imageColumns.length === 0) return [];
  const root = path.join(folder, IMAGES_DIR);
  const realRoot = existsSync(root) ? realpathSync(root) : null;
  const seen = new Set<string>();
  for (const { file, table } of tables) {
    for (const name of imageColumns) {
      const col = stringColumn(table, name);
      col.values.forEach((v0, i) => {
        if (v0 === null) return;
        // One published convention: relative to images/. "images/x.jpg" (relative to the folder) is rewritten to "x.jpg".
        const v = v0.startsWith(`${IMAGES_DIR}/`) && !existsSync(path.join(root, v0)) ? v0.slice(IMAGES_DIR.length + 1) : v0;
        col.values[i] = v;
        if (seen.has(v)) return;
        const place = { file, column: name, row: i + 1, value: v0 };
        const parts = v.split('/');
        if (v.startsWith('/') || /^[a-zA-Z]:/.test(v) || v.includes('\\') || v.includes('\0') || parts.some((p) => p === '..' || p === '.' || p === '')) {
          taskFail('image_path_escapes', 'An image path is not a plain relative path inside images/', place, HINT);
        }
        const full = path.join(root, v);
        if (realRoot === null || !existsSync(full) || !statSync(full).isFile()) {
          taskFail('image_missing', 'An image file does not exist', place, HINT);
        }
        const real = realpathSync(full);
        if (!real.startsWith(realRoot + path.sep)) taskFail('image_path_escapes', 'An image path leads outside images/ (through a link)', place, HINT);
        seen.add(v);
      });
    }
  }
  return [...seen].sort();
}

/** Stores (no recompression: images are already compressed) each referenced file under its column path. */
export function writeImagesZip(folder: string, paths: string[], outPath: string): void {
  const fd = openSync(outPath, 'w');
  try {
    let error: Error | null = null;
    const zip = new Zip((err, chunk) => {
      if (err) error = err;
      else writeSync(fd, chunk);
    });
    for (const rel of paths) {
      const entry = new ZipPassThrough(rel);
      entry.mtime = ZIP_MTIME;
      zip.add(entry);
      entry.push(readFileSync(path.join(folder, IMAGES_DIR, rel)), true);
    }
    zip.end();
    if (error) throw error;
  } finally {
    closeSync(fd);
  }
}
