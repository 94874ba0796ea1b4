import { describe, expect, it } from 'vitest';
import { byteColumnFromStrings } from './byte-hash';
import { idHash, PartitionedIndex } from './partitioned-index';

const enc = new TextEncoder();

/** Ids of many lengths (empty to 40 bytes, some non-ASCII), enough rows for 2^8 partitions. */
function ids(n: number): string[] {
  return Array.from({ length: n }, (_, i) => (i % 97 === 0 ? `${'x'.repeat(i % 40)}${i}` : i % 13 === 0 ? `é${i}` : `id-${i * 7919}`));
}

it('idHash is MurmurHash3 x86_32 with seed 0 (reference values), for every tail length', () => {
  const h = (s: string) => {
    const b = enc.encode(s);
    return idHash(b, 0, b.length) >>> 0;
  };
  // The reference implementation's (Appleby's MurmurHash3_x86_32, seed 0) values.
  expect([h(''), h('a'), h('ab'), h('abc'), h('abcd'), h('hello'), h('Hello, world!')]).toEqual([0, 0x3c2569b2, 0x9bbfd75f, 0xb3dd93fa, 0x43ed676a, 0x248bfa47, 0xc0363e43]);
  // A slice hashes as its own bytes.
  const b = enc.encode('xxhelloyy');
  expect(idHash(b, 2, 7) >>> 0).toBe(0x248bfa47);
});

describe('PartitionedIndex', () => {
  it('finds every id at its row, nothing else, and lays each slot\'s bytes out as the id', () => {
    const values = ids(1 << 20);
    const col = byteColumnFromStrings(values);
    const index = new PartitionedIndex(col);
    expect(index.partitionBits).toBe(8);
    expect(index.repeated).toBe(-1);
    for (let i = 0; i < values.length; i++) {
      if (index.find(col.bytes, col.offsets[i], col.offsets[i + 1]) !== i) throw new Error(`row ${i} (${values[i]}) not found at its row`);
    }
    for (const absent of ['', 'id-1', 'nope', 'id-7918']) {
      const b = enc.encode(absent);
      expect(index.find(b, 0, b.length)).toBe(-1);
    }
    // Every filled slot's bytes are the id of its row.
    let filled = 0;
    const { table, rows, starts, bytes } = index;
    for (let at = 0; at < table.length; at += 2) {
      const held = table[at];
      if (held === 0) continue;
      filled++;
      const row = rows[held - 1];
      const s = starts[held - 1];
      const want = col.bytes.subarray(col.offsets[row], col.offsets[row + 1]);
      if (starts[held] - s !== want.length || want.some((b, j) => bytes[s + j] !== b)) throw new Error(`slot ${at >> 1}: wrong bytes for row ${row}`);
    }
    expect(filled).toBe(values.length);
  });

  it('with ids of one length, lays id k out at k * width without starts, finds every id and names a repeat', () => {
    const values = Array.from({ length: 1 << 19 }, (_, i) => `k${String((i * 7919) % (1 << 19)).padStart(9, '0')}`);
    const col = byteColumnFromStrings(values);
    const index = new PartitionedIndex(col);
    expect(index.width).toBe(10);
    expect(index.starts.length).toBe(1);
    expect(index.repeated).toBe(-1);
    for (let i = 0; i < values.length; i++) {
      if (index.find(col.bytes, col.offsets[i], col.offsets[i + 1]) !== i) throw new Error(`row ${i} (${values[i]}) not found at its row`);
    }
    for (const absent of ['k00000000', 'k0000000000', 'k000000001 ']) expect(index.find(enc.encode(absent), 0, absent.length)).toBe(-1);
    const { table, rows, bytes } = index;
    for (let at = 0; at < table.length; at += 2) {
      const held = table[at];
      if (held === 0) continue;
      const row = rows[held - 1];
      const got = Buffer.from(bytes.subarray((held - 1) * 10, held * 10)).toString();
      if (got !== values[row]) throw new Error(`slot ${at >> 1}: ${got} for row ${row} (${values[row]})`);
    }
    // A view whose offsets do not start at 0 (a column cut out of a larger one) reads the same ids, of one length or many.
    for (const c of [col, byteColumnFromStrings(['a', 'bb', ...values.slice(0, 5000), 'ccc'])]) {
      const tail = { bytes: c.bytes, offsets: c.offsets.subarray(5, c.offsets.length - 1) };
      const index = new PartitionedIndex(tail);
      expect(index.find(c.bytes, c.offsets[7], c.offsets[8])).toBe(2);
      const last = tail.offsets.length - 2;
      expect(index.find(c.bytes, tail.offsets[last], tail.offsets[last + 1])).toBe(last);
      expect(index.bytes.length).toBe(tail.offsets[last + 1] - tail.offsets[0]);
    }
    const twice = byteColumnFromStrings([...values.slice(0, 5000), values[17], ...values.slice(5000, 9000)]);
    expect(new PartitionedIndex(twice).repeated).toBe(5000);
  });

  it('names a row whose id repeats an earlier one, in small and partitioned indexes', () => {
    for (const n of [10, 1 << 20]) {
      const values = ids(n);
      values[n - 3] = values[5];
      const index = new PartitionedIndex(byteColumnFromStrings(values));
      expect(index.repeated).toBe(n - 3);
    }
  });
});
