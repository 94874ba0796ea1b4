/**
 * The fast path of an `id,label` submission: ids joined to the key without per-row
 * state lookups in file order. Rows that come in the key's order are matched on the spot
 * (a byte comparison with the next key row). From the first row out of order, rows are
 * kept as (hash, class, id bytes), scattered by the top bits of the hash and probed one
 * partition of the key's table at a time (partitioned-index.ts, partition-probe.ts), so the probes stay in cache.
 *
 * It answers only "the file is valid, here are the predictions" or "not sure" (null): any
 * unknown, repeated or missing id, and anything the readers would not accept as-is, sends
 * the file to the row-by-row validator (SubmissionRows), which names the rule, the row and
 * the value exactly as before. So the fast path changes no message and no number.
 *
 * A file can also be joined in parts, one per thread (join-parallel.ts): each part is a
 * PredictionJoin whose in-order run starts at the key row of its first id (`findFirst`),
 * writing into one shared predictions array; `part(true)` gives its in-order range and its
 * scattered rows in shared memory, and probePartitions runs over every part's rows of a
 * range of partitions, so each thread probes its own partitions and a repeat is found
 * whichever parts its two copies came in.
 */
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex, sliceEquals, viewOf, type ByteColumn } from '../byte-hash';
import { where } from '@/lib/tables/where';
import { layoutFromHeader } from './layout';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import type { ParsedLabels } from './parsed-labels';
import { idHash, partitionedIndex } from '../partitioned-index';
import { keepSlices } from './kept-rows';
import { BucketedRows } from './bucketed-rows';
import { probePartitions, scatter, type JoinPart } from './partition-probe';

const NONE = new Uint8Array(0);

export class PredictionJoin {
  /** Predicted class per key row. */
  readonly predictions: Int32Array;
  private readonly n: number;
  private readonly col: ByteColumn;
  private readonly keyBytes: Uint8Array;
  private readonly keyOffsets: Uint32Array;
  /** The in-order run starts at the key row of the first id (a part after the first), not at row 0. */
  private findFirst: boolean;
  /** Rows [first, expect) of the key were matched in order. */
  private first = 0;
  private expect = 0;
  private inOrder = true;
  /** Rows kept for the partitioned join: by partition as they come (`buckets`), or, once a partition had no room, in the arrays below. */
  private m = 0;
  private buckets: BucketedRows | null = null;
  private left = 0;
  /** The last buffer a row came in and its view (never null: a field that changes type deoptimizes the loops that read it). */
  private buf: Uint8Array = NONE;
  private view: DataView = viewOf(NONE);
  private hashes: Int32Array = new Int32Array(0);
  private classes: Int32Array = new Int32Array(0);
  private offsets: Int32Array = new Int32Array(1);
  private arena: Uint8Array = new Uint8Array(0);

  constructor(key: AnswerKey, options: { predictions?: Int32Array; findFirst?: boolean } = {}) {
    this.n = key.n;
    this.predictions = options.predictions ?? new Int32Array(key.n);
    this.findFirst = options.findFirst ?? false;
    this.col = key.idColumns[0];
    this.keyBytes = key.idColumns[0].bytes;
    this.keyOffsets = key.idColumns[0].offsets;
  }

  /** One row: id bytes and class index. False = the validator must read this file. */
  add(buf: Uint8Array, s: number, e: number, c: number): boolean {
    if (e === s) return false;
    if (this.inOrder) {
      if (this.findFirst) {
        this.findFirst = false;
        const r = partitionedIndex(this.col).find(buf, s, e);
        if (r >= 0) this.first = this.expect = r;
      }
      const r = this.expect;
      if (r < this.n && sliceEquals(buf, s, e, this.keyBytes, this.keyOffsets[r], this.keyOffsets[r + 1])) {
        this.predictions[r] = c;
        this.expect = r + 1;
        return true;
      }
      this.inOrder = false;
      this.start();
    }
    if (this.buckets) {
      if (this.m >= this.left) return false; // more rows than key rows left: a repeat or an unknown id
      if (buf !== this.buf) {
        this.buf = buf;
        this.view = viewOf(buf);
      }
      if (this.buckets.put(buf, this.view, s, e - s, c)) {
        this.m++;
        return true;
      }
      if (!this.buckets.full) return false;
      this.adopt();
    }
    const j = this.m;
    if (j >= this.hashes.length) return false; // more rows than key rows left: a repeat or an unknown id
    let used = this.offsets[j];
    if (used + (e - s) > this.arena.length) this.growArena(used + (e - s));
    const arena = this.arena;
    for (let i = s; i < e; i++) arena[used++] = buf[i];
    this.hashes[j] = idHash(buf, s, e);
    this.classes[j] = c;
    this.offsets[j + 1] = used;
    this.m = j + 1;
    return true;
  }

  /**
   * Rows [0, rows) of a Parquet group (`ids` its id slices, `codes` its label codes, -1 = refused), as
   * `add` would take them one by one; false at the first row it refuses. Rows in the key's order go
   * through `add`; from the first row out of order, the rest are kept in one loop (kept-rows.ts).
   */
  addSlices(ids: ByteSlices, codes: Int32Array, rows: number): boolean {
    const { bufs, bufOf, starts, ends } = ids;
    let i = 0;
    for (; i < rows && this.inOrder; i++) {
      const c = codes[i];
      if (c < 0 || !this.add(bufs[bufOf[i]], starts[i], ends[i], c)) return false;
    }
    if (i === rows) return true;
    if (this.buckets) {
      if (this.m + (rows - i) > this.left) return false; // more rows than key rows left: a repeat or an unknown id
      const stop = this.buckets.putSlices(ids, codes, i, rows);
      this.m += stop - i;
      if (stop === rows) return true;
      if (!this.buckets.full) return false; // an empty id or a refused code
      this.adopt();
      i = stop;
    }
    if (this.m + (rows - i) > this.hashes.length) return false; // more rows than key rows left: a repeat or an unknown id
    const kept = { hashes: this.hashes, classes: this.classes, offsets: this.offsets, arena: this.arena };
    const r = keepSlices(ids, codes, i, rows, this.m, kept, (need, j) => {
      this.m = j;
      this.growArena(need);
      return this.arena;
    });
    this.m = r < 0 ? -1 - r : r;
    return r >= 0;
  }

  /**
   * A file parsed before the key existed (parsed-labels.ts), or null when its header or a
   * label is not what the key expects (the validator then reads the file).
   */
  static fromParsed(key: AnswerKey, parsed: ParsedLabels): PredictionJoin | null {
    const classOf = PredictionJoin.parsedClasses(key, parsed);
    if (!classOf) return null;
    // Class numbers into a new array: `parsed` stays as it was, so it can be joined again (another key, a retry).
    const codes = new Int32Array(parsed.m);
    for (let j = 0; j < parsed.m; j++) codes[j] = classOf[parsed.codes[j]];
    const join = new PredictionJoin(key);
    join.inOrder = false;
    join.m = parsed.m;
    join.hashes = parsed.hashes;
    join.classes = codes;
    join.offsets = parsed.offsets;
    join.arena = parsed.arena;
    return join;
  }

  /**
   * What fromParsed checks before joining (the header, the labels, the row count), without the join:
   * each parsed label's class, or null.
   */
  static parsedClasses(key: AnswerKey, parsed: Pick<ParsedLabels, 'm' | 'names' | 'idFirst' | 'labels'>): number[] | null {
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
    return classOf.some((c) => c < 0) ? null : classOf;
  }

  /**
   * From the first row out of order, rows go straight into their partitions (bucketed-rows.ts): no second
   * pass to scatter them and no copy of every array. At most one row per key row not matched in order; ids
   * as long as the key's, and a little room for the unexpected.
   */
  private start(): void {
    this.left = this.n - (this.expect - this.first);
    const bytes = this.keyBytes.length - (this.keyOffsets[this.expect] - this.keyOffsets[this.first]) + 1024;
    this.buckets = new BucketedRows(partitionedIndex(this.col).partitionBits, this.left, bytes);
  }

  /** A partition had no room (ids crafted to share their hash's top bits, or longer than the key's): the rest go on after the rows so far, scattered at the end. */
  private adopt(): void {
    const rows = this.buckets!.compacted();
    this.buckets = null;
    this.hashes = rows.hashes;
    this.classes = rows.codes;
    this.offsets = rows.offsets;
    this.arena = rows.arena;
    // Room for every row left (each partition had 10% more than its share), checked before each add as for any arrays.
  }

  private growArena(need: number): void {
    const bigger = new Uint8Array(Math.max(need, this.arena.length * 2));
    bigger.set(this.arena.subarray(0, this.offsets[this.m]));
    this.arena = bigger;
  }

  /** The predictions when every key row got exactly one row, else null. */
  finish(): Int32Array | null {
    if (this.expect - this.first + this.m !== this.n) return null;
    if (this.m === 0) return this.predictions;
    const index = partitionedIndex(this.col);
    const part = this.part(false);
    return probePartitions(index, [part], 0, 1 << index.partitionBits, new Int32Array(this.n), this.predictions) ? this.predictions : null;
  }

  /** This part's in-order range and its other rows scattered by partition (into shared memory when `shared`, for other threads). */
  part(shared: boolean): JoinPart {
    const bits = partitionedIndex(this.col).partitionBits;
    const { m } = this;
    if (this.buckets) {
      const { rowAt, hashes, codes, offsets, arena } = this.buckets.compacted();
      return { first: this.first, end: this.expect, m, rows: { rowAt, hashes, classes: codes, offsets, arena } };
    }
    const rows = scatter(bits, m, this.hashes, this.classes, this.offsets, this.arena, shared);
    return { first: this.first, end: this.expect, m, rows };
  }
}
