/**
 * Open-addressing hash from id bytes to key row, so a submission's ids are joined to
 * the answer key without creating a JS string per row.
 */

/** FNV-1a over bytes [start, end), continuing from `h` (so two id columns chain). */
export function hashBytes(buf: Uint8Array, start: number, end: number, h = 0x811c9dc5): number {
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return h;
}

/** Mixes the final FNV state so low bits (the table slot) depend on every byte. */
export function finishHash(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Concatenated UTF-8 values: value i is bytes[offsets[i], offsets[i+1]). */
export type ByteColumn = { bytes: Uint8Array; offsets: Uint32Array };

export function byteColumnFromStrings(values: string[]): ByteColumn {
  const enc = new TextEncoder();
  const parts = values.map((v) => enc.encode(v));
  const offsets = new Uint32Array(values.length + 1);
  let total = 0;
  for (let i = 0; i < parts.length; i++) {
    offsets[i] = total;
    total += parts[i].length;
  }
  offsets[parts.length] = total;
  const bytes = new Uint8Array(total);
  for (let i = 0; i < parts.length; i++) bytes.set(parts[i], offsets[i]);
  return { bytes, offsets };
}

export function byteColumnValue(col: ByteColumn, i: number): string {
  return new TextDecoder().decode(col.bytes.subarray(col.offsets[i], col.offsets[i + 1]));
}

export function sliceEquals(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  const len = ae - as;
  if (len !== be - bs) return false;
  for (let i = 0; i < len; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** A DataView of exactly the array's bytes (for the four-bytes-at-a-time loops below and in the join). */
export function viewOf(a: Uint8Array): DataView {
  return new DataView(a.buffer, a.byteOffset, a.byteLength);
}

/** Whether a[as, as + len) = b[bs, bs + len), four bytes at a time (`av`, `bv`: their views; unaligned reads are fine). */
export function sameWords(a: Uint8Array, av: DataView, as: number, b: Uint8Array, bv: DataView, bs: number, len: number): boolean {
  let i = 0;
  for (; i + 4 <= len; i += 4) if (av.getInt32(as + i, true) !== bv.getInt32(bs + i, true)) return false;
  for (; i < len; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** Copies src[from, from + len) to dst[to, …), four bytes at a time (`sv`, `dv`: their views). */
export function copyWords(src: Uint8Array, sv: DataView, from: number, dst: Uint8Array, dv: DataView, to: number, len: number): void {
  let b = 0;
  for (; b + 4 <= len; b += 4) dv.setInt32(to + b, sv.getInt32(from + b, true), true);
  for (; b < len; b++) dst[to + b] = src[from + b];
}

/** One hash per row over one or two columns (two for matching pairs: left_id, right_id). */
function rowHash(cols: ByteColumn[], i: number): number {
  let h = 0x811c9dc5;
  for (let c = 0; c < cols.length; c++) {
    h = hashBytes(cols[c].bytes, cols[c].offsets[i], cols[c].offsets[i + 1], h);
    h = Math.imul(h ^ 0x1f, 0x01000193); // column separator so ("ab","c") != ("a","bc")
  }
  return finishHash(h);
}

/**
 * Open addressing with linear probing; each slot is four int32s: row (-1 = empty),
 * full hash, and the start/end of the row's first id column in its bytes. Keeping the
 * hash and the byte range in the slot means a probe touches the key's bytes only for
 * the right row and never its offsets array: on a large key each of those would be a
 * cache miss, and misses are what make lookups in random order slow.
 */
const SLOT = 4;

export class RowIndex {
  readonly table: Int32Array;
  readonly mask: number;
  /** Sink for findBatch's warming loads, so the engine cannot drop them. */
  touched = 0;

  constructor(readonly cols: ByteColumn[]) {
    const n = cols[0].offsets.length - 1;
    let cap = 16;
    while (cap < n * 1.5) cap *= 2;
    const table = new Int32Array(cap * SLOT).fill(-1);
    const mask = cap - 1;
    const offsets = cols[0].offsets;
    // Batched like findBatch: hash a block, read its slots (overlapping misses), then insert.
    const hashes = new Int32Array(256);
    let touch = 0;
    for (let base = 0; base < n; base += 256) {
      const m = Math.min(256, n - base);
      for (let j = 0; j < m; j++) hashes[j] = rowHash(cols, base + j) | 0;
      for (let j = 0; j < m; j++) touch += table[(hashes[j] & mask) * SLOT];
      for (let j = 0; j < m; j++) {
        const i = base + j;
        const h = hashes[j];
        let slot = h & mask;
        while (table[slot * SLOT] !== -1) slot = (slot + 1) & mask;
        const at = slot * SLOT;
        table[at] = i;
        table[at + 1] = h;
        table[at + 2] = offsets[i];
        table[at + 3] = offsets[i + 1];
      }
    }
    this.touched = touch;
    this.table = table;
    this.mask = mask;
  }

  /** Row whose single id column equals buf[s, e), or -1. No allocation: this is the per-row hot path. */
  find1(buf: Uint8Array, s: number, e: number): number {
    const h = finishHash(Math.imul(hashBytes(buf, s, e) ^ 0x1f, 0x01000193)) | 0;
    const bytes = this.cols[0].bytes;
    const table = this.table;
    let slot = h & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const row = table[at];
      if (row === -1) return -1;
      if (table[at + 1] === h && sliceEquals(buf, s, e, bytes, table[at + 2], table[at + 3])) return row;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Row whose two id columns (left_id, right_id) equal the two slices, or -1. */
  find2(b1: Uint8Array, s1: number, e1: number, b2: Uint8Array, s2: number, e2: number): number {
    let h = Math.imul(hashBytes(b1, s1, e1) ^ 0x1f, 0x01000193);
    h = finishHash(Math.imul(hashBytes(b2, s2, e2, h) ^ 0x1f, 0x01000193)) | 0;
    const [c1, c2] = this.cols;
    const table = this.table;
    let slot = h & this.mask;
    for (;;) {
      const at = slot * SLOT;
      const row = table[at];
      if (row === -1) return -1;
      if (
        table[at + 1] === h &&
        sliceEquals(b1, s1, e1, c1.bytes, table[at + 2], table[at + 3]) &&
        sliceEquals(b2, s2, e2, c2.bytes, c2.offsets[row], c2.offsets[row + 1])
      ) {
        return row;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * Looks up a batch of ids (slices of one buffer) at once, stage by stage: all hashes,
 * then every first slot, then every candidate's bytes, then the comparisons. Each
 * stage's loads do not depend on each other, so the CPU overlaps their cache misses
 * instead of waiting for them one row at a time — the JS stand-in for prefetching.
 * `out[i]` = key row or -1.
 */
export function findBatch(index: RowIndex, buf: Uint8Array, starts: Int32Array, ends: Int32Array, n: number, scratch: Int32Array, out: Int32Array): void {
  const { table, mask } = index;
  const bytes = index.cols[0].bytes;
  for (let i = 0; i < n; i++) scratch[i] = finishHash(Math.imul(hashBytes(buf, starts[i], ends[i]) ^ 0x1f, 0x01000193)) | 0;
  let touch = 0;
  for (let i = 0; i < n; i++) touch += table[(scratch[i] & mask) * SLOT + 2];
  for (let i = 0; i < n; i++) {
    const at = (scratch[i] & mask) * SLOT;
    if (table[at + 1] === scratch[i]) touch += bytes[table[at + 2]];
  }
  for (let i = 0; i < n; i++) {
    const h = scratch[i];
    let slot = h & mask;
    out[i] = -1;
    for (;;) {
      const at = slot * SLOT;
      const row = table[at];
      if (row === -1) break;
      if (table[at + 1] === h && sliceEquals(buf, starts[i], ends[i], bytes, table[at + 2], table[at + 3])) {
        out[i] = row;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  index.touched = touch;
}
