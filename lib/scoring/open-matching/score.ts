/**
 * Scoring an open matching submission: the pairs the participant predicts as matches
 * (`left_id,right_id`, optional `score`), as many as it likes. Precision is over the
 * submitted pairs, recall over all true matches; a pair is in the public part when its
 * left record is public. An id that is no record, a pair given twice or (when right is
 * left) a record paired with itself is an error naming it.
 */
import { keyRowIndex, type AnswerKey } from '../answer-key';
import { RowIndex } from '../byte-hash';
import { parseDecimal } from '@/lib/tables/parse-number';
import { PairSet } from '../grouping/intern';
import { METRIC_VERSION } from '../metrics';
import { matchingMetricsFromCounts } from '../metrics/matching';
import type { ScoreResult } from '../score-result';
import { fieldText, readSubmissionRows, type RowSource } from '../tabular/read-rows';
import { badFile, show, where } from '@/lib/tables/where';

export const OPEN_MATCHING_COLUMNS = {
  required: ['left_id', 'right_id'],
  optional: ['score'],
  expected: 'left_id,right_id and optionally score (one row per pair you predict is a match)',
  refused: { label: 'this task has no candidate list, so list only the pairs you predict are matches (drop the label column and the rows labelled 0)' },
};

/** At most this many submitted pairs, whatever the record counts (a file this long is a mistake). */
export const MAX_OPEN_PAIRS = 50_000_000;

type Index = { left: RowIndex; right: RowIndex };
const indexes = new WeakMap<AnswerKey, Index>();

function indexOf(key: AnswerKey): Index {
  let ix = indexes.get(key);
  if (!ix) {
    const rec = key.records!;
    const left = new RowIndex([rec.left]);
    ix = { left, right: rec.right ? new RowIndex([rec.right]) : left };
    indexes.set(key, ix);
  }
  return ix;
}

const INFINITE = /^[-+]?(inf|infinity)$/i;
const utf8 = new TextDecoder();

/**
 * a < b as JS compares strings (UTF-16 code units), on UTF-8 bytes: ASCII bytes order the
 * same way; at a non-ASCII difference the two are decoded and compared as strings, so the
 * order is exactly the one the key was built with (orderPair).
 */
function bytesLess(a: Uint8Array, as: number, ae: number, b: Uint8Array, bs: number, be: number): boolean {
  const la = ae - as;
  const lb = be - bs;
  const m = la < lb ? la : lb;
  for (let i = 0; i < m; i++) {
    const x = a[as + i];
    const y = b[bs + i];
    if (x === y) continue;
    if (x < 0x80 && y < 0x80) return x < y;
    return utf8.decode(a.subarray(as, ae)) < utf8.decode(b.subarray(bs, be));
  }
  return la < lb;
}

/** Growable typed columns of the submitted pairs. */
class Submitted {
  n = 0;
  hit = new Uint8Array(1024);
  part = new Uint8Array(1024);
  score = new Float64Array(1024);

  push(hit: number, part: number, score: number): void {
    if (this.n === this.hit.length) {
      const grow = <T extends Uint8Array | Float64Array>(a: T, b: T) => (b.set(a), b);
      this.hit = grow(this.hit, new Uint8Array(this.n * 2));
      this.part = grow(this.part, new Uint8Array(this.n * 2));
      this.score = grow(this.score, new Float64Array(this.n * 2));
    }
    this.hit[this.n] = hit;
    this.part[this.n] = part;
    this.score[this.n] = score;
    this.n++;
  }
}

export async function scoreOpenMatching(key: AnswerKey, source: RowSource, fileName: string): Promise<ScoreResult> {
  const ix = indexOf(key);
  const truthIndex = keyRowIndex(key);
  const sameTable = key.records!.right === null;
  const leftPublic = key.records!.leftPublic;
  const seen = new PairSet(1 << 16);
  const found = new Int32Array(key.n); // 1 where the true match was submitted
  const submitted = new Submitted();
  let hasScore = false;
  await readSubmissionRows({
    source, fileName, plan: OPEN_MATCHING_COLUMNS, maxRows: MAX_OPEN_PAIRS,
    sink: (bufs, starts, ends, row, line) => {
      const at = where(row, line);
      const text = (i: number) => fieldText(bufs, starts, ends, i)!;
      let lb = bufs[0], ls = starts[0], le = ends[0];
      let rb = bufs[1], rs = starts[1], re = ends[1];
      if (ls === le || rs === re) throw badFile('empty_id', `${at}: ${ls === le ? 'left_id' : 'right_id'} is empty`);
      let li = ix.left.find1(lb, ls, le);
      if (li < 0) throw badFile('unknown_id', `${at}: left_id ${show(text(0))} is not an id of ${sameTable ? 'the records' : 'left'}`);
      let ri = ix.right.find1(rb, rs, re);
      if (ri < 0) throw badFile('unknown_id', `${at}: right_id ${show(text(1))} is not an id of ${sameTable ? 'the records' : 'right'}`);
      if (sameTable && li === ri) throw badFile('self_pair', `${at}: the pair pairs ${show(text(0))} with itself; a record always matches itself, so list only pairs of two different records`);
      if (sameTable && bytesLess(rb, rs, re, lb, ls, le)) {
        [lb, ls, le, li, rb, rs, re, ri] = [rb, rs, re, ri, lb, ls, le, li];
      }
      const first = seen.getOrSet(li, ri, row);
      if (first >= 0) {
        const l = utf8.decode(lb.subarray(ls, le));
        const r = utf8.decode(rb.subarray(rs, re));
        throw badFile('duplicate_pair', `${at}: the pair ${show(l)}, ${show(r)} was already given at row ${first}${sameTable ? ' (a pair is unordered when right is left)' : ''}`);
      }
      let score = 0;
      if (starts[2] >= 0) {
        hasScore = true;
        score = starts[2] === ends[2] ? NaN : parseDecimal(bufs[2], starts[2], ends[2]);
        if (!Number.isFinite(score)) {
          const s = text(2);
          if (INFINITE.test(s)) throw badFile('not_finite', `${at}: score ${show(s)} is not finite`);
          throw badFile(s === '' ? 'empty_value' : 'not_a_number', `${at}: score ${show(s)} is not a number`);
        }
      }
      const t = truthIndex.find2(lb, ls, le, rb, rs, re);
      if (t >= 0) found[t] = 1;
      submitted.push(t < 0 ? 0 : 1, leftPublic[li], score);
    },
  });
  if (submitted.n === 0) throw badFile('no_rows', 'the file has a header but no rows; list at least one pair you predict is a match');
  const part = (want: number) => {
    let tp = 0;
    let fp = 0;
    let positives = 0;
    const { hit, part: parts, n } = submitted;
    for (let i = 0; i < n; i++) {
      if (want >= 0 && parts[i] !== want) continue;
      if (hit[i]) tp++;
      else fp++;
    }
    for (let i = 0; i < key.n; i++) if (want < 0 || key.publicMask[i] === want) positives++;
    if (positives === 0 && tp + fp === 0) return null;
    const counts = { tp, fp, fn: positives - tp };
    const out = matchingMetricsFromCounts(counts);
    if (hasScore) out.average_precision = rankedAveragePrecision(submitted.hit, submitted.score, n, positives, want < 0 ? null : (i) => parts[i] === want);
    return { out, counts };
  };
  const all = part(-1)!;
  const pick = (p: ReturnType<typeof part>) => p?.out ?? {};
  return {
    all: all.out,
    public: pick(part(1)),
    private: pick(part(0)),
    details: { kind: 'open_matching', ...all.counts, submitted: submitted.n },
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
  return rankedAveragePrecision(Uint8Array.from(pairs, (p) => p.hit), Float64Array.from(pairs, (p) => p.score), pairs.length, positives, null);
}

/**
 * The same sum on typed columns, without sorting objects: the scores of hits and of
 * misses are sorted apart (numeric typed-array sorts) and walked together from the top,
 * one step per distinct score. `keep` selects the pairs of a part.
 */
export function rankedAveragePrecision(hit: Uint8Array, score: Float64Array, n: number, positives: number, keep: ((i: number) => boolean) | null): number {
  if (positives === 0) return 0;
  let nh = 0;
  let nm = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    if (hit[i]) nh++;
    else nm++;
  }
  const hits = new Float64Array(nh);
  const misses = new Float64Array(nm);
  nh = 0;
  nm = 0;
  for (let i = 0; i < n; i++) {
    if (keep && !keep(i)) continue;
    if (hit[i]) hits[nh++] = score[i];
    else misses[nm++] = score[i];
  }
  hits.sort();
  misses.sort();
  let h = nh - 1;
  let m = nm - 1;
  let tp = 0;
  let ranked = 0;
  let ap = 0;
  let lastRecall = 0;
  while (h >= 0 || m >= 0) {
    const v = h < 0 ? misses[m] : m < 0 ? hits[h] : hits[h] > misses[m] ? hits[h] : misses[m];
    while (h >= 0 && hits[h] === v) {
      h--;
      tp++;
      ranked++;
    }
    while (m >= 0 && misses[m] === v) {
      m--;
      ranked++;
    }
    const recall = tp / positives;
    ap += (recall - lastRecall) * (tp / ranked);
    lastRecall = recall;
  }
  return ap;
}
