import { describe, expect, it } from 'vitest';
import { classificationMetricsFromConfusion, matchingMetricsFromCounts } from '@/lib/scoring/metrics';
import { mulberry32 } from '@/lib/scoring/split';
import { classificationMetricNames, matchingMetricNames, metricFromStats, slotsFor, statsWidth } from './class-stats';

function statsOf(confusion: Float64Array, k: number): Float64Array {
  const stats = new Float64Array(statsWidth(k));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      stats[i] += confusion[i * k + j];
      stats[k + j] += confusion[i * k + j];
      stats[3 * k] += confusion[i * k + j];
    }
    stats[2 * k + i] = confusion[i * k + i];
    stats[3 * k + 1] += confusion[i * k + i];
  }
  return stats;
}

describe('metricFromStats', () => {
  it('equals the metrics module bit for bit on random confusion matrices, absent classes included', () => {
    const rand = mulberry32(99);
    for (let trial = 0; trial < 200; trial++) {
      const k = 2 + Math.floor(rand() * 9);
      const confusion = new Float64Array(k * k);
      const absent = Math.floor(rand() * k); // a class nobody has or predicts
      for (let i = 0; i < k; i++) {
        for (let j = 0; j < k; j++) {
          if (i === absent || j === absent) continue;
          confusion[i * k + j] = rand() < 0.5 ? Math.floor(rand() * (i === j ? 60 : 8)) : 0;
        }
      }
      confusion[((absent + 1) % k) * (k + 1)] += 1; // never empty
      const expected = classificationMetricsFromConfusion({ confusion, k });
      const stats = statsOf(confusion, k);
      for (const m of classificationMetricNames) expect(metricFromStats(m, stats, 0, k), `${m} k=${k}`).toBe(expected[m]);
    }
  });

  it('gives the matching metrics of class 1 as the metrics module does', () => {
    for (const [tp, fp, fn, tn] of [
      [30, 5, 12, 900],
      [0, 0, 4, 10],
      [0, 3, 0, 10],
      [7, 0, 0, 1],
    ]) {
      const confusion = new Float64Array([tn, fp, fn, tp]);
      const expected = matchingMetricsFromCounts({ tp, fp, fn, tn });
      for (const m of matchingMetricNames) expect(metricFromStats(m, statsOf(confusion, 2), 0, 2)).toBe(expected[m]);
    }
  });

  it('reads only the slots slotsFor marks', () => {
    const rand = mulberry32(5);
    const k = 6;
    const confusion = Float64Array.from({ length: k * k }, () => Math.floor(rand() * 20));
    const stats = statsOf(confusion, k);
    for (const m of [...classificationMetricNames, ...matchingMetricNames]) {
      const kk = (matchingMetricNames as readonly string[]).includes(m) ? 2 : k;
      const s = kk === k ? stats : statsOf(confusion.subarray(0, 4), 2);
      const slots = slotsFor([m], kk);
      const kept = s.map((v, i) => (slots[i] ? v : 0));
      expect(metricFromStats(m, kept, 0, kk), m).toBe(metricFromStats(m, s, 0, kk));
    }
    expect(Array.from(slotsFor(['accuracy'], k)).reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('is NaN on a resample that drew no rows, and kappa is NaN when chance agreement is total', () => {
    expect(metricFromStats('accuracy', new Float64Array(statsWidth(2)), 0, 2)).toBeNaN();
    expect(metricFromStats('cohen_kappa', statsOf(new Float64Array([5, 0, 0, 0]), 2), 0, 2)).toBeNaN();
  });
});
