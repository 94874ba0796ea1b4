/**
 * The fast decoder's snappy (parquet-snappy.ts `inflateSnappy`: hysnappy's wasm, then
 * hyparquet's JavaScript) decodes a page exactly when hyparquet's own decoder does, to the
 * same bytes: on real pages, on pages corrupted at random (seeded), and on a stream whose
 * own length disagrees with the page header (the wasm alone would accept that one).
 */
import { snappyUncompress } from 'hyparquet';
import { snappyCompress } from 'hysnappy';
import { expect, it } from 'vitest';
import { inflateSnappy } from './parquet-snappy';

function hyparquet(stored: Uint8Array, size: number): Uint8Array | null {
  const out = new Uint8Array(size);
  try {
    snappyUncompress(stored, out);
  } catch {
    return null;
  }
  return out;
}

/** Both null, or the same bytes (vitest's deep equality is slow on long typed arrays). */
function same(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}

/** A page like an id or label column's: 4-byte lengths and repetitive text. */
function page(rows: number, seed: number): Uint8Array {
  const parts: number[] = [];
  for (let i = 0; i < rows; i++) {
    const text = i % 3 === 0 ? `class_${(i * seed) % 50}` : `t${String((i * 7919 + seed) % 1e6).padStart(7, '0')}`;
    parts.push(text.length, 0, 0, 0);
    for (let j = 0; j < text.length; j++) parts.push(text.charCodeAt(j));
  }
  return Uint8Array.from(parts);
}

it('inflates real pages to hyparquet\'s bytes', () => {
  for (const rows of [0, 1, 100, 20_000]) {
    const plain = page(rows, rows + 1);
    const stored = snappyCompress(plain);
    expect(stored.length).toBeLessThan(plain.length + 10);
    expect(same(inflateSnappy(stored, plain.length), plain)).toBe(true);
  }
});

it('refuses what hyparquet refuses and gives its bytes otherwise, on corrupted pages', () => {
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  const plains = [page(300, 1), page(3000, 2)];
  let refused = 0;
  for (let t = 0; t < 2000; t++) {
    const plain = plains[t % 2];
    const stored = snappyCompress(plain).slice();
    for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) stored[Math.floor(rnd() * (rnd() < 0.3 ? 8 : stored.length))] = Math.floor(rnd() * 256);
    const cut = rnd() < 0.2 ? stored.subarray(0, Math.floor(rnd() * stored.length)) : stored;
    const size = plain.length + (rnd() < 0.1 ? 1 : rnd() < 0.1 ? -1 : 0);
    const want = hyparquet(cut, size);
    if (!want) refused++;
    expect(same(inflateSnappy(cut, size), want), `trial ${t}`).toBe(true);
  }
  expect(refused).toBeGreaterThan(500);
});

it('does not trust a stream that inflates to more than the page header says', () => {
  const plain = page(500, 3);
  const stored = snappyCompress(plain);
  // The page header claims one byte more than the stream holds: hyparquet says "premature end of input".
  expect(hyparquet(stored, plain.length + 1)).toBeNull();
  expect(inflateSnappy(stored, plain.length + 1)).toBeNull();
});
