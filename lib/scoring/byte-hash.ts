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
 * Table of (row, hash) pairs in one Int32Array (row -1 = empty), capacity a power of
 * two at least twice the row count, linear probing. Keeping the full hash beside the
 * row means a probe compares bytes only for the right row: on a large key each byte
 * comparison with a wrong row is a cache miss, which is what makes lookups slow.
 */
export class RowIndex {
  readonly table: Int32Array;
  readonly mask: number;

  constructor(readonly cols: ByteColumn[]) {
    const n = cols[0].offsets.length - 1;
    let cap = 16;
    while (cap < n * 2) cap *= 2;
    const table = new Int32Array(cap * 2).fill(-1);
    const mask = cap - 1;
    for (let i = 0; i < n; i++) {
      const h = rowHash(cols, i) | 0;
      let slot = h & mask;
      while (table[slot * 2] !== -1) slot = (slot + 1) & mask;
      table[slot * 2] = i;
      table[slot * 2 + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }

  /** Row whose single id column equals buf[s, e), or -1. No allocation: this is the per-row hot path. */
  find1(buf: Uint8Array, s: number, e: number): number {
    const h = finishHash(Math.imul(hashBytes(buf, s, e) ^ 0x1f, 0x01000193)) | 0;
    const { bytes, offsets } = this.cols[0];
    const table = this.table;
    let slot = h & this.mask;
    for (;;) {
      const row = table[slot * 2];
      if (row === -1) return -1;
      if (table[slot * 2 + 1] === h && sliceEquals(buf, s, e, bytes, offsets[row], offsets[row + 1])) return row;
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
      const row = table[slot * 2];
      if (row === -1) return -1;
      if (
        table[slot * 2 + 1] === h &&
        sliceEquals(b1, s1, e1, c1.bytes, c1.offsets[row], c1.offsets[row + 1]) &&
        sliceEquals(b2, s2, e2, c2.bytes, c2.offsets[row], c2.offsets[row + 1])
      ) {
        return row;
      }
      slot = (slot + 1) & this.mask;
    }
  }
}
