import { stringColumn, type Table } from '@/lib/tables/types';
import { specsOf } from './column-specs';
import { locateDataFiles } from './folder-files';
import { checkImages } from './images';
import { splitByValue, splitFromColumn, namedFiles, SPLIT_COLUMN, type OrganizerSplit, splitKindOf } from './split-rules';
import { noMissing, readChecked, uniqueIds } from './table-rules';
import { taskFail } from './task-error';
import { idColumnOf, imageColumnsOf, type GroupingTaskJson } from './task-json';

/** The group column of train and test_labels in a grouping task. */
export const GROUP_COLUMN = 'group';

export interface LoadedGrouping {
  type: 'grouping';
  task: GroupingTaskJson;
  folder: string;
  /** id, attributes…, group. */
  train: Table;
  /** id, attributes… (no group). */
  test: Table;
  testIds: string[];
  /** Hidden true group of each test record, aligned with testIds. */
  testGroups: string[];
  split: OrganizerSplit;
  images: string[];
}

export async function loadGrouping(folder: string, task: GroupingTaskJson): Promise<LoadedGrouping> {
  const files = locateDataFiles(folder, ['train', 'test', 'test_labels'] as const, {
    left: 'A grouping task has train, test and test_labels only.',
  }, namedFiles(task));
  const id = idColumnOf(task);
  const group = { name: GROUP_COLUMN, type: 'string' as const };
  const train = await readChecked(files.train, [...specsOf(task), group]);
  const test = await readChecked(files.test, specsOf(task), {
    [GROUP_COLUMN]: 'The test file must not contain the groups; put them in test_labels.',
  });
  const labels = await readChecked(files.test_labels, [{ name: id, type: 'string' }, group], {}, [{ name: SPLIT_COLUMN, type: 'string' }]);

  const trainIds = uniqueIds(stringColumn(train, id), files.train.name);
  noMissing(stringColumn(train, GROUP_COLUMN), files.train.name, 'missing_group', 'A train record has no group');
  const testIdCol = stringColumn(test, id);
  const testRows = uniqueIds(testIdCol, files.test.name);
  testIdCol.values.forEach((v, i) => {
    if (trainIds.has(v!)) {
      taskFail('id_in_train_and_test', `An id is in both train and test (train row ${trainIds.get(v!)! + 1})`, { file: files.test.name, column: id, row: i + 1, value: v });
    }
  });

  const labelFile = files.test_labels.name;
  const labelIds = stringColumn(labels, id);
  const labelRows = uniqueIds(labelIds, labelFile);
  const groupCol = stringColumn(labels, GROUP_COLUMN);
  const byTestRow = new Array<string>(test.numRows);
  const testRowOf: number[] = [];
  labelIds.values.forEach((v, i) => {
    const row = testRows.get(v!);
    if (row === undefined) taskFail('label_id_not_in_test', 'A labelled id is not in the test file', { file: labelFile, column: id, row: i + 1, value: v });
    const g = groupCol.values[i];
    if (g === null) taskFail('missing_group', 'A test record has no group', { file: labelFile, column: GROUP_COLUMN, row: i + 1, value: g });
    byTestRow[row] = g;
    testRowOf.push(row);
  });
  testIdCol.values.forEach((v, i) => {
    if (!labelRows.has(v!)) taskFail('test_id_without_label', `A test id has no row in ${labelFile}`, { file: files.test.name, column: id, row: i + 1, value: v });
  });
  const sizes = new Map<string, number>();
  for (const g of byTestRow) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  if (![...sizes.values()].some((n) => n > 1)) {
    taskFail('no_test_pairs', 'Every test record is alone in its group, so no record pair is a true match and pairwise recall is undefined', { file: labelFile, column: GROUP_COLUMN });
  }

  const mask = splitFromColumn(labels, labelFile, (r) => testRowOf[r], test.numRows) ?? splitByValue(task, test, files.test.name);
  const images = checkImages(folder, [{ file: files.train.name, table: train }, { file: files.test.name, table: test }], imageColumnsOf(task));
  return {
    type: 'grouping', task, folder, train, test, testIds: testIdCol.values as string[], testGroups: byTestRow,
    split: { kind: splitKindOf(task, mask), mask, by: task.split?.by }, images,
  };
}
