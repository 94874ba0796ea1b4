import { describe, expect, it } from 'vitest';
import { pageSlices } from '../fixtures/page-slices';
import { idHash, partitionBitsFor } from '../partitioned-index';
import { BucketedRows } from './bucketed-rows';
import { scatterParsed } from './parsed-join';
import { FreeRows } from './parsed-labels';

const enc = new TextEncoder();
const n = 20_000;
// Ids of many lengths (1 to 40 bytes, some not ASCII), so rows and bytes per partition vary.
const values = Array.from({ length: n }, (_, i) => enc.encode(i % 97 === 0 ? `${'x'.repeat(i % 40)}${i}` : i % 13 === 0 ? `é${i}` : `id-${i * 7919}`));
const codes = Int32Array.from(values, (_, i) => i % 7);
const bytes = values.reduce((t, v) => t + v.length, 0);
const prefix = (a: Int32Array | Uint8Array, k: number) => Buffer.from(a.buffer, a.byteOffset, k * a.BYTES_PER_ELEMENT);

/** What scattering the rows kept in file order gives. */
function scattered() {
  const flat = new FreeRows();
  expect(flat.addSlices(pageSlices(values, 1000), codes, n)).toBe(true);
  return scatterParsed(flat.parsed('parquet', ['id', 'label'], true));
}

describe('BucketedRows', () => {
  const bits = partitionBitsFor(n);
  const want = scattered();

  it('lays rows out as scatterParsed does, from slices and from PLAIN pages', () => {
    expect(bits).toBe(2);
    const fromSlices = new BucketedRows(bits, n, bytes);
    // In three groups, as a file's row groups come.
    for (const [a, b] of [[0, 5000], [5000, 12000], [12000, n]]) expect(fromSlices.addSlices(pageSlices(values.slice(a, b), 700), codes.subarray(a, b), b - a)).toBe(true);
    const fromPages = new BucketedRows(bits, n, bytes);
    const pad = 3;
    const s = pageSlices(values, 900, pad);
    const pages = s.bufs.map((page, p) => ({ page, at: pad, count: Math.min(900, n - p * 900) }));
    expect(fromPages.addPlain(pages, codes)).toBe(true);
    for (const got of [fromSlices.finish()!, fromPages.finish()!]) {
      expect(got.m).toBe(n);
      expect(Array.from(got.rowAt)).toEqual(Array.from(want.rowAt));
      expect(prefix(got.hashes, n).equals(prefix(want.hashes, n))).toBe(true);
      expect(prefix(got.codes, n).equals(prefix(want.codes, n))).toBe(true);
      expect(prefix(got.offsets, n + 1).equals(prefix(want.offsets, n + 1))).toBe(true);
      expect(prefix(got.arena, bytes).equals(prefix(want.arena, bytes))).toBe(true);
    }
  });

  it('gives nothing at an empty id, a refused code, a value past its page, or a partition out of room', () => {
    const empty = [...values.slice(0, 10), new Uint8Array(0), ...values.slice(10, 100)];
    const a = new BucketedRows(bits, n, bytes);
    expect(a.addSlices(pageSlices(empty, 50), new Int32Array(empty.length), empty.length)).toBe(false);
    expect(a.finish()).toBeNull();
    const b = new BucketedRows(bits, n, bytes);
    expect(b.addSlices(pageSlices(values.slice(0, 100), 50), Int32Array.from({ length: 100 }, (_, i) => (i === 70 ? -1 : 0)), 100)).toBe(false);
    expect(b.finish()).toBeNull();
    const s = pageSlices(values.slice(0, 100), 100, 0);
    const c = new BucketedRows(bits, n, bytes);
    expect(c.addPlain([{ page: s.bufs[0].subarray(0, s.bufs[0].length - 2), at: 0, count: 100 }], new Int32Array(100))).toBe(false);
    expect(c.finish()).toBeNull();
    // Ids all in partition 0: more rows than its room (a quarter of n and 10% more).
    const crowded: Uint8Array[] = [];
    for (let i = 0; crowded.length < n / 2; i++) {
      const id = enc.encode(`crowd-${i}`);
      if (idHash(id, 0, id.length) >>> 30 === 0) crowded.push(id);
    }
    const d = new BucketedRows(bits, n, bytes);
    expect(d.addSlices(pageSlices(crowded, 1000), new Int32Array(crowded.length), crowded.length)).toBe(false);
    expect(d.finish()).toBeNull();
  });
});
