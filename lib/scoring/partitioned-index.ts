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
import { finishHash, sliceEquals } from './byte-hash';

/** The id hash every join side uses: FNV-1a over the bytes, the column separator, then the mixer (= RowIndex's). */
export function idHash(buf: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i], 0x01000193);
  return finishHash(Math.imul(h ^ 0x1f, 0x01000193)) | 0;
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
export type SharedIndex = { table: SharedArrayBuffer; bytes: SharedArrayBuffer; slotBits: number; partitionBits: number; repeated: number };

export class PartitionedIndex {
  /** Four int32 per slot: row (-1 = empty), hash, start and end of the id in `bytes`. */
  readonly table: Int32Array;
  /** The key's id bytes in slot order (partition by partition). */
  readonly bytes: Uint8Array;
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
      this.bytes = new Uint8Array(from.bytes);
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
    for (let i = 0; i < n; i++) {
      const h = idHash(src, offsets[i], offsets[i + 1]);
      hashes[i] = h;
      const p = partitionBits > 0 ? (h >>> pShift) + 1 : 1;
      rowAt[p]++;
      byteAt[p] += offsets[i + 1] - offsets[i];
    }
    for (let p = 0; p < parts; p++) {
      rowAt[p + 1] += rowAt[p];
      byteAt[p + 1] += byteAt[p];
    }
    // Rows, hashes and bytes in partition order, so the inserts below read them in sequence. Row, hash and
    // byte start side by side in one array: the scatter writes 2 streams per partition instead of 4 (fewer TLB
    // misses; measured at 10M rows, the build took ~12% less CPU). Row k's bytes end where row k + 1's start.
    const rec = new Int32Array(n * 3 + 3);
    const bytes = new Uint8Array(new SharedArrayBuffer(src.length));
    for (let i = 0; i < n; i++) {
      const h = hashes[i];
      const p = partitionBits > 0 ? h >>> pShift : 0;
      const k = rowAt[p]++ * 3;
      rec[k] = i;
      rec[k + 1] = h;
      let at = byteAt[p];
      rec[k + 2] = at;
      for (let b = offsets[i], e = offsets[i + 1]; b < e; b++) bytes[at++] = src[b];
      byteAt[p] = at;
    }
    rec[n * 3 + 2] = src.length;
    const table = new Int32Array(new SharedArrayBuffer(cap * 16)).fill(-1);
    const sShift = 32 - slotBits;
    let repeated = -1;
    for (let k = 0; k < n * 3; k += 3) {
      const r = rec[k];
      const h = rec[k + 1];
      const s = rec[k + 2];
      const e = rec[k + 5];
      let slot = h >>> sShift;
      for (;;) {
        const at = slot << 2;
        const row = table[at];
        if (row === -1) {
          table[at] = r;
          table[at + 1] = h;
          table[at + 2] = s;
          table[at + 3] = e;
          break;
        }
        if (table[at + 1] === h && sliceEquals(bytes, s, e, bytes, table[at + 2], table[at + 3])) {
          if (repeated < 0) repeated = Math.max(r, row);
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    // The fields in the order the branch above sets them: one object shape for the probes, built or shared.
    this.table = table;
    this.bytes = bytes;
    this.slotBits = slotBits;
    this.partitionBits = partitionBits;
    this.repeated = repeated;
  }

  shared(): SharedIndex {
    const { table, bytes, slotBits, partitionBits, repeated } = this;
    return { table: table.buffer as SharedArrayBuffer, bytes: bytes.buffer as SharedArrayBuffer, slotBits, partitionBits, repeated };
  }

  /** The key row of an id, or -1. */
  find(buf: Uint8Array, s: number, e: number): number {
    const h = idHash(buf, s, e);
    const { table, bytes } = this;
    const mask = (1 << this.slotBits) - 1;
    for (let slot = h >>> (32 - this.slotBits); ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const row = table[at];
      if (row === -1) return -1;
      if (table[at + 1] === h && sliceEquals(buf, s, e, bytes, table[at + 2], table[at + 3])) return row;
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
