/**
 * Uniqueness of the test file's ids (or pairs), and a hash from id bytes to test row
 * for test_labels rows that do not come in the test file's order.
 */
import { finishHash, hashBytes, sliceEquals, type ByteColumn } from '@/lib/scoring/byte-hash';

/** Same row hash as byte-hash's RowIndex: FNV-1a over each column, then a separator. */
function hashRow(b1: Uint8Array, s1: number, e1: number, b2: Uint8Array | null, s2: number, e2: number): number {
  let h = Math.imul(hashBytes(b1, s1, e1) ^ 0x1f, 0x01000193);
  if (b2) h = Math.imul(hashBytes(b2, s2, e2, h) ^ 0x1f, 0x01000193);
  return finishHash(h) | 0;
}

const BLOCK = 256;

export class UniqueRows {
  /** Two int32 per slot: row (-1 = empty) and the row's hash. */
  private readonly table: Int32Array;
  private readonly mask: number;
  private readonly c1: ByteColumn;
  private readonly c2: ByteColumn | null;

  /** Indexes every row; on a repeat calls `onRepeat(firstRow, row)` (0-based), which must throw. */
  constructor(cols: ByteColumn[], onRepeat: (first: number, row: number) => never) {
    this.c1 = cols[0];
    this.c2 = cols[1] ?? null;
    const n = this.c1.offsets.length - 1;
    let cap = 16;
    while (cap < n * 1.5) cap *= 2;
    this.table = new Int32Array(cap * 2).fill(-1);
    this.mask = cap - 1;
    const { bytes: b1, offsets: o1 } = this.c1;
    const b2 = this.c2?.bytes ?? null;
    const o2 = this.c2?.offsets ?? o1;
    const table = this.table;
    const hashes = new Int32Array(BLOCK);
    let touch = 0;
    for (let base = 0; base < n; base += BLOCK) {
      const m = Math.min(BLOCK, n - base);
      for (let j = 0; j < m; j++) hashes[j] = hashRow(b1, o1[base + j], o1[base + j + 1], b2, o2[base + j], o2[base + j + 1]);
      // Touch each block's first slots before inserting, so their cache misses overlap.
      for (let j = 0; j < m; j++) touch += table[(hashes[j] & this.mask) * 2];
      for (let j = 0; j < m; j++) {
        const i = base + j;
        const h = hashes[j];
        let slot = h & this.mask;
        for (;;) {
          const row = table[slot * 2];
          if (row === -1) break;
          if (table[slot * 2 + 1] === h && this.equals(row, b1, o1[i], o1[i + 1], b2, o2[i], o2[i + 1])) onRepeat(row, i);
          slot = (slot + 1) & this.mask;
        }
        table[slot * 2] = i;
        table[slot * 2 + 1] = h;
      }
    }
    if (touch === 0.5) throw new Error('unreachable'); // keeps the warming loads alive
  }

  /** Row whose id (and second id, for pairs) equals the given slices, or -1. */
  find(b1: Uint8Array, s1: number, e1: number, b2: Uint8Array | null = null, s2 = 0, e2 = 0): number {
    const h = hashRow(b1, s1, e1, b2, s2, e2);
    const table = this.table;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const row = table[slot * 2];
      if (row === -1) return -1;
      if (table[slot * 2 + 1] === h && this.equals(row, b1, s1, e1, b2, s2, e2)) return row;
    }
  }

  private equals(row: number, b1: Uint8Array, s1: number, e1: number, b2: Uint8Array | null, s2: number, e2: number): boolean {
    const { bytes, offsets } = this.c1;
    if (!sliceEquals(b1, s1, e1, bytes, offsets[row], offsets[row + 1])) return false;
    if (!this.c2 || !b2) return true;
    return sliceEquals(b2, s2, e2, this.c2.bytes, this.c2.offsets[row], this.c2.offsets[row + 1]);
  }
}

/** Rows per bucket in firstRepeat: its table (2 int32 per slot, at most half full, 128 KB) then stays in the L2 cache. */
const BUCKET_ROWS = 8192;

/**
 * The first row (0-based) whose id repeats an earlier one, as `[earlier, row]`, or null.
 * Rows are split by hash into buckets small enough for the cache and each bucket is
 * checked with its own little table: a single table over 10M rows costs a cache miss
 * per row (~1 s), the buckets about a third of that.
 */
export function firstRepeat(cols: ByteColumn[]): [number, number] | null {
  const c1 = cols[0];
  const c2 = cols[1] ?? null;
  const { bytes: b1, offsets: o1 } = c1;
  const b2 = c2?.bytes ?? null;
  const o2 = c2?.offsets ?? o1;
  const n = o1.length - 1;
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hashRow(b1, o1[i], o1[i + 1], b2, o2[i], o2[i + 1]);
  let bits = 0;
  while (n >> bits > BUCKET_ROWS) bits++;
  // Buckets by the hash's top bits, slots by its low bits: independent within a bucket.
  const shift = 32 - bits;
  const bucketOf = (h: number) => (bits === 0 ? 0 : h >>> shift);
  const starts = new Int32Array((1 << bits) + 1);
  for (let i = 0; i < n; i++) starts[bucketOf(hashes[i]) + 1]++;
  for (let b = 0; b < 1 << bits; b++) starts[b + 1] += starts[b];
  const fill = starts.slice(0, 1 << bits);
  // Each bucket's rows and hashes side by side, in row order (the scatter is stable).
  const order = new Int32Array(n);
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const h = hashes[i];
    const at = fill[bucketOf(h)]++;
    order[at] = i;
    sorted[at] = h;
  }
  let best: [number, number] | null = null;
  let table = new Int32Array(0);
  for (let b = 0; b < 1 << bits; b++) {
    const size = starts[b + 1] - starts[b];
    let cap = 16;
    while (cap < size * 2) cap *= 2;
    if (table.length < cap * 2) table = new Int32Array(cap * 2);
    table.fill(-1, 0, cap * 2);
    const mask = cap - 1;
    for (let k = starts[b]; k < starts[b + 1]; k++) {
      const i = order[k];
      const h = sorted[k];
      let slot = h & mask;
      let row = table[slot * 2];
      while (row !== -1) {
        if (
          table[slot * 2 + 1] === h &&
          sliceEquals(b1, o1[i], o1[i + 1], b1, o1[row], o1[row + 1]) &&
          (!b2 || sliceEquals(b2, o2[i], o2[i + 1], b2, o2[row], o2[row + 1]))
        ) {
          break;
        }
        slot = (slot + 1) & mask;
        row = table[slot * 2];
      }
      if (row === -1) {
        table[slot * 2] = i;
        table[slot * 2 + 1] = h;
      } else if (!best || i < best[1]) {
        best = [row, i]; // rows of a bucket come in order, so `row` is the id's first row
      }
    }
  }
  return best;
}
