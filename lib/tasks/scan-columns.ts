/**
 * Reads chosen columns of a task file (CSV or Parquet) row by row as byte slices, for
 * the offline scorer's answer key. CSV goes through the submission reader's byte-level
 * RFC 4180 parser (every field is parsed, only the chosen ones are looked at; with a group
 * visitor, runs of plain rows are found by its tighter loop and offered as one group); Parquet
 * decodes the chosen columns only, reading the footer and then each row group's chunks by
 * byte range (the file is never read whole). Values mean what the import path reads: an empty
 * cell is missing (start = end), and Parquet numbers, dates and booleans become the
 * text `applySchema` gives them.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { BLOCK_RECORDS, CsvRecordReader } from '@/lib/tables/csv-records';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { byteColumnGroups, type ByteGroup, type RawGroupVisitor } from '@/lib/tables/parquet-byte-groups';
import { fileSource, parquetFooter, parquetRanges, readParquetRows, type FileMetaData } from '@/lib/tables/parquet-ranges';
import { isPodiumError, PodiumError } from '@/lib/errors';
import type { DataFile } from './folder-files';
import { taskFail } from './task-error';

/**
 * `bufs[j]`, `starts[j]`, `ends[j]`: the value of the j-th chosen column; `row` is 1-based.
 * `entries[j]` >= 0 names the value's Parquet dictionary entry, numbered across the whole
 * file (equal numbers, equal bytes), so a visitor can look each distinct value up once; -1
 * when the value is not dictionary-encoded (CSV, PLAIN pages, hyparquet's path).
 */
export type RowVisitor = (bufs: Uint8Array[], starts: Int32Array, ends: Int32Array, row: number, entries: Int32Array) => void;

/**
 * A Parquet row group decoded as page slices (one per chosen column, in their order), offered
 * whole before its rows are visited one by one: returns how many of its first rows it took.
 * The rows from there go to the RowVisitor, so a group visitor takes the rows it is sure of
 * (in a tight loop, no call per row) and leaves any row with a problem to the visitor's message.
 * `rowStart` is the group's first row (0-based), `fileRows` the file's rows (0 for CSV: not known).
 * In a CSV file, a run of plain rows (csv-records.ts, BlockSink) is offered the same way, one buffer, no dictionary.
 */
export type GroupVisitor = (slices: ByteSlices[], rows: number, rowStart: number, fileRows: number) => number;

export type ScanOptions = {
  /** For CSV only, after each chunk's rows: bytes read so far and the file's size. */
  progress?: (read: number, size: number) => void;
  group?: GroupVisitor;
  /** For Parquet: a row group's raw chunks, before decoding; a group it takes is neither decoded nor visited. */
  raw?: RawGroupVisitor;
};

const CHUNK_BYTES = 8 << 20;
const utf8 = new TextDecoder();
const enc = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** Calls `visit` for every data row with the chosen columns (or `group` for a run of them); returns the number of rows. */
export async function scanColumns(file: DataFile, names: string[], visit: RowVisitor, opts: ScanOptions = {}): Promise<number> {
  return file.name.toLowerCase().endsWith('.parquet') ? scanParquet(file, names, visit, opts) : scanCsv(file, names, visit, opts);
}

function missingColumn(file: DataFile, column: string): never {
  taskFail('missing_column', 'A column declared in task.json is missing', { file: file.name, column });
}

/** A CSV block's slices have one buffer and no dictionary. */
const ONE_BUFFER = new Uint8Array(BLOCK_RECORDS);
const NO_ENTRIES = new Int32Array(BLOCK_RECORDS).fill(-1);

function scanCsv(file: DataFile, names: string[], visit: RowVisitor, { progress, group }: ScanOptions): number {
  const k = names.length;
  const want = new Int32Array(k);
  const starts = new Int32Array(k);
  const ends = new Int32Array(k);
  const bufs: Uint8Array[] = new Array<Uint8Array>(k).fill(EMPTY);
  const entries = new Int32Array(k).fill(-1);
  let width = -1;
  let rows = 0;
  const reader = new CsvRecordReader((buf, s, e, nf, row) => {
    if (row === 0) {
      const header: string[] = [];
      for (let f = 0; f < nf; f++) header.push(utf8.decode(buf.subarray(s[f], e[f])));
      names.forEach((name, j) => {
        want[j] = header.indexOf(name);
        if (want[j] < 0) missingColumn(file, name);
      });
      width = nf;
      return;
    }
    if (nf !== width) {
      taskFail('csv_field_count', `A row has ${nf} fields but the header has ${width}`, { file: file.name, row, value: utf8.decode(buf.subarray(s[0], e[nf - 1])).slice(0, 200) });
    }
    for (let j = 0; j < k; j++) {
      bufs[j] = buf;
      starts[j] = s[want[j]];
      ends[j] = e[want[j]];
    }
    rows = row;
    visit(bufs, starts, ends, row, entries);
  }, group && ((buf, fs, fe, nf, records, row) => {
    // A run of plain rows goes to the group visitor as a Parquet group's slices would (of another field count: row by row, to the message).
    if (nf !== width) return 0;
    const slices = names.map((_, j): ByteSlices => ({ bufs: [buf], bufOf: ONE_BUFFER, starts: fs[want[j]], ends: fe[want[j]], entry: NO_ENTRIES, dict: null }));
    const taken = group(slices, records, row - 1, 0);
    if (taken > 0) rows = row - 1 + taken;
    return taken;
  }));
  const fd = openSync(file.path, 'r');
  try {
    // One read buffer for every chunk: the bytes after the last whole record move to its front and the next chunk is read
    // in after them (CsvRecordReader.pushSome), where push would copy both into a new buffer each time.
    let chunk = new Uint8Array(CHUNK_BYTES);
    const size = progress ? fstatSync(fd).size : 0;
    let read = 0;
    let kept = 0;
    for (;;) {
      if (kept === chunk.length) {
        const bigger = new Uint8Array(chunk.length * 2); // a record longer than the buffer (pushSome stops it at MAX_RECORD_BYTES)
        bigger.set(chunk);
        chunk = bigger;
      }
      const n = readSync(fd, chunk, kept, chunk.length - kept, null);
      if (n === 0) break;
      const all = chunk.subarray(0, kept + n);
      const used = reader.pushSome(all);
      kept = all.length - used;
      if (kept > 0 && used > 0) chunk.copyWithin(0, used, all.length);
      read += n;
      progress?.(read, size);
    }
    reader.endWith(chunk.subarray(0, kept));
  } catch (e) {
    throw asTaskError(e, file);
  } finally {
    closeSync(fd);
  }
  if (width < 0) taskFail('empty_file', 'The file is empty; it needs a header row', { file: file.name });
  return rows;
}

/** The record reader speaks to participants (`bad_file`); in a task folder the same problem is the organizer's. */
function asTaskError(e: unknown, file: DataFile): unknown {
  if (!isPodiumError(e) || e.kind !== 'bad_file') return e;
  const rule = e.code.slice('bad_file:'.length);
  return new PodiumError(`bad_task:${rule}`, `${file.name}: ${e.message} [${rule}]`, { rule, file: file.name });
}

async function scanParquet(file: DataFile, names: string[], visit: RowVisitor, { group, raw }: ScanOptions): Promise<number> {
  const source = fileSource(file.path);
  const p = parquetRanges(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetFooter(p);
  } catch (e) {
    taskFail('bad_parquet', `The file is not a readable Parquet file (${(e as Error).message})`, { file: file.name });
  }
  const elements = metadata.schema.slice(1);
  const isDate = names.map((name) => {
    const el = elements.find((x) => x.name === name);
    if (!el) missingColumn(file, name);
    return el.converted_type === 'DATE' || el.logical_type?.type === 'DATE';
  });
  const k = names.length;
  const starts = new Int32Array(k);
  const ends = new Int32Array(k);
  const bufs: Uint8Array[] = new Array<Uint8Array>(k).fill(EMPTY);
  const entries = new Int32Array(k).fill(-1);
  /** Where each column's dictionary entries of the current group start in the file-wide numbering. */
  const base = new Int32Array(k);
  let rowStart = 0;
  const chosen = names.map((name) => elements.find((x) => x.name === name)!);
  // String columns are read as page slices (lib/tables/parquet-byte-groups.ts); a group that needs hyparquet has no slices.
  const groups = chosen.every((el, j) => el.type === 'BYTE_ARRAY' && !isDate[j]) ? byteColumnGroups(source, metadata, chosen, raw) : hyparquetGroups(metadata);
  const fileRows = Number(metadata.num_rows);
  for await (const { rows, slices: fast, taken } of groups) {
    const rowEnd = rowStart + rows;
    if (taken) {
      rowStart = rowEnd;
      continue;
    }
    if (fast) {
      for (let i = group ? group(fast, rows, rowStart, fileRows) : 0; i < rows; i++) {
        for (let j = 0; j < k; j++) {
          const col = fast[j];
          bufs[j] = col.bufs[col.bufOf[i]];
          starts[j] = col.starts[i];
          ends[j] = col.ends[i];
          const e = col.entry[i];
          entries[j] = e < 0 ? -1 : base[j] + e;
        }
        visit(bufs, starts, ends, rowStart + i + 1, entries);
      }
      for (let j = 0; j < k; j++) base[j] += fast[j].dict?.starts.length ?? 0;
      rowStart = rowEnd;
      continue;
    }
    entries.fill(-1);
    let data: Map<string, ArrayLike<unknown>>;
    try {
      // Strings stay bytes: the key stores bytes, and a string per row is what this path avoids.
      data = await readParquetRows({ p, metadata, columns: names, rowStart, rowEnd, bytes: true });
    } catch (e) {
      taskFail('bad_parquet', `Rows ${rowStart + 1}–${rowEnd} cannot be read (${(e as Error).message})`, { file: file.name });
    }
    const cells = names.map((name) => data.get(name)!);
    for (let i = 0; i < rowEnd - rowStart; i++) {
      for (let j = 0; j < k; j++) {
        const v = cells[j][i];
        const b = v instanceof Uint8Array ? v : cellBytes(v, isDate[j]);
        bufs[j] = b;
        starts[j] = 0;
        ends[j] = b.length;
      }
      visit(bufs, starts, ends, rowStart + i + 1, entries);
    }
    rowStart = rowEnd;
  }
  return rowStart;
}

/** The text `readParquet` + `applySchema` make of a non-byte cell, as bytes; empty = missing. */
function cellBytes(v: unknown, isDate: boolean): Uint8Array {
  if (v === null || v === undefined) return EMPTY;
  let text: string;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number') {
    if (Number.isNaN(v)) return EMPTY;
    text = String(v);
  } else if (typeof v === 'bigint' || typeof v === 'boolean') text = String(v);
  else if (v instanceof Date) text = isDate ? v.toISOString().slice(0, 10) : v.toISOString();
  else text = JSON.stringify(v);
  return enc.encode(text);
}

/** Every row group, for hyparquet. */
async function* hyparquetGroups(metadata: FileMetaData): AsyncGenerator<ByteGroup> {
  let rowStart = 0;
  for (const [group, g] of metadata.row_groups.entries()) {
    yield { group, rowStart, rows: Number(g.num_rows), slices: null };
    rowStart += Number(g.num_rows);
  }
}
