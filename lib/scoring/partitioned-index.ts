/**
 * The answer key's id → row hash laid out for a radix-partitioned join. The slot of an id
 * is the top bits of its hash, so the table splits into partitions of consecutive slots
 * (the top `partitionBits` bits), and each partition's id bytes are copied next to each
 * other. A submission's rows, scattered by the same bits (prediction-join.ts), are then
 * probed one partition at a time: every probe lands in the same few hundred KB of table
 * and bytes, which stay in cache. Probing the key's hash in file order instead costs a
 * cache miss (and a TLB miss) per row on the table, the key's bytes and the per-row state;
 * that was most of the time a shuffled 10M-row file took.
 *
 * Built once per key (cached; the worker builds it when it loads a key), read-only after.
 * Its arrays live in shared memory, so a scoring thread that built it hands it to the pool
 * (`shared()`), and the other threads, and the threads that help one job (join-parallel.ts),
 * probe the same table instead of building their own.
 */
import type { ByteColumn } from './byte-hash';
import { copyWords, finishHash, sliceEquals, viewOf } from './byte-hash';

/**
 * The id hash every join side uses (this index, the rows a file keeps: kept-rows.ts, parsed-labels.ts,
 * prediction-join.ts): MurmurHash3 x86_32 with seed 0, as an int32. It takes four bytes a step, where
 * FNV-1a took one: on 10M 8-byte ids, 64–73 ms against 115–128 ms (scratch loop, 3 runs each).
 */
export function idHash(buf: Uint8Array, s: number, e: number): number {
  let h = 0;
  let i = s;
  for (; i + 4 <= e; i += 4) h = idStep(h, buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
  return idFinish(h, buf, i, e, e - s);
}

/** One little-endian four-byte word of an id into its hash (a loop with a DataView calls this). */
export function idStep(h: number, w: number): number {
  let k = Math.imul(w, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h ^= Math.imul(k, 0x1b873593);
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** The id's last 0–3 bytes buf[i, e) and its length into the hash: the id's hash. */
export function idFinish(h: number, buf: Uint8Array, i: number, e: number, len: number): number {
  if (i < e) {
    let k = buf[i];
    if (i + 1 < e) k |= buf[i + 1] << 8;
    if (i + 2 < e) k |= buf[i + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  return finishHash(h ^ len) | 0;
}

/**
 * At least this many key rows per partition, at most 2^8 partitions: more partitions keep
 * a partition in L2, but the scatter then writes to too many places at once (TLB misses);
 * measured at 10M rows, 2^8 scattered ~0.4 s faster than 2^11 and probed as fast (within noise).
 */
const ROWS_PER_PARTITION = 4096;
const MAX_PARTITION_BITS = 8;

/** The partition bits of an index of `n` key rows (a file parsed before its key scatters its rows by them, parsed-join.ts). */
export function partitionBitsFor(n: number): number {
  let slotBits = 4;
  while (1 << slotBits < n * 1.5) slotBits++;
  let partitionBits = 0;
  while (partitionBits < MAX_PARTITION_BITS && partitionBits < slotBits && n >> (partitionBits + 1) >= ROWS_PER_PARTITION) partitionBits++;
  return partitionBits;
}

/** An index as shared memory (what a thread posts to the pool and the pool hands to other threads). */
export type SharedIndex = { table: SharedArrayBuffer; rows: SharedArrayBuffer; starts: SharedArrayBuffer; bytes: SharedArrayBuffer; partAt: SharedArrayBuffer; width: number; slotBits: number; partitionBits: number; repeated: number };

export class PartitionedIndex {
  /**
   * Two int32 per slot: k + 1 (0 = empty, so the table is used as allocated, zeroed, without a
   * fill), and the id's hash. k numbers the key's ids in partition order: `rows[k]` is its key
   * row, its bytes are `bytes` [starts[k], starts[k + 1]) (or [k * width, (k + 1) * width) when every id
   * has that one length, and `starts` is then empty). Eight bytes a slot instead of sixteen
   * (row, hash, start, end) halve the table a probe walks and the memory the build touches:
   * measured on the 10M-row peer key (its test ids, as `scripts/bench/peer.ts --prepare` writes them; 4 builds each), the build
   * took 671–1117 ms (median ~690) against 914–1416 ms (median ~1175) with the 16-byte slots.
   */
  readonly table: Int32Array;
  readonly rows: Int32Array;
  readonly starts: Int32Array;
  /** The key's id bytes in partition order. */
  readonly bytes: Uint8Array;
  /** Partition p's ids are k in [partAt[p], partAt[p + 1]). */
  readonly partAt: Int32Array;
  /** The length of every id when all have one (then id k's bytes start at k * width), else 0. */
  readonly width: number;
  readonly slotBits: number;
  readonly partitionBits: number;
  /** A key row whose id repeats another row's, or -1 (a caller that needs the first one and its message asks the slow check). */
  readonly repeated: number;

  constructor(
    readonly col: ByteColumn,
    from?: SharedIndex,
  ) {
    if (from) {
      this.table = new Int32Array(from.table);
      this.rows = new Int32Array(from.rows);
      this.starts = new Int32Array(from.starts);
      this.bytes = new Uint8Array(from.bytes);
      this.partAt = new Int32Array(from.partAt);
      this.width = from.width;
      this.slotBits = from.slotBits;
      this.partitionBits = from.partitionBits;
      this.repeated = from.repeated;
      return;
    }
    const n = col.offsets.length - 1;
    let slotBits = 4;
    while (1 << slotBits < n * 1.5) slotBits++;
    const partitionBits = partitionBitsFor(n);
    const cap = 1 << slotBits;
    const mask = cap - 1;
    const { bytes: src, offsets } = col;
    const hashes = new Int32Array(n);
    const parts = 1 << partitionBits;
    const pShift = 32 - partitionBits;
    const rowAt = new Int32Array(parts + 1);
    const byteAt = new Int32Array(parts + 1);
    const first = n > 0 ? offsets[1] - offsets[0] : 0;
    let sameLength = true;
    for (let i = 0; i < n; i++) {
      const h = idHash(src, offsets[i], offsets[i + 1]);
      hashes[i] = h;
      const p = partitionBits > 0 ? (h >>> pShift) + 1 : 1;
      rowAt[p]++;
      const len = offsets[i + 1] - offsets[i];
      byteAt[p] += len;
      if (len !== first) sameLength = false;
    }
    for (let p = 0; p < parts; p++) {
      rowAt[p + 1] += rowAt[p];
      byteAt[p + 1] += byteAt[p];
    }
    const partAt = new Int32Array(new SharedArrayBuffer((parts + 1) * 4));
    partAt.set(rowAt);
    // Rows, hashes and bytes in partition order, so the inserts below read them in sequence. Row k's bytes end where row k + 1's start.
    // Three int32 streams per partition (the 16-byte layout interleaved row, hash and start in one); the smaller
    // table more than pays for it (the figures above).
    const width = sameLength && first > 0 ? first : 0;
    const rows = new Int32Array(new SharedArrayBuffer(n * 4));
    // With ids of one length, id k's bytes start at k * width: `starts` is not written (nor read: find, the probe).
    const starts = new Int32Array(new SharedArrayBuffer(width > 0 ? 4 : n * 4 + 4));
    const ordered = new Int32Array(n);
    const total = offsets[n] - offsets[0];
    const bytes = new Uint8Array(new SharedArrayBuffer(total));
    const sv = viewOf(src);
    const bv = viewOf(bytes);
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      const p = partitionBits > 0 ? h >>> pShift : 0;
      const k = rowAt[p]++;
      rows[k] = i;
      ordered[k] = h;
      const from = offsets[i];
      const len = offsets[i + 1] - from;
      const to = width > 0 ? k * width : byteAt[p];
      if (width === 0) {
        starts[k] = to;
        byteAt[p] = to + len;
      }
      copyWords(src, sv, from, bytes, bv, to, len);
    }
    if (width === 0) starts[n] = total;
    const table = new Int32Array(new SharedArrayBuffer(cap * 8));
    const sShift = 32 - slotBits;
    let repeated = -1;
    for (let k = 0; k < n; k++) {
      const h = ordered[k];
      let slot = h >>> sShift;
      for (;;) {
        const at = slot << 1;
        const held = table[at];
        if (held === 0) {
          table[at] = k + 1;
          table[at + 1] = h;
          break;
        }
        if (table[at + 1] === h && (width > 0 ? sliceEquals(bytes, k * width, (k + 1) * width, bytes, (held - 1) * width, held * width) : sliceEquals(bytes, starts[k], starts[k + 1], bytes, starts[held - 1], starts[held]))) {
          if (repeated < 0) repeated = Math.max(rows[k], rows[held - 1]);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    // The fields in the order the branch above sets them: one object shape for the probes, built or shared.
    this.table = table;
    this.rows = rows;
    this.starts = starts;
    this.bytes = bytes;
    this.partAt = partAt;
    this.width = width;
    this.slotBits = slotBits;
    this.partitionBits = partitionBits;
    this.repeated = repeated;
  }

  shared(): SharedIndex {
    const { table, rows, starts, bytes, partAt, width, slotBits, partitionBits, repeated } = this;
    const buf = (a: { buffer: ArrayBufferLike }) => a.buffer as SharedArrayBuffer;
    return { table: buf(table), rows: buf(rows), starts: buf(starts), bytes: buf(bytes), partAt: buf(partAt), width, slotBits, partitionBits, repeated };
  }

  /** The key row of an id, or -1. */
  find(buf: Uint8Array, s: number, e: number): number {
    const h = idHash(buf, s, e);
    const { table, starts, bytes, width } = this;
    const mask = (1 << this.slotBits) - 1;
    for (let slot = h >>> (32 - this.slotBits); ; slot = (slot + 1) & mask) {
      const at = slot << 1;
      const held = table[at];
      if (held === 0) return -1;
      const bs = width > 0 ? (held - 1) * width : starts[held - 1];
      if (table[at + 1] === h && sliceEquals(buf, s, e, bytes, bs, width > 0 ? bs + width : starts[held])) return this.rows[held - 1];
    }
  }
}

const cache = new WeakMap<ByteColumn, PartitionedIndex>();

/** The index of an id column, built on first use (or taken from `from`, another thread's) and kept as long as the column is. */
export function partitionedIndex(col: ByteColumn, from?: SharedIndex): PartitionedIndex {
  let index = cache.get(col);
  if (!index) {
    index = new PartitionedIndex(col, from);
    cache.set(col, index);
  }
  return index;
}

/** The index of a column if one was built or taken, without building it. */
export function knownIndex(col: ByteColumn): PartitionedIndex | undefined {
  return cache.get(col);
}
