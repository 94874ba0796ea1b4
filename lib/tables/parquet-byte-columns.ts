/**
 * A fast decoder for the commonest Parquet string column (what DuckDB, pandas/pyarrow
 * and polars write for ids and labels): DATA_PAGE v1 pages, PLAIN or dictionary
 * encoded, uncompressed or snappy, required or optional without nulls. Values stay
 * slices of the page bytes (dictionary-encoded ones point into the dictionary), so no
 * object is made per value: hyparquet makes a Uint8Array per value, and at millions of
 * rows that is most of the time a Parquet submission takes.
 *
 * Anything else (other encodings or page versions, nulls, another codec) returns null
 * and the caller decodes the chunk with hyparquet; the values are the same bytes either way.
 *
 * Snappy pages are inflated by parquet-snappy.ts, exactly when hyparquet would inflate them.
 */
import { parquetHeader } from 'hyparquet/src/column.js';
import { readRleBitPackedHybrid } from 'hyparquet/src/encoding.js';
import { inflateSnappy } from './parquet-snappy';

/**
 * Value i is `bufs[bufOf[i]]` bytes [starts[i], ends[i]). A dictionary-encoded value also
 * has `entry[i]`, its index in `dict` (the chunk's dictionary), so a caller can look each
 * distinct value up once; a PLAIN value has entry -1.
 */
export type ByteSlices = {
  bufs: Uint8Array[];
  bufOf: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  entry: Int32Array;
  dict: { buf: number; starts: Int32Array; ends: Int32Array } | null;
};

export function decodeByteArrayChunk(input: { chunk: Uint8Array; rows: number; codec: string; optional: boolean }): ByteSlices | null {
  const { chunk, rows, codec, optional } = input;
  if (codec !== 'SNAPPY' && codec !== 'UNCOMPRESSED') return null;
  const out: ByteSlices = { bufs: [], bufOf: new Uint8Array(rows), starts: new Int32Array(rows), ends: new Int32Array(rows), entry: new Int32Array(rows), dict: null };
  let dict: ByteSlices['dict'] = null;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let row = 0;
  while (row < rows) {
    if (out.bufs.length >= 255) return null; // bufOf is a byte
    const next = nextPage(reader, chunk, codec);
    if (!next) return null;
    const { header, page } = next;
    if (header.type === 'DICTIONARY_PAGE') {
      const values = dictionaryValues(header, page);
      if (!values || dict) return null; // one dictionary per chunk
      out.bufs.push(page);
      dict = out.dict = { buf: out.bufs.length - 1, ...values };
      continue;
    }
    const dph = header.data_page_header;
    if (!dph) return null;
    const count = dph.num_values;
    if (count > rows - row) return null;
    let at = valuesStart(page, dph, count, optional);
    if (at === NOT_RLE) return null;
    if (at < 0) {
      const levels = new Int32Array(count);
      const r = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: 0 };
      readRleBitPackedHybrid(r, 1, levels);
      for (let i = 0; i < count; i++) if (levels[i] !== 1) return null; // a null: hyparquet's path says where
      at = r.offset;
    }
    out.bufs.push(page);
    const buf = out.bufs.length - 1;
    if (dph.encoding === 'PLAIN') {
      if (!plainValues(page, at, count, out.starts, out.ends, row)) return null;
      out.bufOf.fill(buf, row, row + count);
      out.entry.fill(-1, row, row + count);
    } else if (dph.encoding === 'PLAIN_DICTIONARY' || dph.encoding === 'RLE_DICTIONARY') {
      if (!dict || at >= page.length) return null;
      const width = page[at];
      const indices = new Int32Array(count);
      const r = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: at + 1 };
      readRleBitPackedHybrid(r, width, indices, page.length - at - 1);
      const n = dict.starts.length;
      for (let i = 0; i < count; i++) {
        const k = indices[i];
        if (k < 0 || k >= n) return null;
        out.entry[row + i] = k;
        out.starts[row + i] = dict.starts[k];
        out.ends[row + i] = dict.ends[k];
      }
      out.bufOf.fill(dict.buf, row, row + count);
    } else {
      return null;
    }
    row += count;
  }
  return out;
}

/** The next page of a chunk, inflated, if it is a dictionary or v1 data page; else null. */
function nextPage(reader: { view: DataView; offset: number }, chunk: Uint8Array, codec: string) {
  if (reader.offset >= chunk.length) return null;
  const header = parquetHeader(reader);
  const stored = chunk.subarray(reader.offset, reader.offset + header.compressed_page_size);
  reader.offset += header.compressed_page_size;
  if (header.type !== 'DICTIONARY_PAGE' && header.type !== 'DATA_PAGE') return null;
  const page = codec === 'SNAPPY' ? inflateSnappy(stored, header.uncompressed_page_size) : stored;
  return page ? { header, page } : null;
}

/** A dictionary page's values as slices of it, if PLAIN-encoded. */
function dictionaryValues(header: ReturnType<typeof parquetHeader>, page: Uint8Array): { starts: Int32Array; ends: Int32Array } | null {
  const count = header.dictionary_page_header?.num_values ?? 0;
  const encoding = header.dictionary_page_header?.encoding;
  if (encoding !== 'PLAIN' && encoding !== 'PLAIN_DICTIONARY') return null;
  const starts = new Int32Array(count);
  const ends = new Int32Array(count);
  return plainValues(page, 0, count, starts, ends, 0) ? { starts, ends } : null;
}

/** A chunk's dictionary (its values: slices of `page`) and each row's entry in it. */
export type DictionaryEntries = { page: Uint8Array; starts: Int32Array; ends: Int32Array; entry: Int32Array };

/**
 * The dictionary and each row's entry of a chunk whose `rows` values are all dictionary-encoded and
 * present, else null: a caller that maps entries (a class per entry, looked up once) needs no slice
 * per value, where decodeByteArrayChunk writes one. Checks what decodeByteArrayChunk checks.
 */
export function dictionaryEntries(input: { chunk: Uint8Array; rows: number; codec: string; optional: boolean }): DictionaryEntries | null {
  const { chunk, rows, codec, optional } = input;
  if (codec !== 'SNAPPY' && codec !== 'UNCOMPRESSED') return null;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  const entry = new Int32Array(rows);
  let dict: Omit<DictionaryEntries, 'entry'> | null = null;
  let row = 0;
  while (row < rows) {
    const next = nextPage(reader, chunk, codec);
    if (!next) return null;
    const { header, page } = next;
    if (header.type === 'DICTIONARY_PAGE') {
      const values = dictionaryValues(header, page);
      if (!values || dict) return null; // one dictionary per chunk
      dict = { page, ...values };
      continue;
    }
    const dph = header.data_page_header;
    if (!dph || !dict || (dph.encoding !== 'PLAIN_DICTIONARY' && dph.encoding !== 'RLE_DICTIONARY')) return null;
    const count = dph.num_values;
    if (count > rows - row) return null;
    const at = valuesStart(page, dph, count, optional);
    if (at < 0 || at >= page.length) return null;
    const r = { view: new DataView(page.buffer, page.byteOffset, page.byteLength), offset: at + 1 };
    const out = entry.subarray(row, row + count);
    readRleBitPackedHybrid(r, page[at], out, page.length - at - 1);
    const n = dict.starts.length;
    for (let i = 0; i < count; i++) if (out[i] < 0 || out[i] >= n) return null;
    row += count;
  }
  return dict && { ...dict, entry };
}

/** A PLAIN data page's values: `count` of them from byte `at` of `page`, each a 4-byte length and its bytes. */
export type PlainPage = { page: Uint8Array; at: number; count: number };

/**
 * The values of PLAIN pages as slices (into `reuse` when it has room: a caller that reads chunk after chunk
 * makes them once), or null when one is empty or not whole in its page. Only places are written: no
 * entries, no dictionary.
 */
export function plainSlices(pages: PlainPage[], reuse: ByteSlices | null): ByteSlices | null {
  let rows = 0;
  for (const { count } of pages) rows += count;
  if (pages.length > 255) return null; // bufOf is a byte
  const out = reuse && reuse.starts.length >= rows ? reuse : { bufs: [], bufOf: new Uint8Array(rows), starts: new Int32Array(rows), ends: new Int32Array(rows), entry: new Int32Array(0), dict: null };
  out.bufs = pages.map((p) => p.page);
  let i = 0;
  for (const [b, { page, at, count }] of pages.entries()) {
    const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
    let p = at;
    out.bufOf.fill(b, i, i + count);
    for (let v = 0; v < count; v++, i++) {
      if (p + 4 > page.length) return null;
      const len = view.getUint32(p, true);
      p += 4;
      if (len === 0 || p + len > page.length) return null;
      out.starts[i] = p;
      out.ends[i] = p + len;
      p += len;
    }
  }
  return out;
}

/**
 * The pages of a chunk whose `rows` values are all PLAIN and present (no dictionary page, no null),
 * inflated, else null: a caller copies the values straight from them (ByteColumnBuilder.appendPlainPages),
 * where decodeByteArrayChunk would first make a slice per value. Checks what decodeByteArrayChunk checks.
 */
export function plainByteArrayPages(input: { chunk: Uint8Array; rows: number; codec: string; optional: boolean }): PlainPage[] | null {
  const { chunk, rows, codec, optional } = input;
  if (codec !== 'SNAPPY' && codec !== 'UNCOMPRESSED') return null;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  const pages: PlainPage[] = [];
  let row = 0;
  while (row < rows) {
    const next = nextPage(reader, chunk, codec);
    if (!next || next.header.type !== 'DATA_PAGE') return null;
    const dph = next.header.data_page_header;
    if (!dph || dph.encoding !== 'PLAIN') return null;
    const count = dph.num_values;
    if (count > rows - row) return null;
    const at = valuesStart(next.page, dph, count, optional);
    if (at < 0) return null;
    pages.push({ page: next.page, at, count });
    row += count;
  }
  return pages;
}

/**
 * Where a page's values start when its definition levels are what DuckDB (and pyarrow) write for
 * a column without nulls: their 4-byte length, then one RLE run of `count` 1s; else -1 (the levels
 * are then decoded one by one).
 */
const NOT_RLE = -2;

/**
 * Where a v1 data page's values start: 0 for a required column; for an optional one, after its
 * definition levels when they are one RLE run of "present" (allDefined), -1 when they may not be
 * (decodeByteArrayChunk reads them), NOT_RLE when they are not RLE-encoded at all.
 */
function valuesStart(page: Uint8Array, dph: { definition_level_encoding?: string }, count: number, optional: boolean): number {
  if (!optional) return 0;
  if (dph.definition_level_encoding !== 'RLE') return NOT_RLE;
  return allDefined(page, count);
}

function allDefined(page: Uint8Array, count: number): number {
  if (page.length < 4) return -1;
  const len = page[0] | (page[1] << 8) | (page[2] << 16) | (page[3] << 24);
  let v = 0;
  let i = 4;
  for (let shift = 1; ; i++, shift *= 128) {
    if (i >= 4 + len || i >= 9 || i >= page.length) return -1;
    v += (page[i] & 0x7f) * shift;
    if (page[i] < 0x80) break;
  }
  // The run's header (count << 1: an RLE run), then its value in one byte (bit width 1), and nothing else.
  return i + 2 === 4 + len && i + 1 < page.length && v === count * 2 && page[i + 1] === 1 ? 4 + len : -1;
}

/** PLAIN byte arrays: a 4-byte little-endian length, then the bytes, `count` times. */
function plainValues(page: Uint8Array, at: number, count: number, starts: Int32Array, ends: Int32Array, into: number): boolean {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  for (let i = 0; i < count; i++) {
    if (at + 4 > page.length) return false;
    const len = view.getUint32(at, true);
    at += 4;
    if (at + len > page.length) return false;
    starts[into + i] = at;
    ends[into + i] = at + len;
    at += len;
  }
  return true;
}
