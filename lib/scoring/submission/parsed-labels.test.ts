/**
 * FreeRows.addSlices (a Parquet group's rows in one loop, ids copied and hashed four bytes at
 * a time) against FreeRows.add row by row: the same hashes, codes, offsets and bytes, for ids
 * of every length from 1 to 11 bytes, non-ASCII ones, across pages and past the arrays' first size.
 */
import { describe, expect, it } from 'vitest';
import { pageSlices } from '../fixtures/page-slices';
import { idHash } from '../partitioned-index';
import { FreeRows, parseLabelsCsv } from './parsed-labels';
import { scatterParsed, type ScatteredParse } from './parsed-join';

const enc = new TextEncoder();

const slices = (values: Uint8Array[]) => pageSlices(values, 7, 3);

describe('FreeRows.addSlices', () => {
  const values = Array.from({ length: 1500 }, (_, i) => enc.encode(i % 50 === 0 ? `é${i}` : 'abcdefghijk'.slice(0, 1 + (i % 11)) + (i % 7)));
  const codes = Int32Array.from(values, (_, i) => i % 5);

  it('takes a group as add takes its rows one by one', () => {
    const one = new FreeRows(4, 8);
    values.forEach((v, i) => expect(one.add(v, 0, v.length, codes[i])).toBe(true));
    const run = new FreeRows(4, 8);
    const s = slices(values);
    expect(run.addSlices(s, codes, 700)).toBe(true);
    // The next group starts at row 0 of its own slices.
    const rest = slices(values.slice(700));
    expect(run.addSlices(rest, codes.subarray(700), values.length - 700)).toBe(true);
    const [a, b] = [one.parsed('parquet', ['id', 'label'], true), run.parsed('parquet', ['id', 'label'], true)];
    expect(b.m).toBe(a.m);
    expect(Array.from(b.hashes.subarray(0, b.m))).toEqual(Array.from(a.hashes.subarray(0, a.m)));
    expect(Array.from(b.codes.subarray(0, b.m))).toEqual(Array.from(a.codes.subarray(0, a.m)));
    expect(Array.from(b.offsets.subarray(0, b.m + 1))).toEqual(Array.from(a.offsets.subarray(0, a.m + 1)));
    expect(Buffer.from(b.arena.subarray(0, b.offsets[b.m])).equals(Buffer.from(a.arena.subarray(0, a.offsets[a.m])))).toBe(true);
    // The hash is the one the key's index uses.
    expect(b.hashes[1234]).toBe(idHash(values[1234], 0, values[1234].length));
  });

  it('is not sure at an empty id or a refused label, keeping the rows before it', () => {
    const withEmpty = [...values.slice(0, 10), new Uint8Array(0), ...values.slice(10, 20)];
    const rows = new FreeRows();
    expect(rows.addSlices(slices(withEmpty), codes, withEmpty.length)).toBe(false);
    expect(rows.m).toBe(10);
    const refused = new FreeRows();
    const c = codes.slice(0, 20);
    c[15] = -1;
    expect(refused.addSlices(slices(values.slice(0, 20)), c, 20)).toBe(false);
    expect(refused.m).toBe(15);
  });
});

describe('FreeRows.row', () => {
  it('codes labels in first-seen order, also labels that share their length and last bytes (one cache place)', () => {
    const labels = ['xb1', 'yb1', 'xb1', 'b1', 'zzb1', 'yb1', 'é1', 'ç1', 'b1'];
    const rows = new FreeRows();
    const line = (i: number) => enc.encode(`id${i},${labels[i]}`);
    labels.forEach((l, i) => {
      const b = line(i);
      const comma = b.indexOf(0x2c);
      expect(rows.row(b, 0, comma, comma + 1, b.length)).toBe(true);
    });
    const parsed = rows.parsed('csv', ['id', 'label'], true);
    const firstSeen = [...new Set(labels)];
    expect(Array.from(parsed.codes.subarray(0, labels.length))).toEqual(labels.map((l) => firstSeen.indexOf(l)));
    expect(parsed.labels.map((b) => new TextDecoder().decode(b))).toEqual(firstSeen);
  });
});

describe('parseLabelsCsv by partition (a size given: the parse thread)', () => {
  /** A CSV's bytes in chunks of `chunk` bytes. */
  async function* chunked(text: string, chunk: number) {
    const b = enc.encode(text);
    for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
  }
  const prefix = (a: Int32Array | Uint8Array, k: number) => Buffer.from(a.buffer, a.byteOffset, k * a.BYTES_PER_ELEMENT);
  /**
   * `parseLabelsCsv(…, size)` against scattering `parseLabelsCsv(…)`: the same rows in the same places when it came
   * back scattered; else, scattered after, the same rows in each partition (in another order when they were
   * first kept by other partition bits: all the join asks of a partition).
   */
  async function same(lines: string[], chunk: number, scattered: boolean) {
    const text = `id,label\n${lines.join('\n')}\n`;
    const want = scatterParsed((await parseLabelsCsv(chunked(text, chunk)))!);
    const got = (await parseLabelsCsv(chunked(text, chunk), enc.encode(text).length))!;
    expect('rowAt' in got).toBe(scattered);
    const s = 'rowAt' in got ? (got as ScatteredParse) : scatterParsed(got);
    expect([s.m, s.bits]).toEqual([want.m, want.bits]);
    expect(Array.from(s.rowAt)).toEqual(Array.from(want.rowAt));
    expect(s.labels.map((l) => Buffer.from(l).toString())).toEqual(want.labels.map((l) => Buffer.from(l).toString()));
    if (scattered) {
      for (const k of ['hashes', 'codes'] as const) expect(prefix(s[k], s.m).equals(prefix(want[k], want.m)), k).toBe(true);
      expect(prefix(s.offsets, s.m + 1).equals(prefix(want.offsets, want.m + 1))).toBe(true);
      expect(prefix(s.arena, s.offsets[s.m]).equals(prefix(want.arena, want.offsets[want.m]))).toBe(true);
      return;
    }
    const partition = (p: ScatteredParse, q: number) =>
      Array.from({ length: p.rowAt[q + 1] - p.rowAt[q] }, (_, i) => {
        const j = p.rowAt[q] + i;
        return `${p.hashes[j]} ${p.codes[j]} ${Buffer.from(p.arena.subarray(p.offsets[j], p.offsets[j + 1])).toString()}`;
      }).sort();
    for (let q = 0; q < 1 << s.bits; q++) expect(partition(s, q)).toEqual(partition(want, q));
  }
  const rows = (n: number, id: (i: number) => string) => Array.from({ length: n }, (_, i) => `${id(i)},c${(i * 7) % 5}`);

  it('keeps the rows by partition as scattering them after gives', async () => {
    await same(rows(40_000, (i) => `id-${(i * 7919) % 40_000}`), 1 << 16, true);
  });

  it('goes on as read when a partition runs out of room, or the rows come out with other partition bits', async () => {
    // The first chunk's lines are long (few rows foreseen), the rest short: the partitions fill up.
    await same(rows(40_000, (i) => (i < 1000 ? `long-${'x'.repeat(60)}-${i}` : `s${i}`)), 1 << 16, false);
    // The first chunk's lines are short (more rows foreseen than 8,000 rows: 2 partitions for 1).
    await same(rows(8000, (i) => (i < 2000 ? `${i}` : `a-much-longer-id-${i}`)), 8192, false);
  });
});
