import { describe, expect, it } from 'vitest';
import { byteColumnValue } from '@/lib/scoring/byte-hash';
import { pageSlices } from '@/lib/scoring/fixtures/page-slices';
import { ByteColumnBuilder } from './byte-columns';
import { ByteDictionary } from './byte-dictionary';

const enc = new TextEncoder();

describe('ByteColumnBuilder', () => {
  it('keeps every value through reserve and expect, also when the estimate was too small or too large', () => {
    const b = new ByteColumnBuilder(4, 2);
    const values: string[] = [];
    for (let i = 0; i < 5000; i++) {
      if (i === 10) b.expect(0.5); // far too small: appends past it still grow
      if (i === 3000) b.reserve(100, 10); // smaller than what it holds: nothing lost
      const v = i % 7 === 0 ? `é${i}` : `id-${i}`;
      values.push(v);
      const bytes = enc.encode(`,${v},`);
      b.append(bytes, 1, bytes.length - 1);
    }
    const col = b.finish();
    expect(col.offsets.length).toBe(values.length + 1);
    expect(values.every((v, i) => byteColumnValue(col, i) === v)).toBe(true);
    const shared = b.finishShared();
    expect(Buffer.from(shared.bytes).equals(Buffer.from(col.bytes))).toBe(true);
  });

  it('built in shared memory, hands its own arrays to another thread without a copy', () => {
    const b = new ByteColumnBuilder(2, 1, true);
    for (const v of ['a', 'bc', 'é', 'def']) b.append(enc.encode(v), 0, enc.encode(v).length);
    b.expect(0.25);
    b.append(enc.encode('g'), 0, 1);
    const col = b.finishShared();
    expect(col.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(col.offsets.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(col.bytes.buffer).toBe(b.view().bytes.buffer);
    expect([0, 1, 2, 3, 4].map((i) => byteColumnValue(col, i))).toEqual(['a', 'bc', 'é', 'def', 'g']);
  });
});

describe('ByteColumnBuilder.appendSlices', () => {
  const slices = (values: Uint8Array[]) => pageSlices(values, 3);

  it('stores what append stores value by value: every length, UTF-8 and invalid bytes, growing from a tiny start', () => {
    const values = [
      ...Array.from({ length: 300 }, (_, i) => enc.encode('x'.repeat(1 + (i % 11)) + String(i))),
      enc.encode('é'), enc.encode('naïve-id'), Uint8Array.of(0x61, 0xff, 0x62, 0x63, 0x64), Uint8Array.of(0xc3), enc.encode('tail'),
    ];
    const one = new ByteColumnBuilder(1, 1);
    for (const v of values) one.append(v, 0, v.length);
    const run = new ByteColumnBuilder(1, 1);
    const s = slices(values);
    expect(run.appendSlices(s, 0, 100)).toBe(100);
    expect(run.appendSlices(s, 100, values.length)).toBe(values.length);
    const [a, b] = [one.finish(), run.finish()];
    expect(Array.from(b.offsets)).toEqual(Array.from(a.offsets));
    expect(Buffer.from(b.bytes).equals(Buffer.from(a.bytes))).toBe(true);
    expect(byteColumnValue(b, 302)).toBe('a\ufffdbcd');
  });

  it('stops before the first empty value and returns its index, keeping the values before it', () => {
    const values = ['a1', 'b22', 'c333', '', 'd4444'].map((v) => enc.encode(v));
    const b = new ByteColumnBuilder(2, 2);
    expect(b.appendSlices(slices(values), 0, values.length)).toBe(3);
    const col = b.finish();
    expect([0, 1, 2].map((i) => byteColumnValue(col, i))).toEqual(['a1', 'b22', 'c333']);
    expect(col.offsets.length).toBe(4);
  });
});

describe('ByteDictionary.lookup', () => {
  it('answers what indexOf answers, for labels that share their length and last bytes too', () => {
    const d = new ByteDictionary();
    const labels = ['a', 'class_12', 'class_42', 'xclass_12', 'ab', 'b', 'é', 'x\u00ff'];
    labels.forEach((l) => d.add(enc.encode(l), 0, enc.encode(l).length));
    const probes = [...labels, 'class_13', 'c', 'class_12 ', 'zz'];
    for (let round = 0; round < 3; round++) {
      for (const p of probes) {
        const bytes = enc.encode(`[${p}]`);
        expect(d.lookup(bytes, 1, bytes.length - 1)).toBe(d.indexOf(bytes, 1, bytes.length - 1));
      }
    }
    // An invalid UTF-8 byte matches the label it is stored as (U+FFFD), as indexOf does.
    const bad = new Uint8Array([0x78, 0xff]);
    d.add(enc.encode('x\ufffd'), 0, 4);
    expect(d.lookup(bad, 0, 2)).toBe(d.indexOf(bad, 0, 2));
    expect(d.lookup(bad, 0, 2)).toBeGreaterThanOrEqual(0);
  });
});

describe('ByteDictionary.lookupRun', () => {
  it('maps each value as indexOf finds it, over pages, and stops at the first empty or unknown value', () => {
    const d = new ByteDictionary();
    const labels = ['a', 'class_12', 'class_42', 'xclass_12', 'ab', 'abc', 'abcd', 'é', 'x\ufffd', 'yclass_12'];
    labels.forEach((l) => d.add(enc.encode(l), 0, enc.encode(l).length));
    const map = Int32Array.from(labels, (_, i) => 100 + i);
    // Values that share a length and last four bytes (class_12, xclass_12 vs yclass_12), short ones, and
    // an invalid byte that is stored as U+FFFD; three to a page, every 4-byte read unaligned.
    const values = ['class_12', 'xclass_12', 'yclass_12', 'a', 'ab', 'abc', 'abcd', 'é', 'class_42', 'class_12', 'yclass_12', 'xclass_12'].map((v) => enc.encode(v));
    values.push(new Uint8Array([0x78, 0xff]));
    const want = values.map((v) => 100 + d.indexOf(v, 0, v.length));
    for (let round = 0; round < 2; round++) {
      const out = new Int32Array(values.length + 2).fill(-7);
      expect(d.lookupRun(pageSlices(values, 3), values.length, map, out, 2)).toBe(values.length);
      expect(Array.from(out.subarray(2))).toEqual(want);
      expect(Array.from(out.subarray(0, 2))).toEqual([-7, -7]);
    }
    for (const stop of ['class_13', '', 'zz', 'class_12 ']) {
      const withStop = [...values.slice(0, 5), enc.encode(stop), ...values.slice(5)];
      const out = new Int32Array(withStop.length);
      expect(d.lookupRun(pageSlices(withStop, 4), withStop.length, map, out, 0), stop).toBe(5);
      expect(Array.from(out.subarray(0, 5))).toEqual(want.slice(0, 5));
    }
  });
});

describe('ByteColumnBuilder.appendPlainPages', () => {
  /** One PLAIN page: each value after its 4-byte length, from byte `at` (`cut` drops the page's last bytes). */
  function plainPage(values: Uint8Array[], at = 3, cut = 0) {
    const page = new Uint8Array(at + values.reduce((t, v) => t + 4 + v.length, 0));
    let p = at;
    for (const v of values) {
      new DataView(page.buffer).setUint32(p, v.length, true);
      page.set(v, p + 4);
      p += 4 + v.length;
    }
    return { page: page.subarray(0, page.length - cut), at, count: values.length };
  }
  const values = ['t0000001', 'id-2', 'x', 'a much longer id of 33 bytes here', 'é-5'].map((v) => enc.encode(v));
  const bad = new Uint8Array([0x61, 0xff, 0x62]); // stored as the import stores it: a, U+FFFD, b

  it('stores what append stores, over pages, growing from a small start', () => {
    const a = new ByteColumnBuilder(2, 2);
    const b = new ByteColumnBuilder(2, 2);
    const all = [...values, bad, ...values, bad, ...values];
    for (const v of all) a.append(v, 0, v.length);
    expect(b.appendPlainPages([plainPage(all.slice(0, 7)), plainPage(all.slice(7), 0)])).toBe(true);
    const [x, y] = [a.finish(), b.finish()];
    expect(Array.from(y.offsets)).toEqual(Array.from(x.offsets));
    expect(Buffer.from(y.bytes).equals(Buffer.from(x.bytes))).toBe(true);
    expect(byteColumnValue(y, 5)).toBe('a\ufffdb');
  });

  it('appends nothing from pages with an empty value or a value cut short', () => {
    for (const pages of [[plainPage(values), plainPage([values[0], new Uint8Array(0)])], [plainPage(values), plainPage(values, 0, 2)]]) {
      const b = new ByteColumnBuilder(4, 4);
      b.append(values[0], 0, values[0].length);
      expect(b.appendPlainPages(pages)).toBe(false);
      expect(b.n).toBe(1);
      expect(byteColumnValue(b.finish(), 0)).toBe('t0000001');
    }
  });
});
