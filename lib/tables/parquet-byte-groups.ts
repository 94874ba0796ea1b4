/**
 * The row groups of a Parquet file as page slices (parquet-byte-columns.ts) of the chosen
 * string columns: each group's chunks are read by byte range, their page headers checked
 * (parquet-limits.ts `pagesProblem`) and decoded without an object per value. A group
 * whose chunks this cannot decode (not BYTE_ARRAY, nulls, other encodings, a chunk outside
 * the file, a page the checks refuse) comes out with `slices: null`; the caller then reads
 * that group (or the whole file) with hyparquet, which says what is wrong or gives the same values.
 *
 * The input is a plan (`byteGroupsPlan`: per row group its rows and the chosen columns'
 * chunk ranges), plain data, so a run of a file's row groups can be decoded in a thread that
 * has no footer (the submission join split over threads, submission/join-parallel.ts).
 *
 * Used by the submission reader's `id,label` fast path, `podium score`'s parse thread and
 * the task folder's column scanner, which may first look at a group's chunks as stored
 * (`RawGroupVisitor`: the answer key skips a test_labels id chunk identical to the test file's).
 */
import { decodeByteArrayChunk, dictionaryEntries, plainByteArrayPages, type ByteSlices, type DictionaryEntries, type PlainPage } from './parquet-byte-columns';
import { chunkRange, pagesProblem } from './parquet-limits';
import type { ByteRangeSource, FileMetaData, SchemaElement } from './parquet-ranges';

/** `taken`: the caller's RawGroupVisitor took the group from its raw chunks (then `slices` is null and nothing was decoded). */
export type ByteGroup = { group: number; rowStart: number; rows: number; slices: ByteSlices[] | null; taken?: boolean };

/** A column chunk as stored: its bytes (read by range), its codec, and whether its column may hold nulls. */
export type RawChunk = { bytes: Uint8Array; codec: string; optional: boolean };

/**
 * Asked with each group's raw chunks (the chosen columns', in their order) before they are
 * decoded: true means the caller took the whole group from them, so it is not decoded here.
 * Not asked for a group whose chunks could not be read as byte-array chunks. `fileRows`: every group's rows.
 */
export type RawGroupVisitor = (group: number, rowStart: number, rows: number, chunks: RawChunk[], fileRows: number) => boolean;

/** A chosen column: its name, whether it is a flat BYTE_ARRAY (the only kind decoded here), whether nulls are allowed. */
export type ColumnPlan = { name: string; byteArray: boolean; optional: boolean };
/** One row group: its first row in the file, its rows, and the byte range and codec of each chosen column's chunk (a column without one has none). */
export type GroupPlan = { group: number; rowStart: number; rows: number; chunks: Array<{ column: string; start: number; end: number; codec: string }> };
/** What decoding row groups needs, as plain data (it can be posted to another thread): the chosen columns (slices come out in this order) and the groups. */
export type ByteGroupsPlan = { columns: ColumnPlan[]; groups: GroupPlan[] };

/** The plan of every row group of a file for the chosen top-level columns. */
export function byteGroupsPlan(metadata: FileMetaData, columns: SchemaElement[]): ByteGroupsPlan {
  let rowStart = 0;
  const groups = metadata.row_groups.map((group, g) => {
    const rows = Number(group.num_rows);
    const chunks = [];
    for (const el of columns) {
      const chunk = group.columns.find((c) => c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === el.name);
      if (chunk?.meta_data) chunks.push({ column: el.name, codec: chunk.meta_data.codec, ...chunkRange(chunk) });
    }
    const plan = { group: g, rowStart, rows, chunks };
    rowStart += rows;
    return plan;
  });
  const column = (el: SchemaElement): ColumnPlan => ({ name: el.name, byteArray: el.type === 'BYTE_ARRAY' && (el.num_children ?? 0) === 0, optional: el.repetition_type !== 'REQUIRED' });
  return { columns: columns.map(column), groups };
}

/**
 * The plan's row groups, decoded one at a time; `stop()` is asked before each group (true ends
 * the walk). The footer form (the task folder's scanner) decodes every group of the file.
 */
export function byteColumnGroups(source: ByteRangeSource, plan: ByteGroupsPlan, stop?: () => boolean, raw?: RawGroupVisitor): AsyncGenerator<ByteGroup>;
export function byteColumnGroups(source: ByteRangeSource, metadata: FileMetaData, columns: SchemaElement[], raw?: RawGroupVisitor): AsyncGenerator<ByteGroup>;
export function byteColumnGroups(source: ByteRangeSource, a: ByteGroupsPlan | FileMetaData, b?: SchemaElement[] | (() => boolean), raw?: RawGroupVisitor): AsyncGenerator<ByteGroup> {
  return 'row_groups' in a ? decodeGroups(source, byteGroupsPlan(a, b as SchemaElement[]), undefined, raw) : decodeGroups(source, a, b as (() => boolean) | undefined, raw);
}

async function* decodeGroups(source: ByteRangeSource, plan: ByteGroupsPlan, stop?: () => boolean, raw?: RawGroupVisitor): AsyncGenerator<ByteGroup> {
  const fileRows = plan.groups.reduce((t, g) => t + g.rows, 0);
  // The chosen columns' chunks of a group, read at once; null when one is missing or not a byte-array chunk inside the file.
  const readGroup = async ({ chunks }: GroupPlan): Promise<RawChunk[] | null> => {
    const reads = plan.columns.map((col) => {
      const chunk = chunks.find((c) => c.column === col.name);
      return chunk && col.byteArray && chunk.start >= 0 && chunk.end <= source.size ? source.read(chunk.start, chunk.end).then((bytes) => ({ bytes, codec: chunk.codec, optional: col.optional })) : null;
    });
    if (reads.some((r) => r === null)) return null;
    return Promise.all(reads as Array<Promise<RawChunk>>);
  };
  // The next group is read while this one is decoded and used: a worker's scoring thread gets its bytes through
  // its parent, and waited on them for 5–19 ms of each half of a 1M-row file (two threads, 4–5 groups each).
  let next = plan.groups.length > 0 ? readGroup(plan.groups[0]) : null;
  for (let g = 0; g < plan.groups.length; g++) {
    const { group, rowStart, rows } = plan.groups[g];
    if (stop?.()) return;
    const read = await next!;
    next = g + 1 < plan.groups.length ? readGroup(plan.groups[g + 1]) : null;
    next?.catch(() => {}); // still thrown where it is awaited; not unhandled if the walk ends first
    if (read && raw?.(group, rowStart, rows, read, fileRows)) {
      yield { group, rowStart, rows, slices: null, taken: true };
      continue;
    }
    let slices: ByteSlices[] | null = read && [];
    for (let j = 0; read && slices && j < read.length; j++) {
      const decoded = decodeRawChunk(read[j], rows, plan.columns[j].name, group);
      if (decoded) slices.push(decoded);
      else slices = null;
    }
    yield { group, rowStart, rows, slices };
  }
}

/** A chunk as read, its pages checked, decoded; null where hyparquet must read it. */
export function decodeRawChunk(chunk: RawChunk, rows: number, column: string, group: number): ByteSlices | null {
  const { bytes, codec, optional } = chunk;
  if (pagesProblem({ chunk: bytes, groupRows: rows, column, group, compressed: codec !== 'UNCOMPRESSED' })) return null;
  return decodeByteArrayChunk({ chunk: bytes, rows, codec, optional });
}

/** A raw chunk's pages when every value is PLAIN and present (plainByteArrayPages), after the same page checks; else null. */
export function plainRawPages(chunk: RawChunk, rows: number, column: string, group: number): PlainPage[] | null {
  const { bytes, codec, optional } = chunk;
  if (pagesProblem({ chunk: bytes, groupRows: rows, column, group, compressed: codec !== 'UNCOMPRESSED' })) return null;
  return plainByteArrayPages({ chunk: bytes, rows, codec, optional });
}

/** A raw chunk's dictionary and entries when every value is dictionary-encoded and present (dictionaryEntries), after the same page checks; else null. */
export function dictionaryRawEntries(chunk: RawChunk, rows: number, column: string, group: number): DictionaryEntries | null {
  const { bytes, codec, optional } = chunk;
  if (pagesProblem({ chunk: bytes, groupRows: rows, column, group, compressed: codec !== 'UNCOMPRESSED' })) return null;
  return dictionaryEntries({ chunk: bytes, rows, codec, optional });
}

/** codesOf for a chunk's dictionary entries (dictionaryRawEntries): each entry looked up once. */
export function codesOfEntries(d: DictionaryEntries, rows: number, lookup: (buf: Uint8Array, start: number, end: number) => number, codes?: Int32Array): Int32Array {
  const out = codes && codes.length >= rows ? codes : new Int32Array(rows);
  const byEntry = Int32Array.from(d.starts, (s, k) => lookup(d.page, s, d.ends[k]));
  const { entry } = d;
  for (let i = 0; i < rows; i++) out[i] = byEntry[entry[i]];
  return out;
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
