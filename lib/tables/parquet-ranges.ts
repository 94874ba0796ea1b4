/**
 * Parquet read by byte ranges, one row group at a time: the footer first, then per row
 * group only the chosen columns' chunks. Nothing here holds the whole file unless the
 * caller hands over a buffer; a stored submission is read through a `RangeSource`.
 *
 * Errors are hyparquet's, unwrapped: each caller turns them into its own message
 * (`bad_file` for a participant's upload, `bad_task` for an organizer's folder).
 */
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { parquetMetadata, parquetMetadataAsync, parquetRead, type AsyncBuffer, type FileMetaData, type SchemaElement } from 'hyparquet';

export type { AsyncBuffer, ColumnChunk, FileMetaData, RowGroup, SchemaElement } from 'hyparquet';

/** Random access to a file's bytes (end exclusive): a local file, a buffer, or a stored object. */
export type ByteRangeSource = { size: number; read(start: number, end: number): Promise<Uint8Array> };

export type ParquetRanges = { file: AsyncBuffer; size: number };

export function bufferSource(bytes: Uint8Array): ByteRangeSource {
  return { size: bytes.length, read: async (s, e) => bytes.subarray(s, e) };
}

/** hyparquet's view of a range source. */
export function parquetRanges(source: ByteRangeSource): ParquetRanges {
  return {
    size: source.size,
    file: {
      byteLength: source.size,
      async slice(start, end = source.size) {
        const b = await source.read(start, end);
        return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
      },
    },
  };
}

/** The footer (schema, row groups); throws hyparquet's error when it cannot be parsed. */
export function parquetFooter(p: ParquetRanges): Promise<FileMetaData> {
  return parquetMetadataAsync(p.file);
}

/** The top-level columns of a schema (a nested column counts once, by its group element). */
export function topLevelColumns(schema: SchemaElement[]): SchemaElement[] {
  const top: SchemaElement[] = [];
  for (let i = 1; i < schema.length; ) {
    top.push(schema[i]);
    i = skip(schema, i);
  }
  return top;
}

function skip(schema: SchemaElement[], i: number): number {
  const children = schema[i].num_children ?? 0;
  let next = i + 1;
  for (let c = 0; c < children; c++) next = skip(schema, next);
  return next;
}

/**
 * The chosen columns of rows [rowStart, rowEnd) (one row group), by column name. With
 * `bytes`, strings stay UTF-8 bytes (a Uint8Array per value, no JS string per cell);
 * numbers, bigints, booleans and nulls arrive as hyparquet gives them.
 */
export async function readParquetRows(input: {
  p: ParquetRanges;
  metadata: FileMetaData;
  columns: string[];
  rowStart: number;
  rowEnd: number;
  bytes?: boolean;
}): Promise<Map<string, ArrayLike<unknown>>> {
  const { p, metadata, columns, rowStart, rowEnd } = input;
  const data = new Map<string, ArrayLike<unknown>>();
  const parts = new Map<string, { rowStart: number; data: ArrayLike<unknown> }[]>();
  await parquetRead({
    file: p.file,
    metadata,
    columns,
    rowStart,
    rowEnd,
    ...(input.bytes ? { utf8: true, parsers: { stringFromBytes: (b: Uint8Array) => b } as never } : {}),
    onChunk: (c) => {
      const list = parts.get(c.columnName) ?? [];
      list.push({ rowStart: c.rowStart, data: c.columnData as ArrayLike<unknown> });
      parts.set(c.columnName, list);
    },
  });
  for (const name of columns) {
    const list = parts.get(name) ?? [];
    const whole = list.find((x) => x.rowStart <= rowStart && x.rowStart + x.data.length >= rowEnd);
    if (whole && whole.rowStart === rowStart && whole.data.length === rowEnd - rowStart) {
      data.set(name, whole.data);
      continue;
    }
    // Pages may arrive in pieces: stitch the requested range together.
    const out = new Array<unknown>(rowEnd - rowStart).fill(null);
    for (const part of list) {
      for (let i = Math.max(part.rowStart, rowStart); i < Math.min(part.rowStart + part.data.length, rowEnd); i++) out[i - rowStart] = part.data[i - part.rowStart];
    }
    data.set(name, out);
  }
  return data;
}

/**
 * The chosen columns of rows [rowStart, rowEnd) as hyparquet hands them over: in pieces
 * (one per page or so), each with the row it starts at, strings as UTF-8 bytes whatever
 * their annotation. The caller stitches them and decides what a missing row means.
 * Throws hyparquet's error unwrapped.
 */
export async function readParquetPieces(input: {
  file: AsyncBuffer;
  metadata: FileMetaData;
  columns: string[];
  rowStart: number;
  rowEnd: number;
}): Promise<Map<string, Array<{ values: ArrayLike<unknown>; start: number }>>> {
  const pieces = new Map<string, Array<{ values: ArrayLike<unknown>; start: number }>>();
  await parquetRead({
    ...input,
    utf8: false,
    parsers: { stringFromBytes: (b: Uint8Array) => b } as never,
    onChunk: (c) => {
      const list = pieces.get(c.columnName) ?? [];
      list.push({ values: c.columnData as ArrayLike<unknown>, start: c.rowStart });
      pieces.set(c.columnName, list);
    },
  });
  return pieces;
}

/** A local file read by range (one open per read: the caller reads a few large ranges). */
export function fileSource(filePath: string): ByteRangeSource {
  return {
    size: statSync(filePath).size,
    async read(start, end) {
      const fh = await open(filePath, 'r');
      try {
        const buf = new Uint8Array(Math.max(0, end - start));
        const { bytesRead } = await fh.read(buf, 0, buf.length, start);
        return buf.subarray(0, bytesRead);
      } finally {
        await fh.close();
      }
    },
  };
}

/** The top-level column names of a Parquet file held in memory (its footer only). */
export function parquetColumnNames(bytes: Uint8Array): string[] {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  return topLevelColumns(parquetMetadata(ab).schema).map((c) => c.name);
}
