/**
 * End to end through scoreSubmission: files written as participants write them (CSV
 * with quoting, CRLF, BOM; Parquet), scored against keys built from the scikit-learn
 * fixtures, must give scikit-learn's numbers on "all", and the public/private parts
 * must equal the metrics of their own rows.
 */
import { describe, expect, it } from 'vitest';
import { buildClassificationKey, buildMatchingKey, loadAnswerKey, serializeAnswerKey, answerKeyHash } from './answer-key';
import { classificationCases, matchingCases } from './fixtures/sklearn-cases';
import { csvBytes, parquetBytes } from './fixtures/write-files';
import { classificationMetricsFromConfusion, METRIC_VERSION } from './metrics';
import { scoreSubmission } from './score';

const close = (a: Record<string, number>, b: Record<string, number>) => {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  for (const m of Object.keys(b)) {
    // cohen_kappa is NaN (as in scikit-learn) when a tiny part holds a single class.
    if (Number.isNaN(b[m])) expect(a[m], m).toBeNaN();
    else expect(Math.abs(a[m] - b[m]), m).toBeLessThanOrEqual(1e-9);
  }
};

function reversed<T>(a: T[]): T[] {
  return [...a].reverse();
}

describe.each(classificationCases.map((c) => [c.name, c] as const))('classification "%s"', (_name, c) => {
  const ids = c.truth.map((_, i) => `t${String(i).padStart(4, '0')}`);
  const key = buildClassificationKey({ ids, labels: c.truth, classes: c.classes, seed: 11, publicFraction: 0.4 });
  const labelRows = ids.map((id, i) => [id, c.pred[i]]);

  it('label CSV gives scikit-learn values, in any row order and with CRLF', async () => {
    const { log_loss: _ll, ...expected } = c.expected;
    const a = await scoreSubmission({ key, file: { bytes: csvBytes(['id', 'label'], labelRows) } });
    close(a.all, expected);
    const b = await scoreSubmission({ key, file: { bytes: csvBytes(['label', 'id'], reversed(labelRows).map(([x, y]) => [y, x]), '\r\n') } });
    close(b.all, a.all);
    close(b.public, a.public);
    expect(a.metricVersion).toBe(METRIC_VERSION);
  });

  it('public and private parts are the metrics of their own rows', async () => {
    const r = await scoreSubmission({ key, file: { bytes: csvBytes(['id', 'label'], labelRows) } });
    const k = key.classes.length;
    for (const [part, want] of [['public', 1], ['private', 0]] as const) {
      const confusion = new Float64Array(k * k);
      for (let i = 0; i < key.n; i++) if (key.publicMask[i] === want) confusion[key.truth[i] * k + key.classes.indexOf(c.pred[i])]++;
      const { log_loss: _ll, ...got } = r[part];
      close(got, classificationMetricsFromConfusion({ confusion, k }));
    }
  });

  it.runIf(c.probs)('probability CSV and Parquet give scikit-learn values including log_loss', async () => {
    const sorted = key.classes;
    const colOf = (cls: string) => c.classes.indexOf(cls); // fixture probs are in sorted order already
    expect(sorted).toEqual(c.classes);
    const rows = ids.map((id, i) => [id, ...sorted.map((cls) => c.probs![i][colOf(cls)])]);
    const csv = await scoreSubmission({ key, file: { bytes: csvBytes(['id', ...reversed(sorted)], rows.map(([id, ...p]) => [id, ...reversed(p)])) } });
    close(csv.all, c.expected);
    const pq = await scoreSubmission({
      key,
      file: { bytes: parquetBytes([{ name: 'id', data: ids, type: 'STRING' }, ...sorted.map((cls, j) => ({ name: cls, data: c.probs!.map((p) => p[j]), type: 'DOUBLE' as const }))], 7) },
    });
    close(pq.all, c.expected);
    expect(Array.from(pq.predictions)).toEqual(c.pred.map((p) => sorted.indexOf(p)));
  });

  it('Parquet labels equal CSV labels', async () => {
    const pq = await scoreSubmission({ key, file: { bytes: parquetBytes([{ name: 'id', data: ids, type: 'STRING' }, { name: 'label', data: c.pred, type: 'STRING' }]) }, fileName: 'p.parquet' });
    const { log_loss: _ll, ...expected } = c.expected;
    close(pq.all, expected);
  });
});

describe.each(matchingCases.map((c) => [c.name, c] as const))('matching "%s"', (_name, c) => {
  const leftIds = c.truth.map((_, i) => `L${i % 37}`);
  const rightIds = c.truth.map((_, i) => `R${i}`);
  const key = buildMatchingKey({ leftIds, rightIds, labels: Uint8Array.from(c.truth), seed: 5, publicFraction: 0.5 });

  it('CSV and Parquet give scikit-learn values in any row order', async () => {
    const header = c.scores ? ['left_id', 'right_id', 'label', 'score'] : ['left_id', 'right_id', 'label'];
    const rows = c.truth.map((_, i) => [leftIds[i], rightIds[i], c.pred[i], ...(c.scores ? [c.scores[i]] : [])]);
    const a = await scoreSubmission({ key, file: { bytes: csvBytes(header, reversed(rows)) } });
    close(a.all, c.expected);
    const cols = [
      { name: 'left_id', data: leftIds, type: 'STRING' as const },
      { name: 'right_id', data: rightIds, type: 'STRING' as const },
      { name: 'label', data: Int32Array.from(c.pred), type: 'INT32' as const },
      ...(c.scores ? [{ name: 'score', data: Float64Array.from(c.scores), type: 'DOUBLE' as const }] : []),
    ];
    const b = await scoreSubmission({ key, file: { bytes: parquetBytes(cols) } });
    close(b.all, c.expected);
    expect(b.details).toMatchObject({ kind: 'matching' });
  });
});

describe('answer key storage', () => {
  it('round-trips through bytes and stamps scores with the key hash', async () => {
    const c = classificationCases[4];
    const ids = c.truth.map((_, i) => `id ${i}`);
    const key = buildClassificationKey({ ids, labels: c.truth, classes: c.classes, seed: 3, publicFraction: 0.3 });
    const bytes = serializeAnswerKey(key);
    const loaded = loadAnswerKey(bytes);
    expect(loaded.classes).toEqual(key.classes);
    expect(Array.from(loaded.truth)).toEqual(Array.from(key.truth));
    expect(Array.from(loaded.publicMask)).toEqual(Array.from(key.publicMask));
    expect(loaded.hash).toBe(answerKeyHash(bytes));
    expect(answerKeyHash(serializeAnswerKey(loaded))).toBe(loaded.hash);
    // A misaligned copy (as a storage read may give) loads the same.
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    expect(Array.from(loadAnswerKey(shifted).truth)).toEqual(Array.from(key.truth));
    const file = { bytes: csvBytes(['id', 'label'], ids.map((id, i) => [id, c.pred[i]])) };
    const [a, b] = await Promise.all([scoreSubmission({ key, file }), scoreSubmission({ key: loaded, file })]);
    expect(b.all).toEqual(a.all);
    expect(b.answerKeyHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a key with a duplicate id or a label outside the classes', () => {
    expect(() => buildClassificationKey({ ids: ['a', 'a'], labels: ['x', 'y'], classes: ['x', 'y'], seed: 1, publicFraction: 0.5 })).toThrow(/'a' appears at rows 1 and 2/);
    expect(() => buildClassificationKey({ ids: ['a', 'b'], labels: ['x', 'z'], classes: ['x', 'y'], seed: 1, publicFraction: 0.5 })).toThrow(/'z' is not one of the train classes/);
  });

  it('orders classes by code point, as numpy sorts strings', () => {
    const key = buildClassificationKey({ ids: ['a', 'b', 'c', 'd'], labels: ['9', '10', 'é', '😀'], classes: ['😀', '9', 'é', '10', 'Z'], seed: 1, publicFraction: 0.5 });
    expect(key.classes).toEqual(['10', '9', 'Z', 'é', '😀']);
  });
});

describe('rows out of the key order (batched lookups)', () => {
  const n = 1000;
  const ids = Array.from({ length: n }, (_, i) => `row-${i}`);
  const labels = ids.map((_, i) => (i % 3 === 0 ? 'a' : i % 3 === 1 ? 'b' : 'c'));
  const key = buildClassificationKey({ ids, labels, classes: ['a', 'b', 'c'], seed: 9, publicFraction: 0.3 });
  const order = Array.from({ length: n }, (_, i) => (i * 389) % n); // a fixed permutation
  const rows = order.map((i) => [ids[i], labels[i]]);
  const score = (r: Array<Array<string>>) => scoreSubmission({ key, file: { bytes: csvBytes(['id', 'label'], r) }, fileName: 'p.csv' });

  it('scores a shuffled file like an ordered one', async () => {
    const a = await score(rows);
    expect(a.all.accuracy).toBe(1);
    expect(Array.from(a.predictions)).toEqual(labels.map((l) => ['a', 'b', 'c'].indexOf(l)));
  });

  it('names the first bad row in file order even when a later row is bad in another way', async () => {
    const bad = rows.map((r) => [...r]);
    bad[599][0] = 'row-x'; // unknown id, queued for a batched lookup
    bad[601][1] = 'z'; // unknown label two rows later
    await expect(score(bad)).rejects.toThrow("p.csv, row 600 (line 601): id 'row-x' is not a test id");
    const text = new TextDecoder().decode(csvBytes(['id', 'label'], bad.map((r, i) => (i === 601 ? [r[0]] : r))));
    await expect(scoreSubmission({ key, file: { bytes: new TextEncoder().encode(text) }, fileName: 'p.csv' })).rejects.toThrow('row 600 (line 601)');
    const dup = rows.map((r) => [...r]);
    dup[700] = [...rows[123]];
    await expect(score(dup)).rejects.toThrow(`p.csv, row 701 (line 702): duplicate id '${rows[123][0]}'; it was already given at row 124`);
  });
});
