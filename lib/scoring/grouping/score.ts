/**
 * Scoring a grouping submission (`id,group`): exactly one row per test id, any group
 * labels (only equality matters). The file is streamed (lib/scoring/tabular/read-rows.ts);
 * ids are joined to the key through its byte hash and group labels become dense indices
 * through a byte interner, so no JS string is made per row. The metrics come from the
 * contingency table of each part.
 */
import { keyRowIndex, type AnswerKey } from '../answer-key';
import { byteColumnValue } from '../byte-hash';
import { METRIC_VERSION } from '../metrics';
import type { ScoreResult } from '../score-result';
import { fieldText, readSubmissionRows, type RowSource } from '../tabular/read-rows';
import { badFile, show, where } from '@/lib/tables/where';
import { ByteInterner } from './intern';
import { contingency, groupingMetricsFromContingency } from './metrics';

export const GROUPING_COLUMNS = { required: ['id', 'group'], expected: 'id,group (one row per test id; any group label, only equality matters)' };

export async function scoreGrouping(key: AnswerKey, source: RowSource, fileName: string): Promise<ScoreResult> {
  const ids = keyRowIndex(key);
  const givenAt = new Int32Array(key.n); // 1-based submission row per key row, 0 = none yet
  const predictions = new Int32Array(key.n);
  const clusters = new ByteInterner(Math.min(key.n, 1 << 20));
  let count = 0;
  await readSubmissionRows({
    source, fileName, plan: GROUPING_COLUMNS, maxRows: key.n,
    sink: (bufs, starts, ends, row, line) => {
      const ib = bufs[0];
      const is = starts[0];
      const ie = ends[0];
      if (is === ie) throw badFile('empty_id', `${where(row, line)}: the id is empty`);
      const r = ids.find1(ib, is, ie);
      if (r < 0) throw badFile('unknown_id', `${where(row, line)}: id ${show(fieldText(bufs, starts, ends, 0)!)} is not a test id`);
      if (givenAt[r] !== 0) throw badFile('duplicate_id', `${where(row, line)}: duplicate id ${show(fieldText(bufs, starts, ends, 0)!)}; it was already given at row ${givenAt[r]}`);
      if (starts[1] === ends[1]) throw badFile('empty_group', `${where(row, line)}: the group of id ${show(fieldText(bufs, starts, ends, 0)!)} is empty; give every record a group label (a record alone in its group needs a label of its own)`);
      givenAt[r] = row;
      predictions[r] = clusters.intern(bufs[1], starts[1], ends[1]);
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
