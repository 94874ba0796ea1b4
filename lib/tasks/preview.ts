import 'server-only';
/**
 * A look at a task's data before downloading it: the first rows of each published CSV
 * (read with one ranged read of the stored file, never the whole file), and for a
 * classification task with an image column a few images per class. Images are served
 * straight out of the stored images.zip (its entries are stored uncompressed, so an
 * image is a byte range of the zip): no copy of the data is made.
 */
import type { DbOrTx } from '@/db/client';
import { PodiumError } from '@/lib/errors';
import type { BlobStore } from '@/lib/storage/types';
import { parseCsvText } from '@/lib/tables/csv-text';
import { getPublishedFile, listTaskFiles, type TaskView } from './queries';

export const PREVIEW_ROWS = 8;
const PREFIX_BYTES = 256 * 1024;
const GALLERY_PREFIX_BYTES = 2 * 1024 * 1024;
const PER_CLASS = 4;

export type PreviewTable = { file: string; columns: { name: string; role: string }[]; rows: (string | null)[][]; totalBytes: number };
export type Gallery = { column: string; classes: { label: string; images: string[] }[] };
export type TaskPreview = { tables: PreviewTable[]; gallery: Gallery | null };

/**
 * Up to `maxRows` records from the start of a CSV. `complete` says the bytes are the
 * whole file; otherwise a record cut by the end of the bytes is dropped.
 */
export function parseCsvPrefix(text: string, maxRows: number, complete: boolean): { header: string[]; rows: (string | null)[][] } {
  return parseCsvText(text, { maxRows, complete });
}

async function readPrefix(store: BlobStore, key: string, size: number, bytes: number): Promise<{ text: string; complete: boolean }> {
  if (size === 0) return { text: '', complete: true };
  const end = Math.min(size, bytes) - 1;
  const { stream } = await store.get(key, { start: 0, end });
  const buf = new Uint8Array(await new Response(stream).arrayBuffer());
  return { text: new TextDecoder('utf-8').decode(buf), complete: end === size - 1 };
}

/** Which stored CSVs a preview shows, in order. */
function previewFiles(task: TaskView, names: string[]): string[] {
  const want = task.type === 'classification' ? ['train.csv', 'test.csv'] : ['left.csv', 'right.csv', 'train_pairs.csv', 'test_pairs.csv'];
  return want.filter((n) => names.includes(n));
}

function roleOf(task: TaskView, column: string): string {
  if (column === 'left_id' || column === 'right_id') return 'id';
  if (column === 'label') return 'target';
  return task.manifest.columns[column] ?? '';
}

// Stored files never change under a task version (a re-import bumps updatedAt): cache per task and version.
const previews = new Map<string, Promise<TaskPreview>>();

export function readTaskPreview(args: { db: DbOrTx; store: BlobStore; task: TaskView }): Promise<TaskPreview> {
  const key = `${args.task.id}:${args.task.updatedAt.getTime()}`;
  let p = previews.get(key);
  if (!p) {
    p = taskPreview(args);
    if (previews.size > 200) previews.clear();
    previews.set(key, p);
    p.catch(() => previews.delete(key));
  }
  return p;
}

export async function taskPreview({ db, store, task }: { db: DbOrTx; store: BlobStore; task: TaskView }): Promise<TaskPreview> {
  const files = await listTaskFiles({ db, taskId: task.id });
  const tables: PreviewTable[] = [];
  for (const name of previewFiles(task, files.map((f) => f.name))) {
    const f = await getPublishedFile({ db, taskId: task.id, name });
    const { text, complete } = await readPrefix(store, f.storageKey, f.size, PREFIX_BYTES);
    const { header, rows } = parseCsvPrefix(text, PREVIEW_ROWS, complete);
    tables.push({ file: name, columns: header.map((h) => ({ name: h, role: roleOf(task, h) })), rows, totalBytes: f.size });
  }
  return { tables, gallery: await classGallery({ db, store, task, names: files.map((f) => f.name) }) };
}

/** A few train images per class, from the start of train.csv (classes absent there are left out). */
async function classGallery({ db, store, task, names }: { db: DbOrTx; store: BlobStore; task: TaskView; names: string[] }): Promise<Gallery | null> {
  if (task.type !== 'classification' || !names.includes('train.csv') || !names.includes('images.zip')) return null;
  const cols = task.manifest.columns;
  const image = Object.keys(cols).find((c) => cols[c] === 'image');
  const target = Object.keys(cols).find((c) => cols[c] === 'target');
  if (!image || !target) return null;
  const f = await getPublishedFile({ db, taskId: task.id, name: 'train.csv' });
  const { text, complete } = await readPrefix(store, f.storageKey, f.size, GALLERY_PREFIX_BYTES);
  const { header, rows } = parseCsvPrefix(text, 20_000, complete);
  const ii = header.indexOf(image);
  const ti = header.indexOf(target);
  if (ii < 0 || ti < 0) return null;
  const byClass = new Map<string, string[]>((task.classes ?? []).map((c) => [c, []]));
  for (const r of rows) {
    const label = r[ti];
    const img = r[ii];
    if (label === null || img === null) continue;
    const list = byClass.get(label) ?? [];
    if (!byClass.has(label)) byClass.set(label, list);
    if (list.length < PER_CLASS) list.push(img);
  }
  return { column: image, classes: [...byClass].map(([label, images]) => ({ label, images })) };
}

// ---- images out of the stored images.zip ----

type ZipEntry = { offset: number; size: number; method: number };
const zipIndexes = new Map<string, Promise<Map<string, ZipEntry>>>();

async function range(store: BlobStore, key: string, start: number, end: number): Promise<DataView> {
  const { stream } = await store.get(key, { start, end });
  const buf = new Uint8Array(await new Response(stream).arrayBuffer());
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** The central directory of a stored zip: entry name → where its bytes are. Read once per stored zip. */
async function zipIndex(store: BlobStore, key: string, size: number): Promise<Map<string, ZipEntry>> {
  const tailStart = Math.max(0, size - 65_557);
  const tail = await range(store, key, tailStart, size - 1);
  let eocd = -1;
  for (let i = tail.byteLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new PodiumError('internal:images_zip', 'images.zip has no central directory.');
  const count = tail.getUint16(eocd + 10, true);
  const cdSize = tail.getUint32(eocd + 12, true);
  const cdOffset = tail.getUint32(eocd + 16, true);
  const cd = await range(store, key, cdOffset, cdOffset + cdSize - 1);
  const out = new Map<string, ZipEntry>();
  const decoder = new TextDecoder();
  let p = 0;
  for (let n = 0; n < count && p + 46 <= cd.byteLength; n++) {
    if (cd.getUint32(p, true) !== 0x02014b50) break;
    const method = cd.getUint16(p + 10, true);
    const compressed = cd.getUint32(p + 20, true);
    const nameLen = cd.getUint16(p + 28, true);
    const extraLen = cd.getUint16(p + 30, true);
    const commentLen = cd.getUint16(p + 32, true);
    const local = cd.getUint32(p + 42, true);
    const name = decoder.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLen));
    out.set(name, { offset: local, size: compressed, method });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };

/**
 * One image of a task as a stream over its bytes inside the stored images.zip. Only
 * names listed in the zip (which holds exactly the images the task's tables name) are
 * served; anything else is 404.
 */
export async function taskImage({ db, store, taskId, name }: { db: DbOrTx; store: BlobStore; taskId: string; name: string }) {
  const zip = await getPublishedFile({ db, taskId, name: 'images.zip' }).catch(() => null);
  if (!zip) throw new PodiumError('not_found:image', 'This task has no images.');
  let index = zipIndexes.get(zip.storageKey);
  if (!index) {
    index = zipIndex(store, zip.storageKey, zip.size);
    if (zipIndexes.size > 100) zipIndexes.clear();
    zipIndexes.set(zip.storageKey, index);
    index.catch(() => zipIndexes.delete(zip.storageKey));
  }
  const entry = (await index).get(name);
  if (!entry) throw new PodiumError('not_found:image', `This task has no image "${name}".`);
  if (entry.method !== 0) throw new PodiumError('internal:images_zip', `The image "${name}" is compressed in images.zip; only stored entries are served.`);
  const local = await range(store, zip.storageKey, entry.offset, entry.offset + 29);
  const start = entry.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  const type = TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
  if (entry.size === 0) return { stream: new Response(new Uint8Array()).body!, size: 0, type };
  const { stream } = await store.get(zip.storageKey, { start, end: start + entry.size - 1 });
  return { stream, size: entry.size, type };
}
