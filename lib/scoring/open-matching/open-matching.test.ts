import { describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { loadAnswerKey, serializeAnswerKey } from '../answer-key';
import { mulberry32 } from '../split';
import { scoreSubmission } from '../score';
import { averagePrecision } from '../metrics';
import { buildOpenMatchingKey, orderPair } from './key';
import { openAveragePrecision } from './score';

const enc = new TextEncoder();
const csv = (rows: (string | number)[][]) => enc.encode(rows.map((r) => r.join(',')).join('\n') + '\n');

/** Two catalogs, 60 true matches, and a submission with hits, misses and pairs of its own. */
function world(sameTable: boolean) {
  const rand = mulberry32(42);
  const left = Array.from({ length: 80 }, (_, i) => `a${i}`);
  const right = sameTable ? null : Array.from({ length: 90 }, (_, i) => `b${i}`);
  const rightIds = right ?? left;
  const truth = new Set<string>();
  const matches = { left: [] as string[], right: [] as string[] };
  while (matches.left.length < 60) {
    const l = left[Math.floor(rand() * left.length)];
    const r = rightIds[Math.floor(rand() * rightIds.length)];
    if (l === r) continue;
    const [x, y] = orderPair(sameTable, l, r);
    if (truth.has(`${x}|${y}`)) continue;
    truth.add(`${x}|${y}`);
    matches.left.push(l);
    matches.right.push(r);
  }
  const submitted: [string, string, number][] = [];
  const seen = new Set<string>();
  const add = (l: string, r: string) => {
    const [x, y] = orderPair(sameTable, l, r);
    if (l === r || seen.has(`${x}|${y}`)) return;
    seen.add(`${x}|${y}`);
    submitted.push([l, r, Math.round(rand() * 100) / 100]);
  };
  matches.left.forEach((l, i) => rand() < 0.7 && add(l, matches.right[i]));
  for (let k = 0; k < 40; k++) add(left[Math.floor(rand() * left.length)], rightIds[Math.floor(rand() * rightIds.length)]);
  const key = loadAnswerKey(serializeAnswerKey(buildOpenMatchingKey({ leftRecords: left, rightRecords: right, matches, seed: 9, publicFraction: 0.4 })));
  return { left, right, key, truth, submitted };
}

/** Precision and recall by counting, one pair at a time. */
function bruteForce(w: ReturnType<typeof world>, sameTable: boolean, part: number) {
  const pub = new Map(w.left.map((id, i) => [id, w.key.records!.leftPublic[i]]));
  let tp = 0, sub = 0, all = 0;
  for (const [l, r] of w.submitted) {
    const [x, y] = orderPair(sameTable, l, r);
    if (part >= 0 && pub.get(x) !== part) continue;
    sub++;
    if (w.truth.has(`${x}|${y}`)) tp++;
  }
  for (const t of w.truth) if (part < 0 || pub.get(t.split('|')[0]) === part) all++;
  return { precision: tp / sub, recall: tp / all };
}

describe.each([false, true])('open matching (right is left: %s)', (sameTable) => {
  const w = world(sameTable);
  it('precision is over the submitted pairs and recall over all true matches, on each board', async () => {
    const r = await scoreSubmission({ key: w.key, file: { bytes: csv([['left_id', 'right_id', 'score'], ...w.submitted]) }, fileName: 'pairs.csv' });
    for (const [part, got] of [[-1, r.all], [1, r.public], [0, r.private]] as const) {
      const b = bruteForce(w, sameTable, part);
      expect(got.precision).toBeCloseTo(b.precision, 12);
      expect(got.recall).toBeCloseTo(b.recall, 12);
      expect(got.f1).toBeCloseTo((2 * b.precision * b.recall) / (b.precision + b.recall), 12);
    }
    expect(r.all.average_precision).toBeGreaterThan(0);
    expect(r.all.average_precision).toBeLessThanOrEqual(r.all.recall + 1e-12);
    expect(r.details).toMatchObject({ kind: 'open_matching', submitted: w.submitted.length });
  });

  it('a pair is public when its left record is', () => {
    const pubLeft = new Set(w.left.filter((_, i) => w.key.records!.leftPublic[i] === 1));
    const l = w.key.idColumns[0];
    for (let i = 0; i < w.key.n; i++) {
      const id = new TextDecoder().decode(l.bytes.subarray(l.offsets[i], l.offsets[i + 1]));
      expect(w.key.publicMask[i]).toBe(pubLeft.has(id) ? 1 : 0);
    }
  });

  it('refuses unknown ids and repeated pairs, naming them', async () => {
    const bad = async (rows: (string | number)[][]) => {
      const e = await scoreSubmission({ key: w.key, file: { bytes: csv([['left_id', 'right_id'], ...rows]) }, fileName: 'pairs.csv' }).then(() => null, (x: unknown) => x);
      expect(isPodiumError(e)).toBe(true);
      return (e as Error).message;
    };
    const [l, r] = w.submitted[0];
    expect(await bad([[l, r], ['zz9', r]])).toBe(`pairs.csv, row 2 (line 3): left_id 'zz9' is not an id of ${sameTable ? 'the records' : 'left'}`);
    expect(await bad([[l, 'nope']])).toBe(`pairs.csv, row 1 (line 2): right_id 'nope' is not an id of ${sameTable ? 'the records' : 'right'}`);
    expect(await bad([[l, r], [l, r]])).toContain(`pairs.csv, row 2 (line 3): the pair '${orderPair(sameTable, l, r)[0]}', '${orderPair(sameTable, l, r)[1]}' was already given at row 1`);
    if (sameTable) {
      expect(await bad([[l, r], [r, l]])).toContain('was already given at row 1 (a pair is unordered when right is left)');
      expect(await bad([[l, l]])).toContain(`the pair pairs '${l}' with itself`);
    }
  });

  it('a submission of every true match (and nothing else) is perfect', async () => {
    const rows: string[][] = [];
    for (const t of w.truth) rows.push(t.split('|'));
    const r = await scoreSubmission({ key: w.key, file: { bytes: csv([['left_id', 'right_id'], ...rows]) } });
    expect(r.all).toEqual({ f1: 1, precision: 1, recall: 1 });
  });
});

describe('open-matching average precision', () => {
  it('equals scikit-learn\'s average_precision_score over the submitted pairs when every true match is submitted', () => {
    const rand = mulberry32(3);
    const pairs = Array.from({ length: 300 }, (_, i) => ({ hit: i < 40 ? 1 : rand() < 0.1 ? 1 : 0, score: Math.round(rand() * 20) / 20 }));
    const positives = pairs.reduce((s, p) => s + p.hit, 0);
    const sk = averagePrecision({ truth: pairs.map((p) => p.hit), scores: Float64Array.from(pairs, (p) => p.score) });
    expect(openAveragePrecision(pairs, positives)).toBeCloseTo(sk, 12);
    // A true match never submitted is never recalled: AP shrinks by the share of matches found.
    expect(openAveragePrecision(pairs, positives * 2)).toBeCloseTo(sk / 2, 12);
  });
});

describe('open matching with right = left orders a pair as JS compares strings, also past ASCII', () => {
  // JS compares UTF-16 code units: '\u{1F600}' (a surrogate pair, 0xD83D…) sorts before '\uFF01';
  // in UTF-8 bytes (0xF0… vs 0xEF…) it is the other way round.
  const smile = 'a\u{1F600}';
  const bang = 'a\uFF01';
  const records = [smile, bang, 'b', 'c'];
  const key = loadAnswerKey(serializeAnswerKey(buildOpenMatchingKey({ leftRecords: records, rightRecords: null, matches: { left: [bang], right: [smile] }, seed: 1, publicFraction: 0.5 })));

  it.each([[smile, bang], [bang, smile]])('finds the true match given as %s, %s', async (l, r) => {
    const res = await scoreSubmission({ key, file: { bytes: csv([['left_id', 'right_id'], [l, r], ['b', 'c']]) } });
    expect(res.all).toMatchObject({ recall: 1, precision: 0.5 });
  });

  it('names a repeated pair in that order', async () => {
    const e = await scoreSubmission({ key, file: { bytes: csv([['left_id', 'right_id'], [bang, smile], [smile, bang]]) }, fileName: 'p.csv' }).then(() => null, (x: unknown) => x);
    expect((e as Error).message).toBe(`p.csv, row 2 (line 3): the pair '${smile}', '${bang}' was already given at row 1 (a pair is unordered when right is left)`);
    expect(orderPair(true, bang, smile)).toEqual([smile, bang]);
  });
});
