/**
 * The resamples of one task, shared by every team so that comparisons are paired.
 *
 * Design (the 1M-row budget): a row-level bootstrap costs rows × resamples work per
 * submission (10^9 for 1M rows), too slow. Instead rows are dealt to `blocks` groups by
 * a seeded hash of the row index, and each resample gives every block a Poisson(1)
 * weight (the Poisson bootstrap: a weight of w means the block's rows appear w times).
 * A submission then costs one pass over its rows to fill per-block counts, plus
 * resamples × blocks × counts multiply-adds, independent of the row count.
 *
 * Why this is honest: the blocks are random subsets of exchangeable rows, so resampling
 * them is a cluster bootstrap whose variance for a ratio metric (accuracy, F1, …) is the
 * row-level one times (1 − 1/blocks) in expectation — 0.1 % low with 1,024 blocks. With
 * no more rows than `maxBlocks` every row is its own block: the exact Poisson bootstrap.
 *
 * Weights come from a counter-based hash of (seed, resample, block): nothing of size
 * rows × resamples is stored, resample b is the same whatever the number of resamples,
 * and the same seed gives the same resamples on every machine.
 */

export interface ResamplePlan {
  n: number;
  seed: number;
  resamples: number;
  blocks: number;
  /** Block of each row; null means row r is block r (the exact row-level bootstrap). */
  blockOf: Uint16Array | null;
  /** Poisson(1) weight of block g in resample b at [g * resamples + b] (a block's weights are contiguous). */
  weights: Uint8Array;
}

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_MAX_BLOCKS = 1024;

/** murmur3's 32-bit finalizer: a bijective mix with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform 32-bit value for (key, counter): two mixing rounds so nearby counters decorrelate. */
function hash2(key: number, counter: number): number {
  return fmix32((fmix32(key ^ Math.imul(counter, 0x9e3779b1)) + Math.imul(counter, 0x27d4eb2f) + 0x165667b1) >>> 0);
}

/** Upper bounds (as 32-bit integers) of the Poisson(1) CDF, for inversion by table. */
const poissonCdf32: number[] = (() => {
  const cdf: number[] = [];
  let p = Math.exp(-1);
  let sum = 0;
  for (let w = 0; w < 20; w++) {
    sum += p;
    cdf.push(Math.min(4294967296, Math.round(sum * 4294967296)));
    p /= w + 1;
  }
  cdf[cdf.length - 1] = 4294967296;
  return cdf;
})();

function poissonByCdf(u32: number): number {
  let w = 0;
  while (u32 >= poissonCdf32[w]) w++;
  return w;
}

/**
 * Inversion by the top 16 bits: each of the 65,536 cells that lies within one Poisson
 * value stores it; the few cells that straddle a CDF step hold 255 and fall back to the
 * exact search. Same result as the search, a quarter of the time (no unpredictable branches).
 */
const poissonByTopBits: Uint8Array = (() => {
  const table = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) {
    const low = poissonByCdf(i * 65536);
    table[i] = low === poissonByCdf(i * 65536 + 65535) ? low : 255;
  }
  return table;
})();

function poisson1(u32: number): number {
  const w = poissonByTopBits[u32 >>> 16];
  return w !== 255 ? w : poissonByCdf(u32);
}

export function resampleWeights({
  n,
  seed,
  resamples = DEFAULT_RESAMPLES,
  maxBlocks = DEFAULT_MAX_BLOCKS,
}: {
  n: number;
  seed: number;
  resamples?: number;
  maxBlocks?: number;
}): ResamplePlan {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`resampleWeights: n must be a positive integer, got ${n}`);
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resampleWeights: resamples must be a positive integer, got ${resamples}`);
  if (!Number.isInteger(maxBlocks) || maxBlocks < 1 || maxBlocks > 65535) {
    throw new RangeError(`resampleWeights: maxBlocks must be an integer in [1, 65535], got ${maxBlocks}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`resampleWeights: seed must be an integer, got ${seed}`);
  const key = fmix32(seed >>> 0);
  const blocks = Math.min(n, maxBlocks);
  let blockOf: Uint16Array | null = null;
  if (blocks < n) {
    blockOf = new Uint16Array(n);
    const rowKey = fmix32(key ^ 0x5bd1e995);
    // Multiply-shift maps the hash to [0, blocks) without modulo bias worth noticing.
    for (let r = 0; r < n; r++) blockOf[r] = Math.floor((hash2(rowKey, r) / 4294967296) * blocks);
  }
  // weight(b, g) = Poisson⁻¹(fmix32(blockKey[g] ^ resampleKey[b])): one mix per weight,
  // and resample b depends only on (seed, b), so a longer plan extends a shorter one.
  const resampleKeys = new Uint32Array(resamples);
  for (let b = 0; b < resamples; b++) resampleKeys[b] = hash2(key, b);
  const blockSalt = fmix32(key ^ 0x68e31da4);
  const weights = new Uint8Array(resamples * blocks);
  for (let g = 0; g < blocks; g++) {
    const blockKey = hash2(blockSalt, g);
    const base = g * resamples;
    for (let b = 0; b < resamples; b++) weights[base + b] = poisson1(fmix32(blockKey ^ resampleKeys[b]));
  }
  return { n, seed, resamples, blocks, blockOf, weights };
}
