import { sortClasses } from '@/lib/scoring/class-order';
import { stringColumn, type Table } from '@/lib/tables/types';
import { specsOf } from './column-specs';
import { locateDataFiles } from './folder-files';
import { checkImages } from './images';
import { namedFiles, splitByValue, splitFromColumn, splitKindOf, SPLIT_COLUMN, type OrganizerSplit } from './split-rules';
import { noMissing, readChecked, uniqueIds } from './table-rules';
import { taskFail } from './task-error';
import { idColumnOf, imageColumnsOf, targetColumnOf, type ClassificationTaskJson } from './task-json';

export interface LoadedClassification {
  type: 'classification';
  task: ClassificationTaskJson;
  folder: string;
  train: Table;
  test: Table;
  /** Test ids in the test file's order and their hidden labels, aligned. */
  testIds: string[];
  testLabels: string[];
  /** Distinct train labels in scikit-learn order. */
  classes: string[];
  /** Distinct image paths referenced by train and test (relative to images/). */
  images: string[];
  split: OrganizerSplit;
}

export async function loadClassification(folder: string, task: ClassificationTaskJson): Promise<LoadedClassification> {
  const files = locateDataFiles(folder, ['train', 'test', 'test_labels'] as const, {
    left: 'A classification task has train, test and test_labels only.',
  }, namedFiles(task));
  const id = idColumnOf(task);
  const target = targetColumnOf(task);
  const train = await readChecked(files.train, specsOf(task));
  const test = await readChecked(files.test, specsOf(task, ['target']), {
    [target]: 'The test file must not contain the target; put the hidden labels in test_labels.',
  });
  const labelsTable = await readChecked(files.test_labels, [
    { name: id, type: 'string' },
    { name: target, type: 'string' },
  ], {}, [{ name: SPLIT_COLUMN, type: 'string' }]);

  const trainIds = uniqueIds(stringColumn(train, id), files.train.name);
  const testIdCol = stringColumn(test, id);
  const testRows = uniqueIds(testIdCol, files.test.name);
  testIdCol.values.forEach((v, i) => {
    if (trainIds.has(v!)) {
      taskFail('id_in_train_and_test', `An id is in both train and test (train row ${trainIds.get(v!)! + 1})`, {
        file: files.test.name, column: id, row: i + 1, value: v,
      });
    }
  });

  const trainLabels = noMissing(stringColumn(train, target), files.train.name, 'missing_label', 'A train row has no label');
  const classes = sortClasses(trainLabels);
  if (classes.length < 2) {
    taskFail('too_few_classes', 'The train labels have fewer than 2 classes', { file: files.train.name, column: target, value: classes[0] ?? '' });
  }
  const classSet = new Set(classes);

  const labelFile = files.test_labels.name;
  const labelIdCol = stringColumn(labelsTable, id);
  const labelRows = uniqueIds(labelIdCol, labelFile);
  const labelCol = stringColumn(labelsTable, target);
  const byTestRow = new Array<string>(test.numRows);
  const testRowOf: number[] = [];
  labelIdCol.values.forEach((v, i) => {
    const row = testRows.get(v!);
    if (row === undefined) taskFail('label_id_not_in_test', 'A labelled id is not in the test file', { file: labelFile, column: id, row: i + 1, value: v });
    testRowOf.push(row);
    const label = labelCol.values[i];
    if (label === null) taskFail('missing_label', 'A test label is empty', { file: labelFile, column: target, row: i + 1, value: label });
    if (!classSet.has(label)) {
      taskFail('label_not_in_train', 'A test label is not one of the train classes', { file: labelFile, column: target, row: i + 1, value: label },
        `Train classes: ${classes.slice(0, 20).join(', ')}${classes.length > 20 ? ', …' : ''}.`);
    }
    byTestRow[row] = label;
  });
  testIdCol.values.forEach((v, i) => {
    if (!labelRows.has(v!)) taskFail('test_id_without_label', `A test id has no row in ${labelFile}`, { file: files.test.name, column: id, row: i + 1, value: v });
  });

  const mask = splitFromColumn(labelsTable, labelFile, (r) => testRowOf[r], test.numRows) ?? splitByValue(task, test, files.test.name);
  const split = { kind: splitKindOf(task, mask), mask, by: task.split?.by };
  const images = checkImages(folder, [{ file: files.train.name, table: train }, { file: files.test.name, table: test }], imageColumnsOf(task));
  return { type: 'classification', task, folder, train, test, testIds: testIdCol.values as string[], testLabels: byTestRow, classes, images, split };
}
