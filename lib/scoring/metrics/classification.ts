/**
 * Classification metrics from a k×k confusion matrix (row = truth, column = predicted).
 * Counts may be non-integer weights (bootstrap resampling passes weighted counts).
 * Each formula follows scikit-learn 1.2 step by step, including which labels take
 * part: sklearn's f1/balanced accuracy/kappa use the labels present in truth or
 * predictions, so a class absent from both is left out of the macro average.
 */
import { refuseEmpty } from './empty-input';

export type ConfusionInput = { confusion: Float64Array; k: number };

export function classificationMetricsFromConfusion({ confusion, k }: ConfusionInput): Record<string, number> {
  if (confusion.length !== k * k) {
    throw new RangeError(`classificationMetricsFromConfusion: expected a ${k}×${k} matrix (${k * k} values), got ${confusion.length} values`);
  }
  const trueSum = new Float64Array(k);
  const predSum = new Float64Array(k);
  const tp = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = confusion[i * k + j];
      trueSum[i] += c;
      predSum[j] += c;
      total += c;
    }
    tp[i] = confusion[i * k + i];
  }
  if (!(total > 0)) refuseEmpty('classification metrics', 'a confusion matrix with a positive total', `total ${total}`);

  let tpAll = 0;
  let presentCount = 0;
  let macroF1 = 0;
  let weightedF1 = 0;
  let recallSum = 0;
  let recallCount = 0;
  for (let i = 0; i < k; i++) {
    tpAll += tp[i];
    if (trueSum[i] > 0) {
      recallSum += tp[i] / trueSum[i];
      recallCount++;
    }
    if (trueSum[i] + predSum[i] === 0) continue; // label absent from truth and predictions
    presentCount++;
    const f1 = f1FromCounts(tp[i], predSum[i], trueSum[i]);
    macroF1 += f1;
    weightedF1 += f1 * trueSum[i];
  }

  // Cohen's kappa: 1 - observed disagreement / disagreement expected by chance.
  let observedOff = 0;
  let expectedOff = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      observedOff += confusion[i * k + j];
      expectedOff += (predSum[i] * trueSum[j]) / total;
    }
  }

  return {
    accuracy: tpAll / total,
    macro_f1: macroF1 / presentCount,
    micro_f1: f1FromCounts(tpAll, total, total),
    weighted_f1: weightedF1 / total,
    balanced_accuracy: recallSum / recallCount,
    // sklearn gives NaN when truth and predictions are one and the same single class.
    cohen_kappa: 1 - observedOff / expectedOff,
  };
}

/** sklearn's fbeta with beta=1 and zero_division=0: precision and recall first, then their harmonic mean. */
export function f1FromCounts(tp: number, predicted: number, actual: number): number {
  const precision = predicted > 0 ? tp / predicted : 0;
  const recall = actual > 0 ? tp / actual : 0;
  const denom = precision + recall;
  return denom === 0 ? 0 : (2 * precision * recall) / denom;
}
