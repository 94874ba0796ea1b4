/**
 * The answer key of a grouping task: one row per test record (test-file order), truth =
 * the record's true group as a dense index (first appearance order). The public/private
 * split is drawn over true groups, so a group is scored whole on one board: pairs across
 * the split would belong to neither.
 */
import { PodiumError } from '@/lib/errors';
import { keyRowIndex, keyIdText, type AnswerKey } from '../answer-key';
import { byteColumnFromStrings } from '../byte-hash';
import { publicMask } from '../split';

export function buildGroupingKey(input: { ids: string[]; groups: string[]; seed: number; publicFraction: number; mask?: Uint8Array }): AnswerKey {
  const { ids, groups, seed, publicFraction } = input;
  if (ids.length !== groups.length) throw new PodiumError('bad_task:answer_key', `answer key: ${ids.length} ids but ${groups.length} groups`);
  const index = new Map<string, number>();
  const truth = new Int32Array(ids.length);
  groups.forEach((g, i) => {
    let t = index.get(g);
    if (t === undefined) index.set(g, (t = index.size));
    truth[i] = t;
  });
  let mask = input.mask;
  if (!mask) {
    const byGroup = publicMask({ n: index.size, seed, fraction: publicFraction });
    mask = new Uint8Array(ids.length);
    for (let i = 0; i < ids.length; i++) mask[i] = byGroup[truth[i]];
  }
  const key: AnswerKey = {
    kind: 'grouping', n: ids.length, idNames: ['id'], idColumns: [byteColumnFromStrings(ids)], classes: [], truth, publicMask: mask, seed, publicFraction,
  };
  const rows = keyRowIndex(key);
  const col = key.idColumns[0];
  for (let i = 0; i < key.n; i++) {
    const found = rows.find1(col.bytes, col.offsets[i], col.offsets[i + 1]);
    if (found !== i) throw new PodiumError('bad_task:duplicate_id', `answer key: id '${keyIdText(key, i)}' appears at rows ${found + 1} and ${i + 1}`);
  }
  return key;
}

/** Number of true groups in a grouping key (truth holds dense indices). */
export function groupCount(key: AnswerKey): number {
  let max = -1;
  for (let i = 0; i < key.n; i++) if (key.truth[i] > max) max = key.truth[i];
  return max + 1;
}
