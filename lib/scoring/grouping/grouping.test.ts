import { describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { writeParquet } from '@/lib/tables/parquet-write';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAnswerKey, serializeAnswerKey } from '../answer-key';
import { resampleWeights } from '../bootstrap/resample-plan';
import { scoreSubmission } from '../score';
import { groupingInterval, groupStats, metricFromGroupSums } from './bootstrap';
import { buildGroupingKey, groupCount } from './key';
import { contingency, groupingMetrics, groupingMetricsFromContingency } from './metrics';

/** A catalog of product variants: group g has 1 + (g % 5) records, ids shuffled. */
function catalog(groups: number) {
  const ids: string[] = [];
  const truth: string[] = [];
  for (let g = 0; g < groups; g++) {
    for (let k = 0; k <= g % 5; k++) {
      ids.push(`r${g}-${k}`);
      truth.push(`G${g}`);
    }
  }
  return { ids, truth };
}

const enc = new TextEncoder();
const csv = (rows: string[][]) => enc.encode(rows.map((r) => r.join(',')).join('\n') + '\n');

async function refusal(bytes: Uint8Array, key = keyOf(catalog(6))) {
  const e = await scoreSubmission({ key, file: { bytes }, fileName: 'groups.csv' }).then(() => null, (x: unknown) => x);
  expect(isPodiumError(e)).toBe(true);
  return e as Error & { code: string };
}

function keyOf({ ids, truth }: { ids: string[]; truth: string[] }, seed = 7) {
  return loadAnswerKey(serializeAnswerKey(buildGroupingKey({ ids, groups: truth, seed, publicFraction: 0.5 })));
}

describe('grouping answer key', () => {
  it('splits whole groups: every record of a group is on the same board', () => {
    const c = catalog(40);
    const key = keyOf(c);
    const boardOf = new Map<string, number>();
    c.truth.forEach((g, i) => {
      if (boardOf.has(g)) expect(key.publicMask[i]).toBe(boardOf.get(g));
      boardOf.set(g, key.publicMask[i]);
    });
    expect(groupCount(key)).toBe(40);
    expect([...boardOf.values()].filter((v) => v === 1).length).toBe(20);
  });
});

describe('scoring a grouping submission (id,group)', () => {
  const c = catalog(30);
  const key = keyOf(c);
  // Merge groups 0 and 1, split group 4, move one record: labels are arbitrary strings.
  const pred = c.truth.map((g, i) => (g === 'G1' ? 'team-G0' : g === 'G4' && i % 2 ? 'x4' : i === 10 ? 'G7' : `team-${g}`));

  it('gives the metrics of the contingency table on all rows and on each board', async () => {
    const rows = [['id', 'group'], ...c.ids.map((id, i) => [id, pred[i]])];
    const r = await scoreSubmission({ key, file: { bytes: csv(rows) }, fileName: 'g.csv' });
    const dense = (v: string[]) => { const m = new Map<string, number>(); return Int32Array.from(v, (x) => (m.has(x) ? m.get(x)! : (m.set(x, m.size), m.size - 1))); };
    const expectedAll = groupingMetrics({ truth: dense(c.truth), predicted: dense(pred) });
    for (const [k, v] of Object.entries(expectedAll)) expect(r.all[k]).toBeCloseTo(v, 12);
    const pub = c.ids.map((_, i) => i).filter((i) => key.publicMask[i] === 1);
    const expectedPublic = groupingMetrics({ truth: dense(pub.map((i) => c.truth[i])), predicted: dense(pub.map((i) => pred[i])) });
    for (const [k, v] of Object.entries(expectedPublic)) expect(r.public[k]).toBeCloseTo(v, 12);
    expect(r.all.adjusted_rand).toBeLessThan(1);
    expect(r.details).toEqual({ kind: 'grouping', records: c.ids.length, groups: 30, clusters: expect.any(Number) });
  });

  it('does not depend on row order or on the group labels chosen', async () => {
    const rows = c.ids.map((id, i) => [id, pred[i]]);
    const a = await scoreSubmission({ key, file: { bytes: csv([['id', 'group'], ...rows]) } });
    const relabelled = rows.map(([id, g]) => [id, `z${g.length}${g}`]).reverse();
    const b = await scoreSubmission({ key, file: { bytes: csv([['group', 'id'], ...relabelled.map(([id, g]) => [g, id])]) } });
    expect(b.all).toEqual(a.all);
    expect(b.public).toEqual(a.public);
  });

  it('reads Parquet with the same rules', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'grouping-'));
    const file = path.join(dir, 'g.parquet');
    writeParquet({ numRows: c.ids.length, columns: [{ name: 'id', type: 'string', values: c.ids }, { name: 'group', type: 'string', values: pred }] }, file);
    const p = await scoreSubmission({ key, file: { bytes: readFileSync(file) }, fileName: 'g.parquet' });
    const q = await scoreSubmission({ key, file: { bytes: csv([['id', 'group'], ...c.ids.map((id, i) => [id, pred[i]])]) } });
    expect(p.all).toEqual(q.all);
  });

  it('refuses a bad file as a whole, naming the rule, row and value', async () => {
    const small = catalog(6);
    const good = small.ids.map((id, i) => [id, small.truth[i]]);
    expect((await refusal(csv([['id', 'group'], ...good.slice(1)]))).message).toBe("groups.csv, the file has 15 rows but 1 of the 16 test ids has no row; the first missing is 'r0-0' (test row 1)");
    expect((await refusal(csv([['id', 'group'], ...good, ['nope', 'G1']]))).message).toBe("groups.csv, row 17 (line 18): id 'nope' is not a test id");
    expect((await refusal(csv([['id', 'group'], ...good, good[3]]))).message).toBe("groups.csv, row 17 (line 18): duplicate id 'r2-0'; it was already given at row 4");
    expect((await refusal(csv([['id', 'group'], ['r0-0', ''], ...good.slice(1)]))).code).toBe('bad_file:empty_group');
    expect((await refusal(csv([['id', 'label'], ...good]))).message).toContain("no column named 'group' (found 'id', 'label'). Expected columns: id,group");
    expect((await refusal(csv([['id', 'group', 'score'], ...good.map((r) => [...r, '1'])]))).code).toBe('bad_file:extra_column');
  });
});

describe('grouping metrics at scale', () => {
  it('scores 1M records from the contingency table (no pair enumeration) in seconds', () => {
    const n = 1_000_000;
    const truth = new Int32Array(n);
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      truth[i] = Math.floor(i / 3);
      predicted[i] = i % 10 === 0 ? n + i : Math.floor(i / 6);
    }
    const t = performance.now();
    const m = groupingMetrics({ truth, predicted });
    const secs = (performance.now() - t) / 1000;
    expect(secs).toBeLessThan(10);
    // Exact counts: 333,334 groups of 3 (the last of 1), clusters of 6 with every 10th record pulled out.
    expect(m.pairwise_recall).toBeGreaterThan(0.7);
    expect(m.adjusted_rand).toBeGreaterThan(0);
    expect(m.adjusted_rand).toBeLessThan(1);
  });
});

describe('bootstrap intervals of a grouping metric resample groups', () => {
  const c = catalog(50);
  const key = keyOf(c);
  const dense = new Map<string, number>();
  const pred = Int32Array.from(c.truth, (g, i) => (i % 7 === 0 ? 1000 + i : (dense.has(g) ? dense.get(g)! : (dense.set(g, dense.size), dense.size - 1))));

  it('per-group sums with every weight 1 give exactly the observed metrics', () => {
    const table = contingency({ truth: key.truth, predicted: pred });
    const stats = groupStats(table);
    const sums = new Float64Array(6);
    for (let g = 0; g < table.groups; g++) for (let k = 0; k < 6; k++) sums[k] += stats[g * 6 + k];
    const exact = groupingMetricsFromContingency(table);
    for (const m of Object.keys(exact) as (keyof typeof exact)[]) expect(metricFromGroupSums(m, sums)).toBeCloseTo(exact[m], 12);
  });

  it('resample b weights every record of a group by that group\'s plan weight; the interval holds the value', () => {
    for (const metric of ['pairwise_f1', 'bcubed_f1', 'adjusted_rand'] as const) {
      const iv = groupingInterval({ key, predictions: pred, metric, want: -1 })!;
      expect(iv.low).toBeLessThanOrEqual(iv.value);
      expect(iv.high).toBeGreaterThanOrEqual(iv.value);
      expect(iv.high - iv.low).toBeGreaterThan(0);
      const plan = resampleWeights({ n: groupCount(key), seed: key.seed });
      const table = contingency({ truth: key.truth, predicted: pred });
      const stats = groupStats(table);
      for (const b of [0, 1, 999]) {
        const sums = new Float64Array(6);
        table.groupIds.forEach((orig, g) => {
          const w = plan.weights[(plan.blockOf ? plan.blockOf[orig] : orig) * plan.resamples + b];
          for (let k = 0; k < 6; k++) sums[k] += w * stats[g * 6 + k];
        });
        expect(iv.resampledValues[b]).toBeCloseTo(metricFromGroupSums(metric, sums), 12);
      }
    }
  });

  it('a perfect grouping has the interval [1, 1]', () => {
    const iv = groupingInterval({ key, predictions: key.truth, metric: 'adjusted_rand', want: 1 })!;
    expect([iv.value, iv.low, iv.high]).toEqual([1, 1, 1]);
  });
});
