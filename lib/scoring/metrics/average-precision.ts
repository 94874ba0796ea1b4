/**
 * average_precision_score as scikit-learn 1.2: the step integral sum over distinct
 * score thresholds (descending) of (recall_j - recall_{j-1}) * precision_j, tied scores
 * forming one threshold. Positive and negative scores are sorted separately with the
 * native typed-array sort and merged, so no index array or comparator is needed.
 */
import { refuseEmpty } from './empty-input';

export function averagePrecision({ truth, scores, weights }: { truth: ArrayLike<number>; scores: Float64Array; weights?: Float64Array }): number {
  const n = scores.length;
  if (truth.length !== n) throw new RangeError(`averagePrecision: ${truth.length} labels but ${n} scores`);
  let nPos = 0;
  let nNeg = 0;
  for (let i = 0; i < n; i++) {
    if (weights && weights[i] === 0) continue;
    if (truth[i] === 1) nPos++;
    else nNeg++;
  }
  if (nPos + nNeg === 0) refuseEmpty('average_precision', 'at least one scored row', `${n} rows`);
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  const posW = weights ? new Float64Array(nPos) : undefined;
  const negW = weights ? new Float64Array(nNeg) : undefined;
  let p = 0;
  let q = 0;
  if (!weights) {
    for (let i = 0; i < n; i++) {
      if (truth[i] === 1) pos[p++] = scores[i];
      else neg[q++] = scores[i];
    }
    pos.sort();
    neg.sort();
  } else {
    sortWeighted(truth, scores, weights, 1, pos, posW!);
    sortWeighted(truth, scores, weights, 0, neg, negW!);
  }
  let totalPos = 0;
  for (let i = 0; i < nPos; i++) totalPos += posW ? posW[i] : 1;
  // sklearn: with no positives recall is 1 at every threshold, so the integral is 0.
  if (totalPos === 0) return 0;
  let tps = 0;
  let fps = 0;
  let prevRecall = 0;
  let ap = 0;
  p = nPos - 1;
  q = nNeg - 1;
  while (p >= 0 || q >= 0) {
    const t = p < 0 ? neg[q] : q < 0 ? pos[p] : Math.max(pos[p], neg[q]);
    while (p >= 0 && pos[p] === t) tps += posW ? posW[p--] : (p--, 1);
    while (q >= 0 && neg[q] === t) fps += negW ? negW[q--] : (q--, 1);
    if (tps + fps === 0) continue;
    const recall = tps / totalPos;
    ap += (recall - prevRecall) * (tps / (tps + fps));
    prevRecall = recall;
  }
  return ap;
}

/** Scores of one class sorted ascending with their weights alongside (bootstrap path; rarely hot). */
function sortWeighted(truth: ArrayLike<number>, scores: Float64Array, weights: Float64Array, cls: number, outScores: Float64Array, outW: Float64Array): void {
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) if (weights[i] !== 0 && (truth[i] === 1 ? 1 : 0) === cls) idx.push(i);
  idx.sort((a, b) => scores[a] - scores[b]);
  idx.forEach((i, j) => {
    outScores[j] = scores[i];
    outW[j] = weights[i];
  });
}
