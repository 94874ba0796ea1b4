/**
 * Matching metrics of the positive class (label 1), from counts that may be weighted.
 * zero_division=0 as in the classification metrics.
 */
import { refuseEmpty } from './empty-input';
import { f1FromCounts } from './classification';

export type MatchingCounts = { tp: number; fp: number; fn: number; tn?: number };

export function matchingMetricsFromCounts({ tp, fp, fn, tn = 0 }: MatchingCounts): Record<string, number> {
  if (!(tp + fp + fn + tn > 0)) refuseEmpty('matching metrics', 'counts with a positive total', `tp ${tp}, fp ${fp}, fn ${fn}, tn ${tn}`);
  return {
    f1: f1FromCounts(tp, tp + fp, tp + fn),
    precision: tp + fp > 0 ? tp / (tp + fp) : 0,
    recall: tp + fn > 0 ? tp / (tp + fn) : 0,
  };
}
