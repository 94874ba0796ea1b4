/**
 * The public/private split of a task's hidden test rows. It must be identical in the
 * worker, in offline `podium score` and in the tests, so it depends only on (n, seed,
 * fraction) and uses its own PRNG rather than Math.random.
 */

/** mulberry32: tiny, fast, and good enough to shuffle row indices reproducibly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-8 bytes of the slug: stable across runtimes and releases. */
export function seedFromSlug(slug: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(slug)) h = Math.imul(h ^ b, 0x01000193);
  return h >>> 0;
}

/**
 * A mask with exactly Math.round(n * fraction) ones, placed by a seeded Fisher–Yates
 * shuffle: the first `count` shuffled positions are public.
 */
export function publicMask({ n, seed, fraction }: { n: number; seed: number; fraction: number }): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`publicMask: n must be a non-negative integer, got ${n}`);
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`publicMask: fraction must be in [0, 1], got ${fraction}`);
  const count = Math.round(n * fraction);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const rand = mulberry32(seed);
  // Only the first `count` positions need to be final, so the shuffle stops there.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  const mask = new Uint8Array(n);
  for (let i = 0; i < count; i++) mask[order[i]] = 1;
  return mask;
}
