/**
 * The two steps of the radix-partitioned join over a file's kept rows (prediction-join.ts,
 * parsed-join.ts, join-parallel.ts): `scatter` lays the rows out by the top bits of their id
 * hash, and `probePartitions` probes a range of the key index's partitions (partitioned-index.ts)
 * with every part's rows of them, so each probe stays in one partition's few hundred KB of table
 * and bytes, and threads that take different partitions never write the same place.
 */
import { copyWords, sameWords, viewOf } from '../byte-hash';
import type { PartitionedIndex } from '../partitioned-index';

/** Rows scattered by partition: partition p's rows are [rowAt[p], rowAt[p + 1]); row k's id is arena[offsets[k], offsets[k + 1]). */
export type ScatteredRows = { rowAt: Int32Array; hashes: Int32Array; classes: Int32Array; offsets: Int32Array; arena: Uint8Array };

/** One part of a file after reading: key rows [first, end) matched in order, the other rows scattered. */
export type JoinPart = { first: number; end: number; m: number; rows: ScatteredRows };

/** Rows scattered by the top `bits` bits of their hash: rows, then bytes, each partition contiguous. */
export function scatter(bits: number, m: number, hashes: Int32Array, classes: Int32Array, offsets: Int32Array, arena: Uint8Array, shared: boolean): ScatteredRows {
  const parts = 1 << bits;
  const rowAt = new Int32Array(alloc(shared, (parts + 1) * 4));
  if (bits === 0 && !shared) {
    rowAt[1] = m;
    return { rowAt, hashes, classes, offsets, arena };
  }
  const shift = 32 - bits;
  const part = (h: number) => (bits > 0 ? h >>> shift : 0);
  const byteAt = new Int32Array(parts + 1);
  for (let j = 0; j < m; j++) {
    const p = part(hashes[j]) + 1;
    rowAt[p]++;
    byteAt[p] += offsets[j + 1] - offsets[j];
  }
  for (let p = 0; p < parts; p++) {
    rowAt[p + 1] += rowAt[p];
    byteAt[p + 1] += byteAt[p];
  }
  const next = rowAt.slice(0, parts);
  const h2 = new Int32Array(alloc(shared, m * 4));
  const c2 = new Int32Array(alloc(shared, m * 4));
  const o2 = new Int32Array(alloc(shared, (m + 1) * 4));
  const a2 = new Uint8Array(alloc(shared, offsets[m]));
  const from = viewOf(arena);
  const to = viewOf(a2);
  for (let j = 0; j < m; j++) {
    const h = hashes[j];
    const p = part(h);
    const k = next[p]++;
    h2[k] = h;
    c2[k] = classes[j];
    const at = byteAt[p];
    o2[k] = at;
    const len = offsets[j + 1] - offsets[j];
    copyWords(arena, from, offsets[j], a2, to, at, len);
    byteAt[p] = at + len;
  }
  // Partitions are laid out one after the other, so row k's bytes end where row k + 1's start.
  o2[m] = a2.length;
  return { rowAt, hashes: h2, classes: c2, offsets: o2, arena: a2 };
}

/**
 * `n` int32 in shared memory, zero, each page written once: what two threads' probe writes into (`byK`, the
 * predictions). Left to the probe, its first writes to each page were page faults of two threads at once into
 * one mapping: on the 10M-row peer (`podium score`, alternating) the probe took ~0.39 s against ~0.23 s after
 * these writes, which take ~12 ms an array on one thread.
 */
export function probeArray(n: number): Int32Array {
  const a = new Int32Array(new SharedArrayBuffer(n * 4));
  for (let i = 0; i < n; i += 1024) a[i] = 0;
  return a;
}

const alloc = (shared: boolean, bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));

/**
 * Probes partitions [p0, p1) with every part's rows of them: false at an unknown id or a key row
 * claimed twice (in a part's in-order range, or by an earlier probe). A probe writes its class + 1
 * to `byK` (one place per key id k, in the index's partition order, zeroed before; a k belongs to
 * one partition, so threads probing different partitions share it safely), and at the end the
 * classes go to `predictions` by key row in one pass over those ids: measured on the 10M-row peer
 * (one thread, all partitions), 0.96–1.22 s against 1.25–1.30 s with a byte per table slot and a
 * prediction written by key row at each probe, a cache miss each.
 */
export function probePartitions(index: PartitionedIndex, parts: JoinPart[], p0: number, p1: number, byK: Int32Array, predictions: Int32Array, classOf?: Int32Array): boolean {
  const { table, rows: keyRows, starts, bytes, partAt, width } = index;
  const mask = (1 << index.slotBits) - 1;
  const shift = 32 - index.slotBits;
  const ranges = Int32Array.from(parts.flatMap((p) => (p.end > p.first ? [p.first, p.end] : [])));
  const nRanges = ranges.length;
  const kv = viewOf(bytes);
  const views = parts.map((part) => viewOf(part.rows.arena));
  const slotsPer = table.length >>> 1 >>> index.partitionBits;
  let touched = 0;
  for (let p = p0; p < p1; p++) {
    // The partition's table slots, key bytes and byK places, read in order first: the prefetcher streams them into
    // cache, where the probes below would each wait on memory. On the 10M-row peer (one thread, every partition,
    // 4 runs each) the probes took 239–286 ms after this against 487–515 ms without it. Only where the probes are
    // dense (a row for every 8 ids or more): a file mostly in test order has few rows left to probe, and reading
    // every partition in for them made 1M rows in test order ~50% slower.
    const k0 = partAt[p];
    const k1 = partAt[p + 1];
    let probes = 0;
    for (let q = 0; q < parts.length; q++) probes += parts[q].rows.rowAt[p + 1] - parts[q].rows.rowAt[p];
    if (probes * 8 >= k1 - k0 && probes > 0) {
      for (let t = p * slotsPer * 2, end = (p + 1) * slotsPer * 2; t < end; t += 16) touched ^= table[t];
      for (let b = width > 0 ? k0 * width : starts[k0], end = width > 0 ? k1 * width : starts[k1]; b < end; b += 64) touched ^= bytes[b];
      if (width === 0) for (let k = k0; k < k1; k += 16) touched ^= starts[k];
      for (let k = k0; k < k1; k += 16) touched ^= byK[k];
      if (nRanges > 0) for (let k = k0; k < k1; k += 16) touched ^= keyRows[k];
    }
    for (let q = 0; q < parts.length; q++) {
      const { rowAt, hashes, classes, offsets, arena } = parts[q].rows;
      const av = views[q];
      for (let j = rowAt[p], last = rowAt[p + 1]; j < last; j++) {
        const h = hashes[j];
        const s = offsets[j];
        const e = offsets[j + 1];
        let slot = h >>> shift;
        for (;;) {
          const at = slot << 1;
          const held = table[at];
          if (held === 0) return false; // not a test id
          // With ids of one length, id k's bytes are at k * width: no read of `starts`, a cache miss less per probe. On the
          // 10M-row peer (one thread, all partitions, median of 6) the probe took ~650 ms this way, ~830 ms through `starts`
          // and ~1,020 ms through `starts` comparing byte by byte.
          if (table[at + 1] === h && (width > 0 ? e - s === width && sameWords(arena, av, s, bytes, kv, (held - 1) * width, width) : e - s === starts[held] - starts[held - 1] && sameWords(arena, av, s, bytes, kv, starts[held - 1], e - s))) {
            const k = held - 1;
            if (byK[k] !== 0) return false; // a repeat
            if (nRanges > 0) {
              const row = keyRows[k];
              for (let r = 0; r < nRanges; r += 2) if (row >= ranges[r] && row < ranges[r + 1]) return false; // a repeat of a row given in order
            }
            byK[k] = classes[j] + 1;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
    }
  }
  // `classOf`: the rows hold label codes (a parse made before the key: its labels in first-seen order), each mapped to its class here.
  for (let k = partAt[p0], end = partAt[p1]; k < end; k++) {
    const c = byK[k];
    if (c !== 0) predictions[keyRows[k]] = classOf ? classOf[c - 1] : c - 1;
  }
  warmed = touched; // kept, so the reads above are not dropped (xor: a sum left the int32 range and deoptimized the probe, --trace-deopt)
  return true;
}

let warmed = 0;
/** What the last probe's warming reads summed to (for nothing but keeping them). */
export const lastWarmed = () => warmed;
