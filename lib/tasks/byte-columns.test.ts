import { describe, expect, it } from 'vitest';
import { byteColumnValue } from '@/lib/scoring/byte-hash';
import { ByteColumnBuilder } from './byte-columns';

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
});
