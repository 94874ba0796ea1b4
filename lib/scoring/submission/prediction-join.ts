/**
 * The fast path of an `id,label` submission: ids joined to the key without per-row
 * state lookups in file order. Rows that come in the key's order are matched on the spot
 * (a byte comparison with the next key row). From the first row out of order, rows are
 * kept as (hash, class, id bytes), scattered by the top bits of the hash and probed one
 * partition of the key's table at a time (partitioned-index.ts), so the probes stay in cache.
 *
 * It answers only "the file is valid, here are the predictions" or "not sure" (null): any
 * unknown, repeated or missing id, and anything the readers would not accept as-is, sends
 * the file to the row-by-row validator (SubmissionRows), which names the rule, the row and
 * the value exactly as before. So the fast path changes no message and no number.
 */
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex, sliceEquals, type ByteColumn } from '../byte-hash';
import { where } from '../where';
import { layoutFromHeader } from './layout';
import type { ParsedLabels } from './parsed-labels';
import { partitionedIndex } from '../partitioned-index';

export class PredictionJoin {
  /** Predicted class per key row. */
  readonly predictions: Int32Array;
  private readonly n: number;
  private readonly col: ByteColumn;
  private readonly keyBytes: Uint8Array;
  private readonly keyOffsets: Uint32Array;
  /** Rows [0, expect) of the key were matched in order. */
  private expect = 0;
  private inOrder = true;
  /** Rows kept for the partitioned join. */
  private m = 0;
  private hashes: Int32Array = new Int32Array(0);
  private classes: Int32Array = new Int32Array(0);
  private offsets: Int32Array = new Int32Array(1);
  private arena: Uint8Array = new Uint8Array(0);

  constructor(key: AnswerKey) {
    this.n = key.n;
    this.predictions = new Int32Array(key.n);
    this.col = key.idColumns[0];
    this.keyBytes = key.idColumns[0].bytes;
    this.keyOffsets = key.idColumns[0].offsets;
  }

  /** One row: id bytes and class index. False = the validator must read this file. */
  add(buf: Uint8Array, s: number, e: number, c: number): boolean {
    if (e === s) return false;
    if (this.inOrder) {
      const r = this.expect;
      if (r < this.n && sliceEquals(buf, s, e, this.keyBytes, this.keyOffsets[r], this.keyOffsets[r + 1])) {
        this.predictions[r] = c;
        this.expect = r + 1;
        return true;
      }
      this.inOrder = false;
      this.start();
    }
    const j = this.m;
    if (j >= this.hashes.length) return false; // more rows than key rows left: a repeat or an unknown id
    let used = this.offsets[j];
    if (used + (e - s) > this.arena.length) this.growArena(used + (e - s));
    const arena = this.arena;
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) {
      const b = buf[i];
      arena[used++] = b;
      h = Math.imul(h ^ b, 0x01000193);
    }
    this.hashes[j] = finish(h);
    this.classes[j] = c;
    this.offsets[j + 1] = used;
    this.m = j + 1;
    return true;
  }

  /**
   * A file parsed before the key existed (parsed-labels.ts), or null when its header or a
   * label is not what the key expects (the validator then reads the file).
   */
  static fromParsed(key: AnswerKey, parsed: ParsedLabels): PredictionJoin | null {
    if (key.kind !== 'classification' || key.idColumns.length !== 1 || parsed.m !== key.n) return null;
    let layout;
    try {
      layout = layoutFromHeader(key, parsed.names, where(0, 1));
    } catch {
      return null;
    }
    if (layout.mode !== 'labels' || layout.nCols !== 2 || (layout.id === 0) !== parsed.idFirst) return null;
    const classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
    const classOf = parsed.labels.map((l) => classIndex.find1(l, 0, l.length));
    if (classOf.some((c) => c < 0)) return null;
    const codes = parsed.codes;
    for (let j = 0; j < parsed.m; j++) codes[j] = classOf[codes[j]];
    const join = new PredictionJoin(key);
    join.inOrder = false;
    join.m = parsed.m;
    join.hashes = parsed.hashes;
    join.classes = codes;
    join.offsets = parsed.offsets;
    join.arena = parsed.arena;
    return join;
  }

  private start(): void {
    const left = this.n - this.expect;
    this.hashes = new Int32Array(left);
    this.classes = new Int32Array(left);
    this.offsets = new Int32Array(left + 1);
    // Ids as long as the key's, and a little room for the unexpected.
    this.arena = new Uint8Array(this.keyBytes.length - this.keyOffsets[this.expect] + 1024);
  }

  private growArena(need: number): void {
    const bigger = new Uint8Array(Math.max(need, this.arena.length * 2));
    bigger.set(this.arena.subarray(0, this.offsets[this.m]));
    this.arena = bigger;
  }

  /** The predictions when every key row got exactly one row, else null. */
  finish(): Int32Array | null {
    const m = this.m;
    if (this.expect + m !== this.n) return null;
    if (m === 0) return this.predictions;
    const index = partitionedIndex(this.col);
    const bits = index.partitionBits;
    let hashes = this.hashes.subarray(0, m);
    let classes = this.classes.subarray(0, m);
    let offsets = this.offsets;
    let arena = this.arena;
    if (bits > 0) {
      // Scatter by partition: rows, then bytes, each partition contiguous.
      const parts = 1 << bits;
      const shift = 32 - bits;
      const rowAt = new Int32Array(parts + 1);
      const byteAt = new Int32Array(parts + 1);
      for (let j = 0; j < m; j++) {
        const p = (hashes[j] >>> shift) + 1;
        rowAt[p]++;
        byteAt[p] += offsets[j + 1] - offsets[j];
      }
      for (let p = 0; p < parts; p++) {
        rowAt[p + 1] += rowAt[p];
        byteAt[p + 1] += byteAt[p];
      }
      const h2 = new Int32Array(m);
      const c2 = new Int32Array(m);
      const starts = new Int32Array(m);
      const a2 = new Uint8Array(offsets[m]);
      for (let j = 0; j < m; j++) {
        const h = hashes[j];
        const p = h >>> shift;
        const k = rowAt[p]++;
        h2[k] = h;
        c2[k] = classes[j];
        let at = byteAt[p];
        starts[k] = at;
        for (let b = offsets[j], e = offsets[j + 1]; b < e; b++) a2[at++] = arena[b];
        byteAt[p] = at;
      }
      // Partitions are laid out one after the other, so row k's bytes end where row k + 1's start.
      const o2 = new Int32Array(m + 1);
      o2.set(starts);
      o2[m] = a2.length;
      hashes = h2;
      classes = c2;
      offsets = o2;
      arena = a2;
    }
    return this.probe(index, hashes, classes, offsets, arena) ? this.predictions : null;
  }

  private probe(index: ReturnType<typeof partitionedIndex>, hashes: Int32Array, classes: Int32Array, offsets: Int32Array, arena: Uint8Array): boolean {
    const { table, bytes } = index;
    const cap = 1 << index.slotBits;
    const mask = cap - 1;
    const shift = 32 - index.slotBits;
    const claimed = new Uint8Array(cap);
    const predictions = this.predictions;
    const inOrder = this.expect;
    for (let j = 0; j < this.m; j++) {
      const h = hashes[j];
      const s = offsets[j];
      const e = offsets[j + 1];
      let slot = h >>> shift;
      for (;;) {
        const at = slot << 2;
        const row = table[at];
        if (row === -1) return false; // not a test id
        if (table[at + 1] === h && sameBytes(arena, s, e, bytes, table[at + 2], table[at + 3])) {
          if (row < inOrder || claimed[slot] !== 0) return false; // a repeat
          claimed[slot] = 1;
          predictions[row] = classes[j];
          break;
        }
        slot = (slot + 1) & mask;
      }
    }
    return true;
  }
}

/** sliceEquals, written out here so the probe loop does not call out per row. */
function sameBytes(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = as, j = bs; i < ae; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

/** = idHash's end (FNV state → the column separator → the mixer), inlined in add's byte loop. */
function finish(h: number): number {
  h = Math.imul(h ^ 0x1f, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}
