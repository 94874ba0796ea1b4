/**
 * Structural limits of a Parquet file, checked before anything is decoded. hyparquet
 * allocates what the metadata and the page headers claim (a 246-byte file claiming 300M
 * rows exhausted the heap), so every claim that sizes an allocation is compared with
 * what the caller can accept and with the file's own size first.
 *
 * Pure: the caller passes the parsed footer, the file size and a way to read bytes, and
 * turns a returned problem into its own error (a submission's `bad_file`, a task's `bad_task`).
 */
import type { ColumnChunk, FileMetaData } from 'hyparquet';
import { parquetHeader } from 'hyparquet/src/column.js';

export type ParquetLimitProblem = { rule: 'too_many_rows' | 'parquet_unreadable'; message: string };

/** A page may not inflate past this, whatever its codec says (a real page is a few MB). */
export const MAX_PAGE_BYTES = 256 << 20;

const n = (v: bigint | number | undefined) => Number(v ?? 0);
const fmt = (v: number) => v.toLocaleString('en');

/** Claims in the footer: row counts against `maxRows` and each other, column chunks inside the file. */
export function footerProblem(input: {
  metadata: FileMetaData;
  fileSize: number;
  /** Most rows the caller can use; more is refused before decoding. */
  maxRows: number;
  /** What the limit is, for the message ("the task has 3 test ids, one row each"). */
  maxRowsSays: string;
  columns: string[];
}): ParquetLimitProblem | null {
  const { metadata, fileSize, maxRows, maxRowsSays, columns } = input;
  const rows = n(metadata.num_rows);
  if (rows > maxRows) {
    return { rule: 'too_many_rows', message: `the file's metadata says it has ${fmt(rows)} rows, but ${maxRowsSays}` };
  }
  let sum = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const groupRows = n(group.num_rows);
    sum += groupRows;
    for (const chunk of usedChunks(group.columns, columns)) {
      const m = chunk.meta_data!;
      const start = Math.min(n(m.data_page_offset), m.dictionary_page_offset === undefined ? Infinity : n(m.dictionary_page_offset));
      const size = n(m.total_compressed_size);
      if (n(m.num_values) !== groupRows) {
        return inconsistent(`row group ${g + 1} has ${fmt(groupRows)} rows but its column '${m.path_in_schema.join('.')}' says ${fmt(n(m.num_values))} values`);
      }
      if (start < 4 || size < 0 || start + size > fileSize - 8) {
        return inconsistent(`column '${m.path_in_schema.join('.')}' of row group ${g + 1} claims bytes ${fmt(start)}–${fmt(start + size)} of a ${fmt(fileSize)}-byte file`);
      }
    }
  }
  if (sum !== rows) return inconsistent(`the footer says ${fmt(rows)} rows but its row groups add up to ${fmt(sum)}`);
  return null;
}

/**
 * The page headers of one column chunk (its bytes in `chunk`): no page may hold more
 * values than its row group has rows, nor inflate past MAX_PAGE_BYTES, nor run past the chunk.
 */
export function pagesProblem(input: { chunk: Uint8Array; groupRows: number; column: string; group: number; compressed: boolean }): ParquetLimitProblem | null {
  const { chunk, groupRows, column, group, compressed } = input;
  const reader = { view: new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength), offset: 0 };
  let values = 0;
  while (values < groupRows) {
    if (reader.offset >= chunk.length) return inconsistent(`column '${column}' of row group ${group + 1} ends after ${fmt(values)} of its ${fmt(groupRows)} values`);
    let header;
    try {
      header = parquetHeader(reader);
    } catch (e) {
      return inconsistent(`a page header of column '${column}' in row group ${group + 1} cannot be read (${(e as Error).message})`);
    }
    const stored = n(header.compressed_page_size);
    const inflated = n(header.uncompressed_page_size);
    const pageValues = n(header.data_page_header?.num_values ?? header.data_page_header_v2?.num_values ?? header.dictionary_page_header?.num_values);
    const where = `a page of column '${column}' in row group ${group + 1}`;
    if (stored < 0 || reader.offset + stored > chunk.length) return inconsistent(`${where} claims ${fmt(stored)} bytes, past the end of its column`);
    if (inflated > MAX_PAGE_BYTES || (!compressed && inflated !== stored)) return inconsistent(`${where} claims to inflate to ${fmt(inflated)} bytes`);
    if (header.type === 'DICTIONARY_PAGE') {
      // A dictionary holds at most one entry per row, and each entry takes at least one stored byte (plain encoding).
      if (pageValues > groupRows || pageValues > inflated) return inconsistent(`${where} claims a dictionary of ${fmt(pageValues)} values`);
    } else {
      if (pageValues > groupRows - values) return inconsistent(`${where} claims ${fmt(pageValues)} values; the row group has ${fmt(groupRows)} rows`);
      if (header.type === 'DATA_PAGE' || header.type === 'DATA_PAGE_V2') values += pageValues;
    }
    reader.offset += stored;
  }
  return null;
}

/** The chunks of the named top-level columns, in file order. */
export function usedChunks(chunks: ColumnChunk[], columns: string[]): ColumnChunk[] {
  return chunks.filter((c) => c.meta_data && columns.includes(c.meta_data.path_in_schema[0]));
}

/** Byte range of a column chunk, dictionary page included. */
export function chunkRange(chunk: ColumnChunk): { start: number; end: number } {
  const m = chunk.meta_data!;
  const start = Math.min(n(m.data_page_offset), m.dictionary_page_offset === undefined ? Infinity : n(m.dictionary_page_offset));
  return { start, end: start + n(m.total_compressed_size) };
}

function inconsistent(what: string): ParquetLimitProblem {
  return { rule: 'parquet_unreadable', message: `the file's Parquet structure is inconsistent (${what}); it may be truncated, corrupt or crafted` };
}
