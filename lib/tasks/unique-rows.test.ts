import { describe, expect, it } from 'vitest';
import { byteColumnFromStrings } from '@/lib/scoring/byte-hash';
import { firstRepeat, UniqueRows } from './unique-rows';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `id-${i}`);
const never = (): never => {
  throw new Error('no repeat expected');
};

describe('firstRepeat', () => {
  it('finds none among 50,000 distinct ids (many buckets)', () => {
    expect(firstRepeat([byteColumnFromStrings(ids(50_000))])).toBeNull();
  });

  it('reports the earliest repeating row and the first row of its id, whatever the bucket order', () => {
    const values = ids(50_000);
    values[40_000] = 'id-7'; // a later repeat of another id
    values[30_000] = 'id-12345';
    values[30_001] = 'id-12345';
    expect(firstRepeat([byteColumnFromStrings(values)])).toEqual([12_345, 30_000]);
  });

  it('compares pairs column by column: (a, bc) is not (ab, c)', () => {
    const left = byteColumnFromStrings(['a', 'ab', 'x', 'a']);
    const right = byteColumnFromStrings(['bc', 'c', 'y', 'bc']);
    expect(firstRepeat([left, right])).toEqual([0, 3]);
    expect(firstRepeat([byteColumnFromStrings(['a', 'ab']), byteColumnFromStrings(['bc', 'c'])])).toBeNull();
  });
});

describe('UniqueRows', () => {
  it('finds the row of an id or a pair, and -1 for one that is not there', () => {
    const enc = new TextEncoder();
    const one = new UniqueRows([byteColumnFromStrings(ids(1000))], never);
    const probe = enc.encode('xid-999');
    expect(one.find(probe, 1, probe.length)).toBe(999);
    expect(one.find(enc.encode('id-1000'), 0, 7)).toBe(-1);
    const pairs = new UniqueRows([byteColumnFromStrings(['a', 'ab']), byteColumnFromStrings(['bc', 'c'])], never);
    expect(pairs.find(enc.encode('ab'), 0, 2, enc.encode('c'), 0, 1)).toBe(1);
    expect(pairs.find(enc.encode('a'), 0, 1, enc.encode('c'), 0, 1)).toBe(-1);
  });

  it('calls onRepeat with the first row and the repeating row', () => {
    expect(() => new UniqueRows([byteColumnFromStrings(['p', 'q', 'p'])], (first, row) => {
      throw new Error(`${first},${row}`);
    })).toThrow('0,2');
  });
});
