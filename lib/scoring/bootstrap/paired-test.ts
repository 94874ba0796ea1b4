/**
 * "Is team A really better than team B?" on one task. The default is the paired
 * bootstrap: both teams' scores in resample b come from the same rows, so the spread of
 * their difference reflects only the rows where they disagree. McNemar's test is the
 * classic alternative for accuracy when both teams' per-row predictions are at hand.
 */

export const SIGNIFICANCE_LEVEL = 0.05;

export interface PairedTestResult {
  method: 'paired_bootstrap' | 'mcnemar_exact' | 'mcnemar_chi2';
  pValue: number;
  distinguishable: boolean;
}

/**
 * Two-sided paired bootstrap test. `a` and `b` are the teams' resampled values on the
 * same plan; `observedDiff` = score(a) − score(b) on the real rows. The p-value is twice
 * the share of resamples in which the difference has the other sign or vanishes, with
 * the usual +1 correction so it is never 0: p = min(1, 2 (1 + #flips) / (1 + R)).
 * Two identical submissions never flip toward a sign, so they get p = 1.
 * Resamples where either value is NaN are left out.
 * Caveat: when the teams differ on only a handful of rows, all favouring one team, the
 * sign flips only if every such row draws weight 0 (probability e^−m for m rows), so the
 * test is bolder than McNemar's exact test there (m = 5: p ≈ 0.013 against 0.0625).
 */
export function pairedTest({ a, b, observedDiff }: { a: Float64Array; b: Float64Array; observedDiff: number }): PairedTestResult {
  if (a.length !== b.length) throw new RangeError(`pairedTest: ${a.length} and ${b.length} resamples; both teams must share one plan`);
  if (observedDiff === 0 || Number.isNaN(observedDiff)) return { method: 'paired_bootstrap', pValue: 1, distinguishable: false };
  let used = 0;
  let flips = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    if (Number.isNaN(d)) continue;
    used++;
    if (observedDiff > 0 ? d <= 0 : d >= 0) flips++;
  }
  const pValue = Math.min(1, (2 * (1 + flips)) / (1 + used));
  return { method: 'paired_bootstrap', pValue, distinguishable: pValue < SIGNIFICANCE_LEVEL };
}

/** log Γ by Lanczos (g = 7, n = 9): ~15 significant digits, enough for binomial tails. */
function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** P(X ≤ m) for X ~ Binomial(n, 1/2), summed in log space so large n does not underflow. */
function binomialHalfCdf(m: number, n: number): number {
  const logTotal = n * Math.log(0.5);
  const logN = logGamma(n + 1);
  let sum = 0;
  for (let i = 0; i <= m; i++) sum += Math.exp(logN - logGamma(i + 1) - logGamma(n - i + 1) + logTotal);
  return sum;
}

/** Complementary error function (Numerical Recipes' erfcc Chebyshev fit, relative error < 1.2e-7). */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export interface McNemarResult extends PairedTestResult {
  /** Rows that only A gets right, and rows that only B gets right. */
  onlyA: number;
  onlyB: number;
}

/** Below this many discordant rows the exact binomial test is used, as is customary. */
export const MCNEMAR_EXACT_BELOW = 25;

/**
 * McNemar's test on per-row correctness of two submissions over the same rows
 * (accuracy only). Exact two-sided binomial test when there are fewer than 25
 * discordant rows, else χ² with Edwards' continuity correction.
 */
export function mcnemarTest({
  truth,
  a,
  b,
  mask,
}: {
  truth: Int32Array;
  a: Int32Array;
  b: Int32Array;
  mask?: Uint8Array | null;
}): McNemarResult {
  if (a.length !== truth.length || b.length !== truth.length || (mask && mask.length !== truth.length)) {
    throw new RangeError('mcnemarTest: truth, a, b and mask must have one entry per row');
  }
  let onlyA = 0;
  let onlyB = 0;
  for (let r = 0; r < truth.length; r++) {
    if (mask && mask[r] === 0) continue;
    const rightA = a[r] === truth[r];
    const rightB = b[r] === truth[r];
    if (rightA && !rightB) onlyA++;
    else if (rightB && !rightA) onlyB++;
  }
  const discordant = onlyA + onlyB;
  if (discordant < MCNEMAR_EXACT_BELOW) {
    const pValue = discordant === 0 ? 1 : Math.min(1, 2 * binomialHalfCdf(Math.min(onlyA, onlyB), discordant));
    return { method: 'mcnemar_exact', pValue, distinguishable: pValue < SIGNIFICANCE_LEVEL, onlyA, onlyB };
  }
  const statistic = Math.max(0, Math.abs(onlyA - onlyB) - 1) ** 2 / discordant;
  // χ² with one degree of freedom: P(X > s) = erfc(√(s/2)).
  const pValue = Math.min(1, erfc(Math.sqrt(statistic / 2)));
  return { method: 'mcnemar_chi2', pValue, distinguishable: pValue < SIGNIFICANCE_LEVEL, onlyA, onlyB };
}
