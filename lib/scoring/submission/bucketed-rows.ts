/**
 * A file's rows kept straight into their partitions as they are read (`podium score`'s parse thread:
 * parquet-labels.ts from the footer's row count, parsed-labels.ts from a CSV's first chunk): each
 * partition gets room for a little more than its share of rows and id bytes, and at the end the
 * partitions are moved together.
 * The result is what scattering the rows afterwards gives (parsed-join.ts `scatterParsed`: the same rows
 * in the same places, the arrays only longer), without that second pass over every row and its copy of
 * every array (on the 10M-row peer, ~0.3 s of the parse thread).
 *
 * A partition that runs out of room (ids crafted to share their hash's top bits, a CSV's count foretold
 * too low) sets `full`: the Parquet parse then gives up (the file is read the ordinary way), the CSV one
 * goes on in FreeRows (`adopt`); either way this only ever saves time.
 */
import { plainSlices, type ByteSlices, type PlainPage } from '@/lib/tables/parquet-byte-columns';
import { copyWords, viewOf } from '../byte-hash';
import { idFinish, idStep } from '../partitioned-index';

/** Rows by partition: partition p's rows are [rowAt[p], rowAt[p + 1]); row j's id is arena[offsets[j], offsets[j + 1]). */
export type PartitionedRows = { bits: number; m: number; rowAt: Int32Array; hashes: Int32Array; codes: Int32Array; offsets: Int32Array; arena: Uint8Array };

const shared = (bytes: number) => new SharedArrayBuffer(bytes);

export class BucketedRows {
  private readonly parts: number;
  /** Rows and id bytes a partition has room for. */
  private readonly cap: number;
  private readonly capBytes: number;
  private readonly count: Int32Array;
  private readonly used: Int32Array;
  private readonly hashes: Int32Array;
  private readonly codes: Int32Array;
  private readonly offsets: Int32Array;
  private readonly arena: Uint8Array;
  private readonly av: DataView;
  /** False once a row was refused (an empty id, a refused code, a value not whole in its page) or a partition was full. */
  ok = true;
  /** True once a partition had no room for a row (not a refusal: the rows kept so far are good). */
  full = false;

  /** `rows` and `bytes` (the ids' bytes, at most) as the footer says; `bits` the partition bits of that many key rows. */
  constructor(
    private readonly bits: number,
    rows: number,
    bytes: number,
  ) {
    this.parts = 1 << bits;
    // A partition's share and 10% more (its rows vary by about the square root of the share), and a little room for small files.
    this.cap = Math.ceil((rows / this.parts) * 1.1) + 64;
    this.capBytes = Math.ceil((bytes / this.parts) * 1.1) + 4096;
    this.count = new Int32Array(this.parts);
    this.used = new Int32Array(this.parts);
    // One place more per partition: the end of its last row's id.
    this.hashes = new Int32Array(shared(this.parts * (this.cap + 1) * 4));
    this.codes = new Int32Array(shared(this.parts * (this.cap + 1) * 4));
    this.offsets = new Int32Array(shared((this.parts * (this.cap + 1) + 1) * 4));
    this.arena = new Uint8Array(shared(this.parts * this.capBytes));
    this.av = viewOf(this.arena);
  }

  /** One row: its id is buf[s, s + len) (`bv` buf's view), its label code c; false when refused or its partition is full. */
  put(buf: Uint8Array, bv: DataView, s: number, len: number, c: number): boolean {
    if (c < 0 || len === 0) return false;
    let h = 0;
    let t = 0;
    for (; t + 4 <= len; t += 4) h = idStep(h, bv.getInt32(s + t, true));
    h = idFinish(h, buf, s + t, s + len, len);
    const p = this.bits > 0 ? h >>> (32 - this.bits) : 0;
    const n = this.count[p];
    const u = this.used[p];
    if (n === this.cap || u + len > this.capBytes) return !(this.full = true);
    const j = p * (this.cap + 1) + n;
    const at = p * this.capBytes + u;
    copyWords(buf, bv, s, this.arena, this.av, at, len);
    this.hashes[j] = h;
    this.codes[j] = c;
    this.offsets[j] = at;
    this.offsets[j + 1] = at + len;
    this.count[p] = n + 1;
    this.used[p] = u + len;
    return true;
  }

  /** A group's rows from their id slices and codes (FreeRows.addSlices' rows). */
  addSlices(ids: ByteSlices, codes: Int32Array, rows: number): boolean {
    if (this.ok) this.ok = this.putSlices(ids, codes, 0, rows) === rows;
    return this.ok;
  }

  /** Rows [from, rows) of a group, as `put` takes them; the first row not kept (rows when all were), `full` set if its partition had no room. */
  putSlices(ids: ByteSlices, codes: Int32Array, from: number, rows: number): number {
    const { bufs, bufOf, starts, ends } = ids;
    let page = -1;
    let buf = bufs[0];
    let bv = viewOf(buf);
    let i = from;
    for (; i < rows; i++) {
      if (bufOf[i] !== page) {
        page = bufOf[i];
        buf = bufs[page];
        bv = viewOf(buf);
      }
      if (!this.put(buf, bv, starts[i], ends[i] - starts[i], codes[i])) break;
    }
    return i;
  }

  /** A group's rows from its PLAIN id pages, their places found once per chunk (plainSlices) into arrays kept for the next. */
  addPlain(pages: PlainPage[], codes: Int32Array): boolean {
    const places = plainSlices(pages, this.places);
    if (!places) return (this.ok = false);
    this.places = places;
    return this.addSlices(places, codes, pages.reduce((t, p) => t + p.count, 0));
  }

  private places: ByteSlices | null = null;

  /** The partitions moved together (each in place, in order), or null when a row was refused. */
  finish(): PartitionedRows | null {
    return this.ok ? this.compacted() : null;
  }

  /** The rows kept so far, their partitions moved together (also after a partition was full: FreeRows.adopt goes on from them). */
  compacted(): PartitionedRows {
    const { parts, cap, capBytes, count, used, hashes, codes, offsets, arena, bits } = this;
    const rowAt = new Int32Array(shared((parts + 1) * 4));
    let m = 0;
    let bytes = 0;
    for (let p = 0; p < parts; p++) {
      const n = count[p];
      const from = p * (cap + 1);
      const fromByte = p * capBytes;
      rowAt[p] = m;
      // Partition p moves down (m <= from, bytes <= fromByte), so each copy reads before it overwrites.
      if (from !== m) {
        hashes.copyWithin(m, from, from + n);
        codes.copyWithin(m, from, from + n);
      }
      const shift = bytes - fromByte;
      for (let i = 0; i < n; i++) offsets[m + i] = offsets[from + i] + shift;
      if (fromByte !== bytes) arena.copyWithin(bytes, fromByte, fromByte + used[p]);
      m += n;
      bytes += used[p];
    }
    rowAt[parts] = m;
    offsets[m] = bytes;
    return { bits, m, rowAt, hashes, codes, offsets, arena };
  }
}
