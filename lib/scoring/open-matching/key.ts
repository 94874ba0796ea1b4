/**
 * The answer key of an open matching task: key rows are the true matches (left_id,
 * right_id), and `records` lists every id a submitted pair may name. The split is over
 * left records: a pair — true or submitted — is public when its left record is.
 * When right is left (de-duplication) a pair is unordered: both the truth and the
 * submission are read as (smaller id, larger id) in code-point order.
 */
import { PodiumError } from '@/lib/errors';
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings } from '../byte-hash';
import { publicMask } from '../split';

export function orderPair(sameTable: boolean, l: string, r: string): [string, string] {
  return sameTable && r < l ? [r, l] : [l, r];
}

export function buildOpenMatchingKey(input: {
  leftRecords: string[];
  /** null when right is left. */
  rightRecords: string[] | null;
  matches: { left: string[]; right: string[] };
  seed: number;
  publicFraction: number;
  /** Per left record, 1 = public; drawn from the seed when absent. */
  leftPublic?: Uint8Array;
}): AnswerKey {
  const { leftRecords, rightRecords, matches, seed, publicFraction } = input;
  const sameTable = rightRecords === null;
  const leftPublic = input.leftPublic ?? publicMask({ n: leftRecords.length, seed, fraction: publicFraction });
  const leftRow = new Map(leftRecords.map((id, i) => [id, i]));
  const l: string[] = [];
  const r: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < matches.left.length; i++) {
    const [a, b] = orderPair(sameTable, matches.left[i], matches.right[i]);
    const k = `${a}\u0000${b}`;
    if (seen.has(k)) throw new PodiumError('bad_task:duplicate_pair', `answer key: the match ${a}, ${b} appears twice`);
    seen.add(k);
    l.push(a);
    r.push(b);
  }
  const mask = new Uint8Array(l.length);
  for (let i = 0; i < l.length; i++) {
    const row = leftRow.get(l[i]);
    if (row === undefined) throw new PodiumError('bad_task:answer_key', `answer key: match left id '${l[i]}' is not a record`);
    mask[i] = leftPublic[row];
  }
  return {
    kind: 'open_matching',
    n: l.length,
    idNames: ['left_id', 'right_id'],
    idColumns: [byteColumnFromStrings(l), byteColumnFromStrings(r)],
    classes: [],
    truth: new Int32Array(l.length).fill(1),
    publicMask: mask,
    seed,
    publicFraction,
    records: { left: byteColumnFromStrings(leftRecords), right: rightRecords ? byteColumnFromStrings(rightRecords) : null, leftPublic },
  };
}
