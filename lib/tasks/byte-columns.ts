/**
 * Building blocks of the offline scorer's answer key: id values gathered as UTF-8 bytes
 * (no JS string per row), stored as the import path stores them. The class labels' small
 * dictionary is byte-dictionary.ts.
 */
import { sliceEquals, viewOf, type ByteColumn } from '@/lib/scoring/byte-hash';
import type { ByteSlices, PlainPage } from '@/lib/tables/parquet-byte-columns';

const utf8 = new TextDecoder();
const enc = new TextEncoder();

/**
 * The bytes the import path would store for a value: it decodes files with a non-fatal
 * TextDecoder (an invalid sequence becomes U+FFFD) and encodes the string again. Only
 * values with a byte ≥ 0x80 can differ, so only those pay for the round trip.
 */
export function normalizedUtf8(buf: Uint8Array, s: number, e: number): Uint8Array {
  return enc.encode(utf8.decode(buf.subarray(s, e)));
}

/**
 * `buf[s, e)` as the import path stores it when that can differ from the raw bytes
 * (a byte ≥ 0x80 in an invalid sequence), else null. For slow paths only: callers
 * compare raw bytes first and retry with this when they find no match.
 */
export function utf8Repaired(buf: Uint8Array, s: number, e: number): Uint8Array | null {
  let high = 0;
  for (let i = s; i < e; i++) high |= buf[i];
  if (!(high & 0x80)) return null;
  const fixed = normalizedUtf8(buf, s, e);
  return sliceEqualsWhole(fixed, buf, s, e) ? null : fixed;
}

function sliceEqualsWhole(a: Uint8Array, buf: Uint8Array, s: number, e: number): boolean {
  return sliceEquals(a, 0, a.length, buf, s, e);
}

/**
 * Copies buf[s, s + len) to out[at, …) four bytes at a time through DataViews (`bv`, `ov`: unaligned reads and
 * writes; ~2.5× the byte loop on 8-byte ids), returning the OR of the words read: a byte ≥ 0x80 shows in 0x80808080.
 */
function copyHigh(buf: Uint8Array, bv: DataView, s: number, out: Uint8Array, ov: DataView, at: number, len: number): number {
  let high = 0;
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const w = bv.getInt32(s + j, true);
    high |= w;
    ov.setInt32(at + j, w, true);
  }
  for (; j < len; j++) {
    const x = buf[s + j];
    high |= x;
    out[at + j] = x;
  }
  return high;
}

/** Appends values one by one into concatenated bytes + offsets, grown by doubling. */
export class ByteColumnBuilder {
  private bytes: Uint8Array;
  private offsets: Uint32Array;
  n = 0;
  private used = 0;

  /** `shared`: the arrays live in shared memory from the start, so finishShared copies nothing. */
  constructor(expectedRows = 1024, bytesPerRow = 16, private readonly shared = false) {
    this.offsets = this.u32(expectedRows + 1);
    this.bytes = this.u8(expectedRows * bytesPerRow);
  }

  append(buf: Uint8Array, s: number, e: number): void {
    const len = e - s;
    if (this.used + len > this.bytes.length) this.growBytes(len);
    if (this.n + 2 > this.offsets.length) {
      const bigger = this.u32(this.offsets.length * 2);
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    const out = this.bytes;
    let at = this.used;
    let high = 0;
    for (let i = s; i < e; i++) {
      const b = buf[i];
      high |= b;
      out[at++] = b;
    }
    if (high & 0x80) {
      const fixed = normalizedUtf8(buf, s, e);
      if (this.used + fixed.length > this.bytes.length) this.growBytes(fixed.length);
      this.bytes.set(fixed, this.used);
      at = this.used + fixed.length;
    }
    this.used = at;
    this.offsets[++this.n] = at;
  }

  /**
   * Appends values [from, to) of a Parquet chunk's page slices, stopping before the first empty
   * one: returns its index, else `to`. The same bytes as `append` value by value, without a call per value.
   */
  appendSlices(s: ByteSlices, from: number, to: number): number {
    if (this.n + (to - from) + 1 > this.offsets.length) {
      const bigger = this.u32(Math.max(this.offsets.length * 2, this.n + (to - from) + 1));
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    const { bufs, bufOf, starts, ends } = s;
    const offsets = this.offsets;
    let out = this.bytes;
    let ov = viewOf(out);
    let at = this.used;
    let n = this.n;
    let b = -1;
    let buf = out;
    let bv = ov;
    let i = from;
    for (; i < to; i++) {
      const st = starts[i];
      const len = ends[i] - st;
      if (len === 0) break;
      if (at + len > out.length) {
        this.used = at;
        this.growBytes(len);
        out = this.bytes;
        ov = viewOf(out);
      }
      if (bufOf[i] !== b) {
        b = bufOf[i];
        buf = bufs[b];
        bv = viewOf(buf);
      }
      if (copyHigh(buf, bv, st, out, ov, at, len) & 0x80808080) {
        // Rare: a byte ≥ 0x80, stored as append would.
        this.used = at;
        this.n = n;
        this.append(buf, st, st + len);
        out = this.bytes;
        ov = viewOf(out);
        at = this.used;
        n = this.n;
        continue;
      }
      at += len;
      offsets[++n] = at;
    }
    this.used = at;
    this.n = n;
    return i;
  }

  /**
   * Appends every value of a chunk's PLAIN pages, as appendSlices would, when each one is whole in its
   * page and none is empty; else appends nothing and returns false (the caller reads the chunk the
   * ordinary way, which names the row). No slices are made, as decodeByteArrayChunk makes them.
   */
  appendPlainPages(pages: PlainPage[]): boolean {
    let rows = 0;
    for (const p of pages) rows += p.count;
    if (this.n + rows + 1 > this.offsets.length) {
      const bigger = this.u32(Math.max(this.offsets.length * 2, this.n + rows + 1));
      bigger.set(this.offsets);
      this.offsets = bigger;
    }
    const n0 = this.n;
    const used0 = this.used;
    // One pass over each page: a value's length, its bytes copied four at a time, its end offset. Finding the places
    // first (plainSlices) and copying them after was two passes and two arrays: on the 10M-row peer's test ids
    // (`podium score`'s CPU profile), ~310 ms of samples against ~180 ms this way, most of it now the first writes
    // to the column's fresh memory.
    let out = this.bytes;
    let ov = viewOf(out);
    let at = this.used;
    let n = n0;
    const offsets = this.offsets;
    for (const { page, at: first, count } of pages) {
      const pv = viewOf(page);
      const size = page.length;
      let p = first;
      for (let v = 0; v < count; v++) {
        if (p + 4 > size) return this.undo(n0, used0);
        const len = pv.getUint32(p, true);
        p += 4;
        if (len === 0 || p + len > size) return this.undo(n0, used0);
        if (at + len > out.length) {
          this.used = at;
          this.growBytes(len);
          out = this.bytes;
          ov = viewOf(out);
        }
        if (copyHigh(page, pv, p, out, ov, at, len) & 0x80808080) {
          // Rare: a byte ≥ 0x80, stored as append would.
          this.used = at;
          this.n = n;
          this.append(page, p, p + len);
          out = this.bytes;
          ov = viewOf(out);
          at = this.used;
          n = this.n;
        } else {
          at += len;
          offsets[++n] = at;
        }
        p += len;
      }
    }
    this.used = at;
    this.n = n;
    return true;
  }

  /** appendPlainPages refused a chunk: nothing of it stays. */
  private undo(n: number, used: number): false {
    this.n = n;
    this.used = used;
    return false;
  }

  /**
   * Makes room for about `rows` values of `bytes` bytes in all (an estimate: appends past it
   * still grow by doubling), so a large column is not copied at each doubling. Never shrinks.
   */
  reserve(rows: number, bytes: number): void {
    if (rows + 1 > this.offsets.length) {
      const bigger = this.u32(rows + 1);
      bigger.set(this.offsets.subarray(0, this.n + 1));
      this.offsets = bigger;
    }
    if (bytes > this.bytes.length) {
      const bigger = this.u8(bytes);
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
  }

  /**
   * After `fraction` (0–1] of the input was read: reserves what the values so far, scaled up,
   * will need (+3%), so the size follows the id column's own bytes whatever else the file holds.
   */
  expect(fraction: number): void {
    if (fraction <= 0 || fraction >= 1 || this.n === 0) return;
    const scale = 1.03 / fraction;
    this.reserve(Math.ceil(this.n * scale) + 1024, Math.ceil(this.used * scale) + 16384);
  }

  private u8(n: number): Uint8Array {
    return new Uint8Array(this.shared ? new SharedArrayBuffer(n) : new ArrayBuffer(n));
  }

  private u32(n: number): Uint32Array {
    return new Uint32Array(this.shared ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));
  }

  private growBytes(need: number): void {
    const bigger = this.u8(Math.max(this.bytes.length * 2, this.used + need * 2));
    bigger.set(this.bytes.subarray(0, this.used));
    this.bytes = bigger;
  }

  /** Views of the values so far, valid until the next append. */
  view(): ByteColumn {
    return { bytes: this.bytes.subarray(0, this.used), offsets: this.offsets.subarray(0, this.n + 1) };
  }

  /**
   * The values as exactly sized views (the serialized key holds `bytes.length` bytes). Views,
   * not copies: at 10M ids a copy costs ~0.1 s, the spare capacity kept alive less than 2×.
   */
  finish(): ByteColumn {
    return this.view();
  }

  /** The values in shared memory (copied there unless built `shared`), for another thread to read (the id index built elsewhere, scoring-key.ts). */
  finishShared(): ByteColumn {
    if (this.shared) return this.view();
    const bytes = new Uint8Array(new SharedArrayBuffer(this.used));
    bytes.set(this.bytes.subarray(0, this.used));
    const offsets = new Uint32Array(new SharedArrayBuffer((this.n + 1) * 4));
    offsets.set(this.offsets.subarray(0, this.n + 1));
    return { bytes, offsets };
  }
}
