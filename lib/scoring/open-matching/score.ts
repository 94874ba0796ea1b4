/**
 * Scoring an open matching submission: the pairs the participant predicts as matches
 * (`left_id,right_id`, optional `score`), as many as it likes. Precision is over the
 * submitted pairs, recall over all true matches; a pair is in the public part when its
 * left record is public. An id that is no record, a pair given twice or (when right is
 * left) a record paired with itself is an error naming it.
 */
import type { AnswerKey } from '../answer-key';
import { parseDecimal } from '../csv/parse-number';
import { METRIC_VERSION } from '../metrics';
import { matchingMetricsFromCounts } from '../metrics/matching';
import type { ScoreResult } from '../score-result';
import { readSubmissionRows } from '../tabular/read-rows';
import { badFile, show, where } from '../where';
import { orderPair } from './key';

export const OPEN_MATCHING_COLUMNS = {
  required: ['left_id', 'right_id'],
  optional: ['score'],
  expected: 'left_id,right_id and optionally score (one row per pair you predict is a match)',
  refused: { label: 'this task has no candidate list, so list only the pairs you predict are matches (drop the label column and the rows labelled 0)' },
};

/** At most this many submitted pairs, whatever the record counts (a file this long is a mistake). */
export const MAX_OPEN_PAIRS = 50_000_000;

type Index = { left: Map<string, number>; right: Map<string, number>; truth: Map<string, number> };
const indexes = new WeakMap<AnswerKey, Index>();

function indexOf(key: AnswerKey): Index {
  let ix = indexes.get(key);
  if (!ix) {
    const utf8 = new TextDecoder();
    const col = (c: { bytes: Uint8Array; offsets: Uint32Array }) => {
      const m = new Map<string, number>();
      for (let i = 0; i + 1 < c.offsets.length; i++) m.set(utf8.decode(c.bytes.subarray(c.offsets[i], c.offsets[i + 1])), i);
      return m;
    };
    const rec = key.records!;
    const left = col(rec.left);
    const right = rec.right ? col(rec.right) : left;
    const [a, b] = key.idColumns;
    const truth = new Map<string, number>();
    for (let i = 0; i < key.n; i++) {
      truth.set(`${utf8.decode(a.bytes.subarray(a.offsets[i], a.offsets[i + 1]))}\u0000${utf8.decode(b.bytes.subarray(b.offsets[i], b.offsets[i + 1]))}`, i);
    }
    ix = { left, right, truth };
    indexes.set(key, ix);
  }
  return ix;
}

const INFINITE = /^[-+]?(inf|infinity)$/i;

export async function scoreOpenMatchingBytes(key: AnswerKey, bytes: Uint8Array, fileName: string): Promise<ScoreResult> {
  const ix = indexOf(key);
  const sameTable = key.records!.right === null;
  const leftPublic = key.records!.leftPublic;
  const seen = new Map<string, number>();
  const found = new Int32Array(key.n); // 1 where the true match was submitted
  const submitted: { hit: number; part: number; score: number }[] = [];
  let hasScore = false;
  const enc = new TextEncoder();
  await readSubmissionRows({
    bytes, fileName, plan: OPEN_MATCHING_COLUMNS, maxRows: MAX_OPEN_PAIRS,
    sink: ([l0, r0, s], row, line) => {
      const at = where(row, line);
      if (l0 === '' || r0 === '') throw badFile('empty_id', `${at}: ${l0 === '' ? 'left_id' : 'right_id'} is empty`);
      if (!ix.left.has(l0!)) throw badFile('unknown_id', `${at}: left_id ${show(l0!)} is not an id of ${sameTable ? 'the records' : 'left'}`);
      if (!ix.right.has(r0!)) throw badFile('unknown_id', `${at}: right_id ${show(r0!)} is not an id of ${sameTable ? 'the records' : 'right'}`);
      if (sameTable && l0 === r0) throw badFile('self_pair', `${at}: the pair pairs ${show(l0!)} with itself; a record always matches itself, so list only pairs of two different records`);
      const [l, r] = orderPair(sameTable, l0!, r0!);
      const k = `${l}\u0000${r}`;
      const first = seen.get(k);
      if (first !== undefined) throw badFile('duplicate_pair', `${at}: the pair ${show(l)}, ${show(r)} was already given at row ${first}${sameTable ? ' (a pair is unordered when right is left)' : ''}`);
      seen.set(k, row);
      let score = 0;
      if (s !== null) {
        hasScore = true;
        const b = enc.encode(s!);
        score = s === '' ? NaN : parseDecimal(b, 0, b.length);
        if (!Number.isFinite(score)) {
          if (INFINITE.test(s!)) throw badFile('not_finite', `${at}: score ${show(s!)} is not finite`);
          throw badFile(s === '' ? 'empty_value' : 'not_a_number', `${at}: score ${show(s!)} is not a number`);
        }
      }
      const t = ix.truth.get(k);
      if (t !== undefined) found[t] = 1;
      submitted.push({ hit: t === undefined ? 0 : 1, part: leftPublic[ix.left.get(l)!], score });
    },
  });
  if (submitted.length === 0) throw badFile('no_rows', 'the file has a header but no rows; list at least one pair you predict is a match');
  const part = (want: number) => {
    let tp = 0;
    let fp = 0;
    let positives = 0;
    for (const p of submitted) {
      if (want >= 0 && p.part !== want) continue;
      if (p.hit) tp++;
      else fp++;
    }
    for (let i = 0; i < key.n; i++) if (want < 0 || key.publicMask[i] === want) positives++;
    if (positives === 0 && tp + fp === 0) return null;
    const counts = { tp, fp, fn: positives - tp };
    const out = matchingMetricsFromCounts(counts);
    if (hasScore) out.average_precision = openAveragePrecision(submitted.filter((p) => want < 0 || p.part === want), positives);
    return { out, counts };
  };
  const all = part(-1)!;
  const pick = (p: ReturnType<typeof part>) => p?.out ?? {};
  return {
    all: all.out,
    public: pick(part(1)),
    private: pick(part(0)),
    details: { kind: 'open_matching', ...all.counts, submitted: submitted.length },
    predictions: found,
    metricVersion: METRIC_VERSION,
    answerKeyHash: key.hash,
  };
}

/**
 * Average precision over the ranked submitted pairs with recall out of all true matches
 * (a true match never submitted is never recalled): Σ (R_k − R_{k−1}) · P_k at each
 * distinct score, as scikit-learn's average_precision_score steps. It equals scikit-learn's
 * value when every true match is submitted.
 */
export function openAveragePrecision(pairs: { hit: number; score: number }[], positives: number): number {
  if (positives === 0) return 0;
  const sorted = [...pairs].sort((a, b) => b.score - a.score);
  let tp = 0;
  let ap = 0;
  let lastRecall = 0;
  for (let i = 0; i < sorted.length; i++) {
    tp += sorted[i].hit;
    if (i + 1 < sorted.length && sorted[i + 1].score === sorted[i].score) continue;
    const recall = tp / positives;
    ap += (recall - lastRecall) * (tp / (i + 1));
    lastRecall = recall;
  }
  return ap;
}
