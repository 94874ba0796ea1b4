/**
 * The two passes behind every interval: rows → per-block sums (one pass over the rows),
 * then per-block sums × Poisson weights → per-resample sums. Block sums are kept sparse
 * (only non-zero entries) because with few rows per block most of a 3k-wide vector is 0.
 */
import { statsWidth } from './class-stats';
import type { ResamplePlan } from './resample-plan';

export interface BlockSums {
  width: number;
  /** Entries of block g are start[g] .. start[g + 1] of `index` and `value`. */
  start: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

function checkRows(name: string, array: ArrayLike<number> | null | undefined, n: number): void {
  if (array && array.length !== n) throw new RangeError(`bootstrap: ${name} has ${array.length} rows but the task has ${n}`);
}

/** Compacts a dense blocks × width matrix to its non-zero entries in the wanted slots. */
function sparsify(dense: Float64Array, blocks: number, width: number, slots?: Uint8Array): BlockSums {
  if (slots) for (let i = 0; i < dense.length; i++) if (!slots[i % width]) dense[i] = 0;
  let nonZero = 0;
  for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) nonZero++;
  const start = new Int32Array(blocks + 1);
  const index = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  let e = 0;
  for (let g = 0; g < blocks; g++) {
    start[g] = e;
    const base = g * width;
    for (let s = 0; s < width; s++) {
      const v = dense[base + s];
      if (v !== 0) {
        index[e] = s;
        value[e++] = v;
      }
    }
  }
  start[blocks] = e;
  return { width, start, index, value };
}

/** Per-block class totals (see class-stats.ts for the layout) over the rows in `mask`. */
export function classBlockSums({
  plan,
  truth,
  predicted,
  mask,
  k,
  slots,
}: {
  plan: ResamplePlan;
  truth: Int32Array;
  predicted: Int32Array;
  mask?: Uint8Array | null;
  k: number;
  /** Slots the metrics read (see slotsFor); the others are dropped before resampling. */
  slots?: Uint8Array;
}): BlockSums {
  const { n, blocks, blockOf } = plan;
  checkRows('truth', truth, n);
  checkRows('predicted', predicted, n);
  checkRows('mask', mask, n);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`bootstrap: k must be an integer ≥ 2, got ${k}`);
  const width = statsWidth(k);
  const totalAt = 3 * k;
  const dense = new Float64Array(blocks * width);
  for (let r = 0; r < n; r++) {
    if (mask && mask[r] === 0) continue;
    const t = truth[r];
    const p = predicted[r];
    if (!(t >= 0 && t < k && p >= 0 && p < k)) {
      throw new RangeError(`bootstrap: row ${r} has truth ${t} and prediction ${p}; class indices must lie in [0, ${k})`);
    }
    const base = (blockOf ? blockOf[r] : r) * width;
    dense[base + t]++;
    dense[base + k + p]++;
    dense[base + totalAt]++;
    if (t === p) {
      dense[base + 2 * k + t]++;
      dense[base + totalAt + 1]++;
    }
  }
  return sparsify(dense, blocks, width, slots);
}

/** Per-block [row count, sum of values] over the rows in `mask` (for per-row losses). */
export function meanBlockSums({ plan, values, mask }: { plan: ResamplePlan; values: Float64Array; mask?: Uint8Array | null }): BlockSums {
  const { n, blocks, blockOf } = plan;
  checkRows('values', values, n);
  checkRows('mask', mask, n);
  const dense = new Float64Array(blocks * 2);
  for (let r = 0; r < n; r++) {
    if (mask && mask[r] === 0) continue;
    const v = values[r];
    if (!Number.isFinite(v)) throw new RangeError(`bootstrap: row ${r} has the non-finite value ${v}`);
    const base = (blockOf ? blockOf[r] : r) * 2;
    dense[base]++;
    dense[base + 1] += v;
  }
  return sparsify(dense, blocks, 2);
}

/** The observed totals: every block once. */
export function observedSums(sums: BlockSums): Float64Array {
  const out = new Float64Array(sums.width);
  for (let e = 0; e < sums.index.length; e++) out[sums.index[e]] += sums.value[e];
  return out;
}

/** Totals of each resample: row b of the result (width wide) = Σ_g weight(b, g) · sums(g). */
export function resampledSums(plan: ResamplePlan, sums: BlockSums): Float64Array {
  const { resamples, blocks, weights } = plan;
  const { width, start, index, value } = sums;
  const out = new Float64Array(resamples * width);
  for (let g = 0; g < blocks; g++) {
    const from = start[g];
    const to = start[g + 1];
    if (from === to) continue;
    const wBase = g * resamples;
    for (let b = 0; b < resamples; b++) {
      const w = weights[wBase + b];
      if (w === 0) continue;
      const o = b * width;
      for (let e = from; e < to; e++) out[o + index[e]] += w * value[e];
    }
  }
  return out;
}
