/**
 * test_labels for the offline answer key (scoring-key.ts): each row matched to its test row
 * (row by row, or a Parquet group's rows as one run while they are in the test file's order),
 * and its label read as the import reads it.
 */
import { sameWords, sliceEquals, viewOf, type ByteColumn } from '@/lib/scoring/byte-hash';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { utf8Repaired } from './byte-columns';
import type { ByteDictionary } from './byte-dictionary';
import { UniqueRows } from './unique-rows';

const utf8 = new TextDecoder();

/**
 * How many of values [0, m) of `s` equal `col`'s rows r0, r0 + 1, … in turn (byte for byte,
 * four at a time; `cv` is col.bytes' view): the length of the run before the first that differs.
 */
function sameRunLength(s: ByteSlices, m: number, col: ByteColumn, cv: DataView, r0: number): number {
  const { bufs, bufOf, starts, ends } = s;
  const { bytes, offsets } = col;
  let page = -1;
  let buf = bytes;
  let bv = cv;
  for (let i = 0; i < m; i++) {
    const o = offsets[r0 + i];
    const len = offsets[r0 + i + 1] - o;
    const st = starts[i];
    if (ends[i] - st !== len) return i;
    if (bufOf[i] !== page) {
      page = bufOf[i];
      buf = bufs[page];
      bv = viewOf(buf);
    }
    if (!sameWords(buf, bv, st, bytes, cv, o, len)) return i;
  }
  return m;
}

/**
 * Matches each test_labels row to its test row: in the test file's order by comparing
 * bytes with the next row, otherwise through the index. `claim` gets the test row.
 */
export class LabelRows {
  private expect = 0;
  count = 0;
  /** Test rows. */
  readonly n: number;
  /**
   * 1-based test_labels row that labelled each test row; 0 = none yet. Allocated at the first claim
   * that is not the next test row by the next label row: while test_labels is in test order, test
   * rows [0, count) are labelled by rows 1 … count and nothing else is, so there is nothing to record
   * (10M rows: 40 MB not touched, ~150 ms less on the offline key).
   */
  private by: Int32Array | null = null;
  /** Built at the first row out of order: a test_labels file in test order never needs it. */
  private index: UniqueRows | null = null;

  private readonly c1: ByteColumn;
  private readonly c2: ByteColumn | undefined;

  constructor(private readonly cols: ByteColumn[]) {
    this.c1 = cols[0];
    this.c2 = cols[1];
    this.n = cols[0].offsets.length - 1;
    this.colViews = cols.map((c) => viewOf(c.bytes));
  }

  /** The label row of test row r (1-based), 0 = none. */
  private labelOf(r: number): number {
    if (this.by) return this.by[r];
    return r < this.count ? r + 1 : 0;
  }

  /** `by`, from the in-order claims so far. */
  private recorded(): Int32Array {
    if (!this.by) {
      this.by = new Int32Array(this.n);
      for (let r = 0; r < this.count; r++) this.by[r] = r + 1;
    }
    return this.by;
  }

  /** Test row of the id (pair) in the slices, or -1 when the test file has no such id. */
  testRow(bufs: Uint8Array[], starts: Int32Array, ends: Int32Array): number {
    const r = this.expect;
    const { c1, c2 } = this;
    if (
      r < this.n &&
      sliceEquals(bufs[0], starts[0], ends[0], c1.bytes, c1.offsets[r], c1.offsets[r + 1]) &&
      (!c2 || sliceEquals(bufs[1], starts[1], ends[1], c2.bytes, c2.offsets[r], c2.offsets[r + 1]))
    ) {
      return r;
    }
    const a = utf8Repaired(bufs[0], starts[0], ends[0]);
    const b = c2 ? utf8Repaired(bufs[1], starts[1], ends[1]) : null;
    this.index ??= new UniqueRows(this.cols, () => {
      throw new Error('test ids were checked unique before');
    });
    return this.index.find(
      a ?? bufs[0], a ? 0 : starts[0], a ? a.length : ends[0],
      c2 ? (b ?? bufs[1]) : null, b ? 0 : starts[1], b ? b.length : ends[1],
    );
  }

  /** The test row the next label row is expected to label (the one after the last claimed). */
  get next(): number {
    return this.expect;
  }

  /**
   * How many of the first `rows` rows of a Parquet group of test_labels (`ids`: its slices, id
   * column(s) first) are, one after the other, the next test rows' ids (pairs), none labelled yet.
   */
  matchRun(ids: ByteSlices[], rows: number): number {
    const r0 = this.expect;
    let m = Math.min(rows, this.n - r0);
    for (let j = 0; j < this.cols.length && m > 0; j++) m = sameRunLength(ids[j], m, this.cols[j], this.colViews[j], r0);
    return this.unlabelledRun(r0, m);
  }

  /** Whether test rows next … next + m - 1 are all unlabelled (and exist). */
  unlabelled(m: number): boolean {
    const r0 = this.expect;
    return r0 + m <= this.n && this.unlabelledRun(r0, m) === m;
  }

  /** How many of test rows r0 … r0 + m - 1 are unlabelled before the first labelled one. */
  private unlabelledRun(r0: number, m: number): number {
    const by = this.by;
    if (!by) return r0 >= this.count ? m : 0; // in order so far: rows [0, count) are the labelled ones
    for (let i = 0; i < m; i++) if (by[r0 + i] !== 0) return i;
    return m;
  }

  /** Claims test rows next … next + m - 1 for label rows rowStart + 1 … rowStart + m (1-based), as m claims would. */
  claimRun(m: number, rowStart: number): void {
    const r0 = this.expect;
    if (m === 0) return;
    if (this.by || r0 !== this.count || rowStart !== r0) {
      const by = this.recorded();
      for (let i = 0; i < m; i++) by[r0 + i] = rowStart + i + 1;
    }
    this.count += m;
    this.expect = r0 + m;
  }

  private readonly colViews: DataView[];

  /** Records that label row `row` (1-based) labels test row `r`; returns the earlier label row, or 0. */
  claim(r: number, row: number): number {
    const earlier = this.labelOf(r);
    if (earlier !== 0) return earlier;
    if (this.by || r !== this.count || row !== r + 1) this.recorded()[r] = row;
    this.expect = r + 1;
    this.count++;
    return 0;
  }

  firstUnlabelled(): number {
    return this.by ? this.by.indexOf(0) : this.count < this.n ? this.count : -1;
  }
}

/** The dictionary index of each entry of a Parquet dictionary page (-1: empty or not in it). */
export function entryClasses(dictionary: ByteDictionary, buf: Uint8Array, starts: Int32Array, ends: Int32Array): Int32Array {
  return Int32Array.from(starts, (s, k) => (s === ends[k] ? -1 : dictionary.indexOf(buf, s, ends[k])));
}

/** `a` with room for index `i`, new places -2. */
export function grown(a: Int32Array, i: number): Int32Array {
  const b = new Int32Array(Math.max(a.length * 2, i + 1)).fill(-2);
  b.set(a);
  return b;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A pair label as the import reads it (an int64 column: "1", "1.0", " 0 " all count), or -1. */
export function binaryLabel(buf: Uint8Array, s: number, e: number): number {
  if (e - s === 1 && (buf[s] === 0x30 || buf[s] === 0x31)) return buf[s] - 0x30;
  const t = utf8.decode(buf.subarray(s, e)).trim();
  if (!NUMBER.test(t)) return -1;
  const v = Number(t);
  return v === 0 || v === 1 ? v : -1;
}
