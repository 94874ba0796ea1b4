import { writeCsv } from '@/lib/tables/csv-write';
import { stringColumn, type Table } from '@/lib/tables/types';
import type { LoadedTask } from './load-task';

/** The most frequent train class; ties go to the first in class order. */
export function majorityClass(labels: (string | null)[], classes: string[]): string {
  const counts = new Map<string, number>();
  for (const v of labels) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = classes[0];
  for (const c of classes) if ((counts.get(c) ?? 0) > (counts.get(best) ?? 0)) best = c;
  return best;
}

/**
 * A valid submission a participant can upload as is: every test id with the
 * majority train class, every test pair with label 0, every record in a group of its
 * own (grouping), or a few pairs in the right columns (open matching).
 */
export function sampleSubmission(loaded: LoadedTask): Table {
  if (loaded.type === 'classification') {
    const target = Object.keys(loaded.task.columns).find((c) => loaded.task.columns[c] === 'target')!;
    const label = majorityClass(stringColumn(loaded.train, target).values, loaded.classes);
    return {
      numRows: loaded.testIds.length,
      columns: [
        { name: 'id', type: 'string', values: loaded.testIds },
        { name: 'label', type: 'string', values: new Array<string>(loaded.testIds.length).fill(label) },
      ],
    };
  }
  if (loaded.type === 'grouping') {
    // Every record alone in its group: valid, and the floor any real grouping should beat.
    return {
      numRows: loaded.testIds.length,
      columns: [
        { name: 'id', type: 'string', values: loaded.testIds },
        { name: 'group', type: 'string', values: loaded.testIds.map((_, i) => `g${i + 1}`) },
      ],
    };
  }
  if (!loaded.testPairs) {
    // Open matching: one pair per the first left records, each with the first right record, label-free.
    const id = Object.keys(loaded.task.columns).find((c) => loaded.task.columns[c] === 'id')!;
    const lefts = stringColumn(loaded.left, id).values as string[];
    const rights = stringColumn(loaded.right ?? loaded.left, id).values as string[];
    const pairs: [string, string][] = [];
    for (let i = 0; i < lefts.length && pairs.length < 3; i++) {
      const r = rights.find((x) => x !== lefts[i]);
      if (r !== undefined) pairs.push([lefts[i], r]);
    }
    return {
      numRows: pairs.length,
      columns: [
        { name: 'left_id', type: 'string', values: pairs.map((p) => p[0]) },
        { name: 'right_id', type: 'string', values: pairs.map((p) => p[1]) },
        { name: 'score', type: 'float64', values: new Float64Array(pairs.length).fill(0.5), valid: new Uint8Array(pairs.length).fill(1) },
      ],
    };
  }
  const n = loaded.testPairs.numRows;
  return {
    numRows: n,
    columns: [
      stringColumn(loaded.testPairs, 'left_id'),
      stringColumn(loaded.testPairs, 'right_id'),
      { name: 'label', type: 'int64', values: new Float64Array(n), valid: new Uint8Array(n).fill(1) },
    ],
  };
}

export function writeSampleSubmission(loaded: LoadedTask, filePath: string): void {
  writeCsv(sampleSubmission(loaded), filePath);
}
