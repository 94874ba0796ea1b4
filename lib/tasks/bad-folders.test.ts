import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PodiumError } from '@/lib/errors';
import { prepareTask } from './prepare';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

type Edit = (dir: string) => void;

/** Rewrites one line (0 = header) of a fixture file. */
const setLine = (file: string, line: number, text: string): Edit => (dir) => {
  const lines = readFileSync(path.join(dir, file), 'utf8').split('\n');
  lines[line] = text;
  writeFileSync(path.join(dir, file), lines.join('\n'));
};
const editLines = (file: string, f: (lines: string[]) => string[]): Edit => (dir) => {
  const text = readFileSync(path.join(dir, file), 'utf8').trimEnd();
  writeFileSync(path.join(dir, file), `${f(text.split('\n')).join('\n')}\n`);
};
const editTask = (f: (task: Record<string, unknown> & { columns: Record<string, string> }) => void): Edit => (dir) => {
  const task = JSON.parse(readFileSync(path.join(dir, 'task.json'), 'utf8'));
  f(task);
  writeFileSync(path.join(dir, 'task.json'), JSON.stringify(task));
};
const withImages: Edit = (dir) => {
  editTask((t) => (t.columns.photo = 'image'))(dir);
  mkdirSync(path.join(dir, 'images'));
  writeFileSync(path.join(dir, 'images/ok.jpg'), 'x');
  editLines('train.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'photo' : 'ok.jpg'}`))(dir);
  editLines('test.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'photo' : ''}`))(dir);
};

interface Case {
  name: string;
  fixture: 'iris' | 'products' | 'variants';
  edits: Edit[];
  code: string;
  message: string;
}

const cases: Case[] = [
  { name: 'a column without a role', fixture: 'iris', edits: [editLines('train.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'notes' : 'x'}`))],
    code: 'bad_task:unknown_column', message: 'A column has no role in task.json [unknown_column] in train.csv, column "notes".' },
  { name: 'a declared column missing from a file', fixture: 'iris', edits: [editLines('test.csv', (l) => l.map((s) => s.slice(0, s.lastIndexOf(','))))],
    code: 'bad_task:missing_column', message: 'A column declared in task.json is missing [missing_column] in test.csv, column "petal_width".' },
  { name: 'a missing file', fixture: 'iris', edits: [(d) => rmSync(path.join(d, 'test_labels.csv'))],
    code: 'bad_task:missing_file', message: 'A required file is missing [missing_file] in test_labels.csv. Add test_labels.csv or test_labels.parquet to the folder.' },
  { name: 'both .csv and .parquet of one file', fixture: 'iris', edits: [(d) => writeFileSync(path.join(d, 'train.parquet'), 'PAR1')],
    code: 'bad_task:both_formats', message: 'The folder has both formats of one file [both_formats] in train.csv and train.parquet.' },
  { name: 'a data file the task type does not use', fixture: 'iris', edits: [(d) => writeFileSync(path.join(d, 'valid.csv'), 'id\n')],
    code: 'bad_task:unknown_file', message: 'The folder has a data file this task type does not use [unknown_file] in valid.csv.' },
  { name: 'an id that is not unique', fixture: 'iris', edits: [setLine('train.csv', 7, 'iris-003,4.6,3.4,1.4,0.3,Iris-setosa')],
    code: 'bad_task:duplicate_id', message: 'An id appears twice (first at row 3) [duplicate_id] in train.csv, column "id", row 7, value "iris-003".' },
  { name: 'an empty id', fixture: 'iris', edits: [setLine('test.csv', 2, ',4.6,3.4,1.4,0.3')],
    code: 'bad_task:missing_id', message: 'An id is empty [missing_id] in test.csv, column "id", row 2, value (empty).' },
  { name: 'a test id without a label', fixture: 'iris', edits: [editLines('test_labels.csv', (l) => l.filter((s) => !s.startsWith('iris-040')))],
    code: 'bad_task:test_id_without_label', message: 'A test id has no row in test_labels.csv [test_id_without_label] in test.csv, column "id", row 6, value "iris-040".' },
  { name: 'a label whose id is not in test', fixture: 'iris', edits: [setLine('test_labels.csv', 4, 'iris-999,Iris-setosa')],
    code: 'bad_task:label_id_not_in_test', message: 'A labelled id is not in the test file [label_id_not_in_test] in test_labels.csv, column "id", row 4, value "iris-999".' },
  { name: 'a label outside the train classes', fixture: 'iris', edits: [setLine('test_labels.csv', 3, 'iris-039,Iris-germanica')],
    code: 'bad_task:label_not_in_train', message: 'A test label is not one of the train classes [label_not_in_train] in test_labels.csv, column "species", row 3, value "Iris-germanica". Train classes: Iris-setosa, Iris-versicolor, Iris-virginica.' },
  { name: 'a train row without a label', fixture: 'iris', edits: [setLine('train.csv', 12, 'iris-016,6.4,3.2,4.5,1.5,')],
    code: 'bad_task:missing_label', message: 'A train row has no label [missing_label] in train.csv, column "species", row 12, value (empty).' },
  { name: 'text in a numeric column', fixture: 'iris', edits: [setLine('train.csv', 2, 'iris-002,4.9,three,1.4,0.2,Iris-setosa')],
    code: 'bad_task:not_numeric', message: 'A value is not a number [not_numeric] in train.csv, column "sepal_width", row 2, value "three".' },
  { name: 'the target inside test', fixture: 'iris', edits: [editLines('test.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'species' : 'x'}`))],
    code: 'bad_task:column_not_allowed', message: 'A column must not be in this file [column_not_allowed] in test.csv, column "species". The test file must not contain the target' },
  { name: 'an id in both train and test', fixture: 'iris', edits: [setLine('test.csv', 5, 'iris-001,6.5,3.2,5.1,2.0')],
    code: 'bad_task:id_in_train_and_test', message: 'An id is in both train and test (train row 1) [id_in_train_and_test] in test.csv, column "id", row 5, value "iris-001".' },
  { name: 'a row with too few fields', fixture: 'iris', edits: [setLine('test.csv', 9, 'iris-014,4.8,3.0')],
    code: 'bad_task:csv_field_count', message: 'A row has 3 fields but the header has 5 [csv_field_count] in test.csv, row 9, value "iris-014,4.8,3.0".' },
  { name: 'task.json that is not JSON', fixture: 'iris', edits: [(d) => writeFileSync(path.join(d, 'task.json'), '{"slug": "iris",')],
    code: 'bad_task:task_json_syntax', message: 'task.json is not valid JSON' },
  { name: 'a metric that does not fit the task type', fixture: 'iris', edits: [editTask((t) => (t.metric = 'f1'))],
    code: 'bad_task:metric_for_type', message: 'task.json field "metric": for a classification task, metric is one of accuracy, macro_f1, micro_f1, weighted_f1, balanced_accuracy, cohen_kappa, log_loss [metric_for_type] in task.json.' },
  { name: 'an unknown column role', fixture: 'iris', edits: [editTask((t) => (t.columns.petal_width = 'feature'))],
    code: 'bad_task:column_role', message: 'task.json field "columns.petal_width": a column role is one of id, target, text, numeric, categorical, image [column_role] in task.json.' },
  { name: 'an unknown task type', fixture: 'iris', edits: [editTask((t) => (t.type = 'regression'))],
    code: 'bad_task:task_json_field', message: 'task.json field "type": type is "classification", "matching" or "grouping" [task_json_field] in task.json.' },
  { name: 'a field task.json does not define', fixture: 'iris', edits: [editTask((t) => (t.publicFraction = 0.2))],
    code: 'bad_task:task_json_field', message: 'task.json field "(top level)": Unrecognized key: "publicFraction"' },
  { name: 'two id columns', fixture: 'iris', edits: [editTask((t) => (t.columns.sepal_length = 'id'))],
    code: 'bad_task:id_column', message: 'task.json "columns" must give exactly one column the role "id" (found 2: id, sepal_length) [id_column] in task.json.' },
  { name: 'a public fraction outside (0, 1)', fixture: 'iris', edits: [editTask((t) => (t.public_fraction = 1.5))],
    code: 'bad_task:task_json_field', message: 'task.json field "public_fraction": Too big: expected number to be <1' },
  { name: 'an image path that escapes the folder', fixture: 'iris', edits: [withImages, setLine('train.csv', 4, 'iris-004,4.6,3.1,1.5,0.2,Iris-setosa,../task.json')],
    code: 'bad_task:image_path_escapes', message: 'An image path is not a plain relative path inside images/ [image_path_escapes] in train.csv, column "photo", row 4, value "../task.json".' },
  { name: 'an image file that does not exist', fixture: 'iris', edits: [withImages, setLine('train.csv', 6, 'iris-006,5.4,3.9,1.7,0.4,Iris-setosa,gone.jpg')],
    code: 'bad_task:image_missing', message: 'An image file does not exist [image_missing] in train.csv, column "photo", row 6, value "gone.jpg".' },
  { name: 'a pair whose id is not in left', fixture: 'products', edits: [setLine('train_pairs.csv', 3, 'abt-99,buy-9,0')],
    code: 'bad_task:pair_id_not_found', message: "A pair's left_id is not an id in left.csv [pair_id_not_found] in train_pairs.csv, column \"left_id\", row 3, value \"abt-99\"." },
  { name: 'a pair whose id is not in right', fixture: 'products', edits: [setLine('test_pairs.csv', 2, 'abt-5,abt-5')],
    code: 'bad_task:pair_id_not_found', message: "A pair's right_id is not an id in right.csv [pair_id_not_found] in test_pairs.csv, column \"right_id\", row 2, value \"abt-5\"." },
  { name: 'a pair label that is not 0/1', fixture: 'products', edits: [setLine('train_pairs.csv', 5, 'abt-7,buy-7,2')],
    code: 'bad_task:pair_label_not_binary', message: 'A pair label is not 0 or 1 [pair_label_not_binary] in train_pairs.csv, column "label", row 5, value "2".' },
  { name: 'a test pair without a label', fixture: 'products', edits: [editLines('test_labels.csv', (l) => l.filter((s) => !s.startsWith('abt-8')))],
    code: 'bad_task:test_pair_without_label', message: 'A test pair has no row in test_labels.csv [test_pair_without_label] in test_pairs.csv, column "left_id", row 5, value "abt-8, buy-2".' },
  { name: 'a duplicate pair', fixture: 'products', edits: [setLine('train_pairs.csv', 7, 'abt-1,buy-1,1')],
    code: 'bad_task:duplicate_pair', message: 'A pair appears twice (first at row 1) [duplicate_pair] in train_pairs.csv, column "left_id", row 7, value "abt-1, buy-1".' },
  { name: 'a right file beside "right": "left"', fixture: 'products', edits: [editTask((t) => (t.right = 'left'))],
    code: 'bad_task:unexpected_file', message: 'The folder has a file this task must not have [unexpected_file] in right.csv. task.json says "right": "left"' },
  // Grouping tasks
  { name: 'a train record without a group', fixture: 'variants', edits: [setLine('train.csv', 4, 'v04,Trail Runner III - red 42,red,109.99,2026-03-02,')],
    code: 'bad_task:missing_group', message: 'A train record has no group [missing_group] in train.csv, column "group", row 4, value (empty).' },
  { name: 'a test record without a group', fixture: 'variants', edits: [setLine('test_labels.csv', 2, 't02,')],
    code: 'bad_task:missing_group', message: 'A test record has no group [missing_group] in test_labels.csv, column "group", row 2, value (empty).' },
  { name: 'test groups of one record each', fixture: 'variants', edits: [editLines('test_labels.csv', (l) => l.map((s, i) => (i === 0 ? s : `${s.split(',')[0]},solo${i}`)))],
    code: 'bad_task:no_test_pairs', message: 'Every test record is alone in its group, so no record pair is a true match and pairwise recall is undefined [no_test_pairs] in test_labels.csv, column "group".' },
  { name: 'the groups inside test', fixture: 'variants', edits: [editLines('test.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'group' : 'x'}`))],
    code: 'bad_task:column_not_allowed', message: 'A column must not be in this file [column_not_allowed] in test.csv, column "group". The test file must not contain the groups' },
  { name: 'a grouping task declaring "group" as a column', fixture: 'variants', edits: [editTask((t) => (t.columns.group = 'categorical'))],
    code: 'bad_task:group_column', message: 'in a grouping task "group" is the group column of train and test_labels, not a column with a role; remove it from "columns" [group_column] in task.json.' },
  { name: 'a grouping metric on a classification task', fixture: 'iris', edits: [editTask((t) => (t.metric = 'adjusted_rand'))],
    code: 'bad_task:metric_for_type', message: 'task.json field "metric": for a classification task, metric is one of' },
  // The organizer's split
  { name: 'a split value that is not public/private', fixture: 'variants', edits: [editLines('test_labels.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'split' : i === 3 ? 'hidden' : 'public'}`))],
    code: 'bad_task:split_value', message: 'A split value is not "public" or "private" [split_value] in test_labels.csv, column "split", row 3, value "hidden".' },
  { name: 'a split column with no private row', fixture: 'iris', edits: [editLines('test_labels.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'split' : 'public'}`))],
    code: 'bad_task:split_one_sided', message: 'The split leaves no test row private, so the final leaderboard would repeat the live one [split_one_sided] in test_labels.csv, column "split".' },
  { name: 'a time split whose cut-off leaves nothing public', fixture: 'variants', edits: [editTask((t) => { delete t.public_fraction; t.split = { by: 'listed', private_from: '2020-01-01' }; })],
    code: 'bad_task:split_one_sided', message: 'The split leaves no test row public, so the live leaderboard would be empty [split_one_sided] in test.csv, column "listed".' },
  { name: 'a time split and a public fraction', fixture: 'variants', edits: [editTask((t) => (t.split = { by: 'listed', private_from: '2026-09-01' }))],
    code: 'bad_task:split_and_fraction', message: 'task.json has both "split" and "public_fraction"' },
  { name: 'a time split on a column task.json does not declare', fixture: 'variants', edits: [editTask((t) => { delete t.public_fraction; t.split = { by: 'date', private_from: '2026-09-01' }; })],
    code: 'bad_task:split_column', message: 'task.json "split.by" names the column "date", which is not in "columns"' },
  { name: 'a test row with no value in the split column', fixture: 'variants', edits: [editTask((t) => { delete t.public_fraction; t.split = { by: 'listed', private_from: '2026-09-01' }; }), setLine('test.csv', 5, 't05,Urban X Sport Pro white 41,white,99.99,')],
    code: 'bad_task:split_value_missing', message: 'A row has no value in the split column "listed" [split_value_missing] in test.csv, column "listed", row 5, value (empty).' },
  // Open matching
  { name: 'test_pairs in an open matching task', fixture: 'products', edits: [editTask((t) => (t.candidates = 'open'))],
    code: 'bad_task:unexpected_file', message: 'The folder has a file this task must not have [unexpected_file] in test_pairs.csv. task.json says "candidates": "open"' },
  { name: 'a split column in open matching', fixture: 'products', edits: [editTask((t) => (t.candidates = 'open')), (d) => rmSync(path.join(d, 'test_pairs.csv')), editLines('test_labels.csv', (l) => l.map((s, i) => `${s},${i === 0 ? 'split' : 'public'}`))],
    code: 'bad_task:column_not_allowed', message: 'A column must not be in this file [column_not_allowed] in test_labels.csv, column "split". In open matching the split is over left records' },
  { name: 'an open-matching true match that is also a train pair', fixture: 'products', edits: [editTask((t) => (t.candidates = 'open')), (d) => rmSync(path.join(d, 'test_pairs.csv')), setLine('test_labels.csv', 1, 'abt-1,buy-1,1')],
    code: 'bad_task:pair_in_train_and_test', message: 'A pair is in both train_pairs (row 1) and test_labels [pair_in_train_and_test] in test_labels.csv, column "left_id", row 1, value "abt-1, buy-1".' },
  // Named files
  { name: 'a data file task.json names that is missing', fixture: 'iris', edits: [editTask((t) => (t.train = 'iris_train.parquet'))],
    code: 'bad_task:missing_file', message: 'A file named in task.json "train" is missing [missing_file] in iris_train.parquet. task.json says "train": "iris_train.parquet"; add that file or fix the name.' },
  { name: 'a default-named file beside the one task.json names', fixture: 'iris', edits: [(d) => cpSync(path.join(d, 'train.csv'), path.join(d, 'iris_train.csv')), editTask((t) => (t.train = 'iris_train.csv'))],
    code: 'bad_task:unknown_file', message: 'The folder has a data file this task type does not use [unknown_file] in train.csv.' },
  { name: 'a file name with a folder in it', fixture: 'iris', edits: [editTask((t) => (t.train = '../train.csv'))],
    code: 'bad_task:task_json_field', message: 'task.json field "train": a file name in the task folder ending in .csv or .parquet (no folders)' },
];

describe('a bad task folder is refused with a message naming file, column, row and value, and nothing is stored', () => {
  it.each(cases)('$name', async ({ fixture, edits, code, message }) => {
    const folder = mkdtempSync(path.join(tmpdir(), 'bad-'));
    cpSync(path.join(FIXTURES, fixture), folder, { recursive: true });
    for (const edit of edits) edit(folder);
    const outDir = path.join(mkdtempSync(path.join(tmpdir(), 'out-')), 'task');
    const error = await prepareTask({ folder, outDir }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(PodiumError);
    expect((error as PodiumError).message).toContain(message);
    expect((error as PodiumError).code).toBe(code);
    expect((error as PodiumError).status).toBe(422);
    expect(existsSync(outDir)).toBe(false);
  });

  it('covers at least 15 distinct rules', () => {
    expect(new Set(cases.map((c) => c.code)).size).toBeGreaterThanOrEqual(15);
  });
});
