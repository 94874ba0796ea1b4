/**
 * log_loss as scikit-learn 1.2 computes it with labels = all train classes: clip every
 * probability to [eps, 1 - eps] with eps = float64 machine epsilon (sklearn 1.2's
 * eps="auto"), divide by the clipped row's sum, and average -ln(p of the true class).
 */
import { refuseEmpty } from './empty-input';

export const LOG_LOSS_EPS = 2.220446049250313e-16;

/** One row's loss from its k probabilities (in class order) and its true class. */
export function rowLogLoss(probs: Float64Array, offset: number, k: number, truth: number): number {
  let sum = 0;
  for (let j = 0; j < k; j++) sum += clip(probs[offset + j]);
  return -Math.log(clip(probs[offset + truth]) / sum);
}

function clip(p: number): number {
  return p < LOG_LOSS_EPS ? LOG_LOSS_EPS : p > 1 - LOG_LOSS_EPS ? 1 - LOG_LOSS_EPS : p;
}

/** Mean of per-row losses, optionally weighted (bootstrap) and restricted to a mask. */
export function logLossFromRows({ losses, weights }: { losses: Float64Array; weights?: Float64Array }): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < losses.length; i++) {
    const w = weights ? weights[i] : 1;
    if (w === 0) continue;
    sum += w * losses[i];
    total += w;
  }
  if (!(total > 0)) refuseEmpty('log_loss', 'at least one row with positive weight', `${losses.length} rows, total weight ${total}`);
  return sum / total;
}

/** log_loss over probability rows directly (row-major n×k). */
export function logLoss({ truth, probabilities, k }: { truth: Int32Array; probabilities: Float64Array; k: number }): number {
  const n = truth.length;
  if (probabilities.length !== n * k) {
    throw new RangeError(`logLoss: expected ${n}×${k} probabilities, got ${probabilities.length}`);
  }
  const losses = new Float64Array(n);
  for (let i = 0; i < n; i++) losses[i] = rowLogLoss(probabilities, i * k, k, truth[i]);
  return logLossFromRows({ losses });
}
