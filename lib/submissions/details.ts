import type { AnswerKey } from '@/lib/scoring/answer-key';

export type PartDetails =
  | { kind: 'classification'; classes: string[]; confusion: number[][] }
  | { kind: 'matching'; tp: number; fp: number; fn: number; tn: number }
  | { kind: 'grouping'; records: number }
  | { kind: 'open_matching'; trueMatches: number; found: number };

/**
 * The confusion matrix (or match counts) of one part of the test set: the
 * public rows (`want` = 1), the private ones (0), or all (-1). Participants see
 * the public part before the reveal; the rest would leak private rows.
 */
export function partDetails(key: AnswerKey, pred: Int32Array, want: -1 | 0 | 1): PartDetails {
  const { truth, publicMask } = key;
  const inPart = (i: number) => want < 0 || publicMask[i] === want;
  if (key.kind === 'grouping') {
    let records = 0;
    for (let i = 0; i < key.n; i++) if (inPart(i)) records++;
    return { kind: 'grouping', records };
  }
  if (key.kind === 'open_matching') {
    let trueMatches = 0;
    let found = 0;
    for (let i = 0; i < key.n; i++) {
      if (!inPart(i)) continue;
      trueMatches++;
      found += pred[i];
    }
    return { kind: 'open_matching', trueMatches, found };
  }
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

export type PrPoint = { threshold: number; precision: number; recall: number };

/**
 * Precision and recall of "match" when every pair scoring at least the
 * threshold is called a match, for the part `want` (1 public, -1 all), at
 * most `points` thresholds spread evenly over the ranked pairs.
 */
export function prCurve(key: AnswerKey, scores: Float64Array, want: -1 | 0 | 1, points = 100): PrPoint[] {
  const idx: number[] = [];
  for (let i = 0; i < key.n; i++) if (want < 0 || key.publicMask[i] === want) idx.push(i);
  idx.sort((a, b) => scores[b] - scores[a]);
  let positives = 0;
  for (const i of idx) positives += key.truth[i];
  if (idx.length === 0 || positives === 0) return [];
  const out: PrPoint[] = [];
  const step = Math.max(1, Math.floor(idx.length / points));
  let tp = 0;
  let nextAt = 1;
  for (let r = 0; r < idx.length; r++) {
    tp += key.truth[idx[r]];
    const last = r === idx.length - 1;
    // Only at the end of a run of equal scores is "score ≥ threshold" a real cut.
    if (!last && scores[idx[r + 1]] === scores[idx[r]]) continue;
    if (r + 1 >= nextAt || last) {
      out.push({ threshold: scores[idx[r]], precision: tp / (r + 1), recall: tp / positives });
      nextAt = r + 1 + step;
    }
  }
  return out;
}
