import { describe, expect, it } from 'vitest';
import { publicMask, seedFromSlug } from './split';

describe('publicMask', () => {
  it('has exactly round(n * fraction) public rows', () => {
    for (const [n, f] of [[0, 0.3], [1, 0.3], [1, 0.5], [7, 0.3], [10, 0.25], [1000, 0.3], [999, 1], [50, 0]] as const) {
      const mask = publicMask({ n, seed: 42, fraction: f });
      expect(mask.length).toBe(n);
      expect(mask.reduce((a, b) => a + b, 0)).toBe(Math.round(n * f));
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = publicMask({ n: 500, seed: 7, fraction: 0.3 });
    expect(publicMask({ n: 500, seed: 7, fraction: 0.3 })).toEqual(a);
    expect(publicMask({ n: 500, seed: 8, fraction: 0.3 })).not.toEqual(a);
  });

  it('is pinned: these exact rows are public for seed 1 (a change here moves every leaderboard)', () => {
    const mask = publicMask({ n: 20, seed: 1, fraction: 0.25 });
    expect([...mask.keys()].filter((i) => mask[i] === 1)).toMatchInlineSnapshot(`
      [
        1,
        3,
        11,
        12,
        19,
      ]
    `);
  });

  it('spreads public rows over the whole range rather than a block', () => {
    const mask = publicMask({ n: 10000, seed: seedFromSlug('product-type'), fraction: 0.3 });
    for (let start = 0; start < 10000; start += 2500) {
      const part = mask.subarray(start, start + 2500).reduce((a, b) => a + b, 0);
      expect(part).toBeGreaterThan(650);
      expect(part).toBeLessThan(850);
    }
  });

  it('refuses a fraction outside [0, 1]', () => {
    expect(() => publicMask({ n: 3, seed: 1, fraction: 1.5 })).toThrow(/fraction must be in \[0, 1\]/);
  });
});

describe('seedFromSlug', () => {
  it('is a stable unsigned 32-bit hash of the slug', () => {
    expect(seedFromSlug('product-type')).toBe(seedFromSlug('product-type'));
    expect(seedFromSlug('product-type')).not.toBe(seedFromSlug('product-types'));
    expect(seedFromSlug('')).toBe(0x811c9dc5);
    expect(seedFromSlug('a')).toBe(0xe40c292c); // FNV-1a reference value
  });
});
