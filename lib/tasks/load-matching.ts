import { numberColumn, stringColumn, type Table } from '@/lib/tables/types';
import type { ColumnSpec } from '@/lib/tables/types';
import { specsOf } from './column-specs';
import { locateDataFiles, type DataFile } from './folder-files';
import { checkImages } from './images';
import { namedFiles, splitByValue, splitFromColumn, splitKindOf, SPLIT_COLUMN, type OrganizerSplit } from './split-rules';
import { readChecked, uniqueIds } from './table-rules';
import { taskFail } from './task-error';
import { idColumnOf, imageColumnsOf, type MatchingTaskJson } from './task-json';

export interface LoadedMatching {
  type: 'matching';
  task: MatchingTaskJson;
  folder: string;
  left: Table;
  /** `null` when task.json says `"right": "left"` (de-duplication within one table). */
  right: Table | null;
  trainPairs: Table;
  /** null for open matching (`"candidates": "open"`): participants propose the pairs. */
  testPairs: Table | null;
  /** Hidden 0/1 labels aligned with the rows of testPairs (empty for open matching). */
  testLabels: Uint8Array;
  /** Open matching: every true match of test_labels (hidden). */
  matches: { left: string[]; right: string[] } | null;
  /** Closed: a mask per test pair. Open: a mask per left record (a pair is public when its left record is). */
  split: OrganizerSplit;
  images: string[];
}

const PAIR_IDS: ColumnSpec[] = [
  { name: 'left_id', type: 'string' },
  { name: 'right_id', type: 'string' },
];
const PAIR_LABELLED: ColumnSpec[] = [...PAIR_IDS, { name: 'label', type: 'int64' }];

/** Checks pair ids against the record tables and pair uniqueness; returns pair key → row (0-based). */
function checkPairs(table: Table, file: string, leftIds: Map<string, number>, rightIds: Map<string, number>, rightFile: string, leftFile: string): Map<string, number> {
  const l = stringColumn(table, 'left_id').values;
  const r = stringColumn(table, 'right_id').values;
  const rows = new Map<string, number>();
  for (let i = 0; i < table.numRows; i++) {
    if (!leftIds.has(l[i] ?? '')) taskFail('pair_id_not_found', `A pair's left_id is not an id in ${leftFile}`, { file, column: 'left_id', row: i + 1, value: l[i] });
    if (!rightIds.has(r[i] ?? '')) taskFail('pair_id_not_found', `A pair's right_id is not an id in ${rightFile}`, { file, column: 'right_id', row: i + 1, value: r[i] });
    const key = `${l[i]}\u0000${r[i]}`;
    const first = rows.get(key);
    if (first !== undefined) {
      taskFail('duplicate_pair', `A pair appears twice (first at row ${first + 1})`, { file, column: 'left_id', row: i + 1, value: `${l[i]}, ${r[i]}` });
    }
    rows.set(key, i);
  }
  return rows;
}

function binaryLabels(table: Table, file: string): Uint8Array {
  const col = numberColumn(table, 'label');
  const out = new Uint8Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const v = col.values[i];
    if (!col.valid[i] || (v !== 0 && v !== 1)) {
      taskFail('pair_label_not_binary', 'A pair label is not 0 or 1', { file, column: 'label', row: i + 1, value: col.valid[i] ? v : null });
    }
    out[i] = v;
  }
  return out;
}

export async function loadMatching(folder: string, task: MatchingTaskJson): Promise<LoadedMatching> {
  const sameTable = task.right === 'left';
  const open = task.candidates === 'open';
  const bases = ['left', ...(sameTable ? [] : ['right']), 'train_pairs', ...(open ? [] : ['test_pairs']), 'test_labels'];
  const files = locateDataFiles(folder, bases, {
    train: 'A matching task has left, right, train_pairs, test_pairs and test_labels.',
    ...(sameTable ? { right: 'task.json says "right": "left", so only left is used; remove the right file.' } : {}),
    ...(open ? { test_pairs: 'task.json says "candidates": "open", so participants propose the pairs; remove test_pairs (test_labels lists the true matches).' } : {}),
  }, namedFiles(task)) as Record<string, DataFile>;
  const id = idColumnOf(task);
  const specs = specsOf(task);
  const left = await readChecked(files.left, specs);
  const right = sameTable ? null : await readChecked(files.right, specs);
  const leftIds = uniqueIds(stringColumn(left, id), files.left.name);
  const rightFile = sameTable ? files.left : files.right;
  const rightIds = right ? uniqueIds(stringColumn(right, id), rightFile.name) : leftIds;

  const trainPairs = await readChecked(files.train_pairs, PAIR_LABELLED);
  if (open) return loadOpen({ folder, task, files, left, right, leftIds, rightIds, rightFile, trainPairs });
  const testPairs = await readChecked(files.test_pairs, PAIR_IDS, { label: 'test_pairs must not contain labels; put them in test_labels.' });
  const labelsTable = await readChecked(files.test_labels, PAIR_LABELLED, {}, [{ name: SPLIT_COLUMN, type: 'string' }]);

  const trainRows = checkPairs(trainPairs, files.train_pairs.name, leftIds, rightIds, rightFile.name, files.left.name);
  binaryLabels(trainPairs, files.train_pairs.name);
  const testRows = checkPairs(testPairs, files.test_pairs.name, leftIds, rightIds, rightFile.name, files.left.name);
  for (const [key, row] of testRows) {
    if (trainRows.has(key)) {
      taskFail('pair_in_train_and_test', `A pair is in both train_pairs (row ${trainRows.get(key)! + 1}) and test_pairs`, {
        file: files.test_pairs.name, column: 'left_id', row: row + 1, value: key.replace('\u0000', ', '),
      });
    }
  }

  const labelFile = files.test_labels.name;
  const labelRows = checkPairs(labelsTable, labelFile, leftIds, rightIds, rightFile.name, files.left.name);
  const labels = binaryLabels(labelsTable, labelFile);
  const testLabels = new Uint8Array(testPairs.numRows);
  let positives = 0;
  const testRowOf = new Int32Array(labelsTable.numRows);
  for (const [key, row] of labelRows) {
    const testRow = testRows.get(key);
    if (testRow === undefined) {
      taskFail('label_pair_not_in_test', 'A labelled pair is not in test_pairs', { file: labelFile, column: 'left_id', row: row + 1, value: key.replace('\u0000', ', ') });
    }
    testLabels[testRow] = labels[row];
    testRowOf[row] = testRow;
    positives += labels[row];
  }
  for (const [key, row] of testRows) {
    if (!labelRows.has(key)) {
      taskFail('test_pair_without_label', `A test pair has no row in ${labelFile}`, { file: files.test_pairs.name, column: 'left_id', row: row + 1, value: key.replace('\u0000', ', ') });
    }
  }
  if (positives === 0) taskFail('no_positive_pairs', 'No test pair is labelled 1, so precision and recall are undefined', { file: labelFile, column: 'label' });

  const tables = [{ file: files.left.name, table: left }, ...(right ? [{ file: files.right.name, table: right }] : [])];
  const images = checkImages(folder, tables, imageColumnsOf(task));
  let mask = splitFromColumn(labelsTable, labelFile, (r) => testRowOf[r], testPairs.numRows);
  if (!mask && task.split) {
    // A time split on the records: a test pair is public when its left record is.
    const byLeft = splitByValue(task, left, files.left.name)!;
    const l = stringColumn(testPairs, 'left_id').values;
    mask = Uint8Array.from(l, (v) => byLeft[leftIds.get(v!)!]);
  }
  return { type: 'matching', task, folder, left, right, trainPairs, testPairs, testLabels, matches: null, split: { kind: splitKindOf(task, mask), mask, by: task.split?.by }, images };
}

/**
 * Open matching: test_labels lists the true matches (left_id, right_id, optionally a
 * label: rows labelled 0 are ignored, as they add nothing to "all true matches").
 */
async function loadOpen(input: {
  folder: string; task: MatchingTaskJson; files: Record<string, DataFile>; left: Table; right: Table | null;
  leftIds: Map<string, number>; rightIds: Map<string, number>; rightFile: DataFile; trainPairs: Table;
}): Promise<LoadedMatching> {
  const { folder, task, files, left, right, leftIds, rightIds, rightFile, trainPairs } = input;
  const labelFile = files.test_labels.name;
  const labelsTable = await readChecked(files.test_labels, PAIR_IDS, {
    [SPLIT_COLUMN]: 'In open matching the split is over left records (a pair is public when its left record is); use "split": {"by", "private_from"} on a left column, or public_fraction.',
  }, [{ name: 'label', type: 'int64' }]);
  const trainRows = checkPairs(trainPairs, files.train_pairs.name, leftIds, rightIds, rightFile.name, files.left.name);
  binaryLabels(trainPairs, files.train_pairs.name);
  const labelRows = checkPairs(labelsTable, labelFile, leftIds, rightIds, rightFile.name, files.left.name);
  const labels = labelsTable.columns.some((c) => c.name === 'label') ? binaryLabels(labelsTable, labelFile) : null;
  const l = stringColumn(labelsTable, 'left_id').values as string[];
  const r = stringColumn(labelsTable, 'right_id').values as string[];
  const matches = { left: [] as string[], right: [] as string[] };
  const sameTable = right === null;
  const unordered = new Map<string, number>();
  for (const [key, row] of labelRows) {
    if (trainRows.has(key)) {
      taskFail('pair_in_train_and_test', `A pair is in both train_pairs (row ${trainRows.get(key)! + 1}) and test_labels`, { file: labelFile, column: 'left_id', row: row + 1, value: key.replace('\u0000', ', ') });
    }
    if (labels && labels[row] === 0) continue;
    if (sameTable) {
      if (l[row] === r[row]) taskFail('self_pair', 'A record is paired with itself', { file: labelFile, column: 'right_id', row: row + 1, value: l[row] });
      const u = l[row] < r[row] ? `${l[row]}\u0000${r[row]}` : `${r[row]}\u0000${l[row]}`;
      const first = unordered.get(u);
      if (first !== undefined) taskFail('duplicate_pair', `A pair appears twice, once in each order (first at row ${first + 1}); with "right": "left" a pair is unordered`, { file: labelFile, column: 'left_id', row: row + 1, value: `${l[row]}, ${r[row]}` });
      unordered.set(u, row);
    }
    matches.left.push(l[row]);
    matches.right.push(r[row]);
  }
  if (matches.left.length === 0) taskFail('no_positive_pairs', 'test_labels lists no true match, so recall is undefined', { file: labelFile, column: 'left_id' });
  const tables = [{ file: files.left.name, table: left }, ...(right ? [{ file: files.right.name, table: right }] : [])];
  const images = checkImages(folder, tables, imageColumnsOf(task));
  const mask = splitByValue(task, left, files.left.name);
  return {
    type: 'matching', task, folder, left, right, trainPairs, testPairs: null, testLabels: new Uint8Array(0), matches,
    split: { kind: splitKindOf(task, mask), mask, by: task.split?.by }, images,
  };
}
