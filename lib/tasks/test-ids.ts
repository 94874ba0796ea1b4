/**
 * The test file's id column(s) for the offline answer key (scoring-key.ts): read into byte columns
 * (a group of PLAIN ids straight from its pages), refused at an empty or repeated id, each Parquet
 * group's id chunk kept as stored so that test_labels can skip a group whose chunk is the same.
 */
import type { ByteColumn } from '@/lib/scoring/byte-hash';
import { partitionedIndex, type SharedIndex } from '@/lib/scoring/partitioned-index';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { plainRawPages, type RawChunk } from '@/lib/tables/parquet-byte-groups';
import { ByteColumnBuilder } from './byte-columns';
import type { DataFile } from './folder-files';
import { scanColumns } from './scan-columns';
import { taskFail } from './task-error';
import { firstRepeat } from './unique-rows';

const utf8 = new TextDecoder();
const text = (buf: Uint8Array, s: number, e: number) => utf8.decode(buf.subarray(s, e));

/**
 * Builds the id index of a one-column key somewhere else (`podium score`'s parse thread, once
 * its parse is done) while this thread reads test_labels. After the labels, `cancel()` true
 * means it had not started (and now will not): it is built here; else `index` is awaited
 * (null = it failed: built here too). The index is the one partitionedIndex builds either way.
 */
export type IndexElsewhere = (col: ByteColumn) => { index: Promise<SharedIndex | null>; cancel(): boolean };

/**
 * The test file's id column(s), in its order; an empty id is refused at once, a repeated one
 * by `unique`: at once without `elsewhere`, else after the labels are read (a repeat is then
 * still the error reported, whatever the labels had).
 */
export async function readTestIds(file: DataFile, names: string[], repeated: { rule: string; headline: string }, elsewhere?: IndexElsewhere): Promise<{ cols: ByteColumn[]; unique: () => Promise<void>; chunks: TestChunks }> {
  const chunks: TestChunks = new Map();
  const builders = names.map(() => new ByteColumnBuilder(1 << 16, 16, names.length === 1 && !!elsewhere));
  let sized = false;
  // After the first chunk (8 MB) or row group the columns are sized for the whole file: no copy at each doubling.
  const expect = (fraction: number) => {
    if (fraction >= 1 || builders[0].n === 0 || sized) return;
    sized = true;
    for (const b of builders) b.expect(fraction);
  };
  await scanColumns(file, names, (bufs, starts, ends, row) => {
    for (let j = 0; j < names.length; j++) {
      if (starts[j] === ends[j]) taskFail('missing_id', 'An id is empty', { file: file.name, column: names[j], row, value: null });
      builders[j].append(bufs[j], starts[j], ends[j]);
    }
  }, {
    // A one-column key keeps each group's id chunk as stored, so test_labels can skip an identical one (classificationKey),
    // and copies a chunk of PLAIN ids, none empty, straight from its pages (else it is decoded and read as slices below).
    raw: (group, rowStart, rows, [chunk], fileRows) => {
      if (names.length !== 1) return false;
      chunks.set(group, { rowStart, rows, chunk });
      const pages = builders[0].n === rowStart ? plainRawPages(chunk, rows, names[0], group) : null;
      if (!pages || !builders[0].appendPlainPages(pages)) return false;
      expect((rowStart + rows) / fileRows);
      return true;
    },
    progress: (read, size) => expect(read / size),
    // A Parquet group's rows up to its first empty id (whose row the visitor then names).
    group: (slices, rows, rowStart, fileRows) => {
      // The first column's copy stops at its own first empty id; the others' before is found first.
      let m = rows;
      for (let j = 1; j < names.length; j++) m = firstEmpty(slices[j], m);
      m = builders[0].appendSlices(slices[0], 0, m);
      for (let j = 1; j < names.length; j++) builders[j].appendSlices(slices[j], 0, m);
      if (fileRows > 0) expect((rowStart + rows) / fileRows); // a CSV run: sized by `progress`
      return m;
    },
  });
  const one = names.length === 1;
  const cols = builders.map((b) => (one && elsewhere ? b.finishShared() : b.finish()));
  const built = one && elsewhere ? elsewhere(cols[0]) : null;
  const unique = async () => {
    // One id column: the scoring join's index (kept with the column, so scoring reuses it) says whether any id repeats;
    // only then, and for pairs, the row-by-row check that names the first repeat.
    const answer = built && !built.cancel() ? await built.index.catch(() => null) : null;
    const there = answer && answer.bytes.byteLength === cols[0].bytes.length ? answer : null;
    const repeat = one && partitionedIndex(cols[0], there ?? undefined).repeated < 0 ? null : firstRepeat(cols);
    if (repeat) {
      const [first, row] = repeat;
      const value = cols.map((c) => text(c.bytes, c.offsets[row], c.offsets[row + 1])).join(', ');
      taskFail(repeated.rule, `${repeated.headline} (first at row ${first + 1})`, { file: file.name, column: names[0], row: row + 1, value });
    }
  };
  if (!built) await unique();
  // Every group was read whole: an empty id anywhere has thrown by now.
  return { cols, unique, chunks };
}

/** The test file's id chunk of each row group, as stored, with the group's rows. */
export type TestChunks = Map<number, { rowStart: number; rows: number; chunk: RawChunk }>;

/** Whether two stored chunks decode to the same values: the same bytes, codec and nullability. */
export function sameChunk(a: RawChunk, b: RawChunk): boolean {
  return a.codec === b.codec && a.optional === b.optional && Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).equals(b.bytes);
}

/** The first of values [0, m) that is empty, else m. */
function firstEmpty(s: ByteSlices, m: number): number {
  const { starts, ends } = s;
  for (let i = 0; i < m; i++) if (starts[i] === ends[i]) return i;
  return m;
}
