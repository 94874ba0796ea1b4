/**
 * Scoring a grouping submission (`id,group`): exactly one row per test id, any group
 * labels (only equality matters). The predicted clusters become dense indices, the
 * metrics come from the contingency table of each part.
 */
import type { AnswerKey } from '../answer-key';
import { byteColumnValue } from '../byte-hash';
import { METRIC_VERSION } from '../metrics';
import type { ScoreResult } from '../score-result';
import { readSubmissionRows } from '../tabular/read-rows';
import { badFile, show, where } from '../where';
import { contingency, groupingMetricsFromContingency } from './metrics';

export const GROUPING_COLUMNS = { required: ['id', 'group'], expected: 'id,group (one row per test id; any group label, only equality matters)' };

const idMaps = new WeakMap<AnswerKey, Map<string, number>>();

export function keyIdMap(key: AnswerKey): Map<string, number> {
  let m = idMaps.get(key);
  if (!m) {
    m = new Map();
    const col = key.idColumns[0];
    const utf8 = new TextDecoder();
    for (let i = 0; i < key.n; i++) m.set(utf8.decode(col.bytes.subarray(col.offsets[i], col.offsets[i + 1])), i);
    idMaps.set(key, m);
  }
  return m;
}

export async function scoreGroupingBytes(key: AnswerKey, bytes: Uint8Array, fileName: string): Promise<ScoreResult> {
  const ids = keyIdMap(key);
  const givenAt = new Int32Array(key.n); // 1-based submission row per key row, 0 = none yet
  const predictions = new Int32Array(key.n);
  const clusters = new Map<string, number>();
  let count = 0;
  await readSubmissionRows({
    bytes, fileName, plan: GROUPING_COLUMNS, maxRows: key.n,
    sink: ([id, group], row, line) => {
      if (id === '') throw badFile('empty_id', `${where(row, line)}: the id is empty`);
      const r = ids.get(id!);
      if (r === undefined) throw badFile('unknown_id', `${where(row, line)}: id ${show(id!)} is not a test id`);
      if (givenAt[r] !== 0) throw badFile('duplicate_id', `${where(row, line)}: duplicate id ${show(id!)}; it was already given at row ${givenAt[r]}`);
      if (group === '') throw badFile('empty_group', `${where(row, line)}: the group of id ${show(id!)} is empty; give every record a group label (a record alone in its group needs a label of its own)`);
      let c = clusters.get(group!);
      if (c === undefined) clusters.set(group!, (c = clusters.size));
      givenAt[r] = row;
      predictions[r] = c;
      count++;
    },
  });
  if (count < key.n) {
    if (count === 0) throw badFile('no_rows', `the file has a header but no rows; expected one row for each of the ${key.n} test ids`);
    const first = givenAt.indexOf(0);
    const missing = key.n - count;
    throw badFile('missing_id', `the file has ${count} rows but ${missing} of the ${key.n} test ids ${missing === 1 ? 'has' : 'have'} no row; the first missing is ${show(byteColumnValue(key.idColumns[0], first))} (test row ${first + 1})`);
  }
  return groupingResult(key, predictions);
}

export function groupingResult(key: AnswerKey, predictions: Int32Array): ScoreResult {
  const part = (want: number) => {
    const table = contingency({ truth: key.truth, predicted: predictions, mask: key.publicMask, want });
    return table.group.length === 0 ? {} : groupingMetricsFromContingency(table);
  };
  const all = contingency({ truth: key.truth, predicted: predictions });
  return {
    all: groupingMetricsFromContingency(all),
    public: part(1),
    private: part(0),
    details: { kind: 'grouping', records: key.n, groups: all.groups, clusters: all.clusters },
    predictions,
    metricVersion: METRIC_VERSION,
    answerKeyHash: key.hash,
  };
}
