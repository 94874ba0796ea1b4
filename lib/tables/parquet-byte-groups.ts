/**
 * The row groups of a Parquet file as page slices (parquet-byte-columns.ts) of the chosen
 * string columns: each group's chunks are read by byte range, their page headers checked
 * (parquet-limits.ts `pagesProblem`) and decoded without an object per value. A group
 * whose chunks this cannot decode (not BYTE_ARRAY, nulls, other encodings, a page the
 * checks refuse) comes out with `slices: null`; the caller then reads that group (or the
 * whole file) with hyparquet, which says what is wrong or gives the same values.
 *
 * Used by the submission reader's `id,label` fast path, `podium score`'s parse thread and
 * the task folder's column scanner.
 */
import { decodeByteArrayChunk, type ByteSlices } from './parquet-byte-columns';
import { chunkRange, pagesProblem } from './parquet-limits';
import type { ByteRangeSource, FileMetaData, SchemaElement } from './parquet-ranges';

export type ByteGroup = { group: number; rowStart: number; rows: number; slices: ByteSlices[] | null };

/** `columns`: the chosen top-level schema elements, in the order the slices come out. */
export async function* byteColumnGroups(source: ByteRangeSource, metadata: FileMetaData, columns: SchemaElement[]): AsyncGenerator<ByteGroup> {
  let rowStart = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    let slices: ByteSlices[] | null = [];
    for (const el of columns) {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === el.name);
      const m = chunk?.meta_data;
      if (!chunk || !m || el.type !== 'BYTE_ARRAY' || (el.num_children ?? 0) > 0) {
        slices = null;
        break;
      }
      const { start, end } = chunkRange(chunk);
      if (start < 0 || end > source.size) {
        slices = null;
        break;
      }
      const bytes = await source.read(start, end);
      const compressed = m.codec !== 'UNCOMPRESSED';
      const decoded = pagesProblem({ chunk: bytes, groupRows: rows, column: el.name, group: g, compressed })
        ? null
        : decodeByteArrayChunk({ chunk: bytes, rows, codec: m.codec, optional: el.repetition_type !== 'REQUIRED' });
      if (!decoded) {
        slices = null;
        break;
      }
      slices.push(decoded);
    }
    yield { group: g, rowStart, rows, slices };
    rowStart += rows;
  }
}

/**
 * A code per row of one column, looking each distinct dictionary value up once
 * (`lookup(buf, start, end)`; PLAIN values are looked up per row). -1 marks a value
 * `lookup` refused; `codes` is reused when large enough.
 */
export function codesOf(s: ByteSlices, rows: number, lookup: (buf: Uint8Array, start: number, end: number) => number, codes?: Int32Array): Int32Array {
  const out = codes && codes.length >= rows ? codes : new Int32Array(rows);
  const { bufs, bufOf, starts, ends, entry, dict } = s;
  const byEntry = dict ? new Int32Array(dict.starts.length).fill(-2) : null;
  for (let i = 0; i < rows; i++) {
    const k = entry[i];
    if (k >= 0 && byEntry) {
      let c = byEntry[k];
      if (c === -2) c = byEntry[k] = lookup(bufs[dict!.buf], dict!.starts[k], dict!.ends[k]);
      out[i] = c;
    } else {
      out[i] = lookup(bufs[bufOf[i]], starts[i], ends[i]);
    }
  }
  return out;
}
