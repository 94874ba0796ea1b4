import type { AnswerKey } from '@/lib/scoring/answer-key';

export type PartDetails =
  | { kind: 'classification'; classes: string[]; confusion: number[][] }
  | { kind: 'matching'; tp: number; fp: number; fn: number; tn: number };

/**
 * The confusion matrix (or match counts) of one part of the test set: the
 * public rows (`want` = 1), the private ones (0), or all (-1). Participants see
 * the public part before the reveal; the rest would leak private rows.
 */
export function partDetails(key: AnswerKey, pred: Int32Array, want: -1 | 0 | 1): PartDetails {
  const { truth, publicMask } = key;
  if (key.kind === 'matching') {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (let i = 0; i < key.n; i++) {
      if (want >= 0 && publicMask[i] !== want) continue;
      if (pred[i] === 1) {
        if (truth[i] === 1) tp++;
        else fp++;
      } else if (truth[i] === 1) fn++;
      else tn++;
    }
    return { kind: 'matching', tp, fp, fn, tn };
  }
  const k = key.classes.length;
  const flat = new Float64Array(k * k);
  for (let i = 0; i < key.n; i++) if (want < 0 || publicMask[i] === want) flat[truth[i] * k + pred[i]]++;
  const confusion: number[][] = [];
  for (let r = 0; r < k; r++) confusion.push(Array.from(flat.subarray(r * k, (r + 1) * k)));
  return { kind: 'classification', classes: key.classes, confusion };
}
