import { describe, expect, it } from 'vitest';
import { buildMatchingKey } from '@/lib/scoring/answer-key';
import { partDetails, prCurve } from './details';

const key = buildMatchingKey({
  leftIds: ['a', 'b', 'c', 'd', 'e', 'f'],
  rightIds: ['1', '2', '3', '4', '5', '6'],
  labels: Uint8Array.from([1, 0, 1, 0, 1, 0]),
  seed: 1,
  publicFraction: 0.5,
});

describe('submission details', () => {
  it('counts matches on a part and on all rows', () => {
    const pred = Int32Array.from([1, 1, 0, 0, 1, 0]);
    const all = partDetails(key, pred, -1);
    expect(all).toEqual({ kind: 'matching', tp: 2, fp: 1, fn: 1, tn: 2 });
    const pub = partDetails(key, pred, 1) as { tp: number; fp: number; fn: number; tn: number };
    expect(pub.tp + pub.fp + pub.fn + pub.tn).toBe(3);
  });

  it('gives precision and recall at each threshold, cutting only between distinct scores', () => {
    // Scores rank a, c, b, e, d, f: true matches are a, c, e.
    const scores = Float64Array.from([0.9, 0.6, 0.8, 0.2, 0.6, 0.1]);
    const curve = prCurve(key, scores, -1, 100);
    expect(curve).toEqual([
      { threshold: 0.9, precision: 1, recall: 1 / 3 },
      { threshold: 0.8, precision: 1, recall: 2 / 3 },
      { threshold: 0.6, precision: 3 / 4, recall: 1 }, // b and e tie at 0.6: one cut for both
      { threshold: 0.2, precision: 3 / 5, recall: 1 },
      { threshold: 0.1, precision: 1 / 2, recall: 1 },
    ]);
  });
});
