/**
 * The answer key for offline `podium score`, read straight from the task folder's files
 * into typed arrays: ids as bytes, labels as class indices, no table of strings.
 *
 * It checks what the key depends on — task.json, the test_labels file, its ids against
 * the test file (none missing, none repeated, none unknown), its labels against the
 * train classes (or 0/1) — and trusts the rest of the folder (feature columns, image
 * paths, record tables, train ids): the organizer's import (`prepareTask`) validates the
 * whole folder with `loadTaskFolder` first, then builds its key here too, so there is one
 * key builder. Rows are in the test file's order; the seed and public mask are the task's.
 * scoring-key.test.ts checks it against a key built independently from the loaded tables.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AnswerKey } from '@/lib/scoring/answer-key';
import type { ByteColumn } from '@/lib/scoring/byte-hash';
import { sortClasses } from '@/lib/scoring/class-order';
import { publicMask, seedFromSlug } from '@/lib/scoring/split';
import { ByteDictionary } from './byte-dictionary';
import { binaryLabel, entryClasses, grown, LabelRows } from './label-rows';
import { locateDataFiles, type DataFile } from './folder-files';
import { scanColumns } from './scan-columns';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { decodeRawChunk, dictionaryRawEntries } from '@/lib/tables/parquet-byte-groups';
import type { DictionaryEntries } from '@/lib/tables/parquet-byte-columns';
import { taskFail } from './task-error';
import { DEFAULT_PUBLIC_FRACTION, idColumnOf, parseTaskJson, targetColumnOf, type ClassificationTaskJson, type MatchingTaskJson, type TaskJson } from './task-json';
import { readTestIds, sameChunk, type IndexElsewhere } from './test-ids';

export type { IndexElsewhere };

const utf8 = new TextDecoder();
function text(buf: Uint8Array, s: number, e: number): string {
  return utf8.decode(buf.subarray(s, e));
}

function pairText(bufs: Uint8Array[], starts: Int32Array, ends: Int32Array): string {
  return `${text(bufs[0], starts[0], ends[0])}, ${text(bufs[1], starts[1], ends[1])}`;
}

/**
 * `seed` overrides task.json's (the import passes the secret one it drew); absent, task.json's or the slug's.
 * `split: false` (offline `podium score` without a known split, which prints only `all`) skips the
 * public/private shuffle: every row is then in the private part, and `all` is the same.
 * `index` builds the id index on another thread (IndexElsewhere).
 */
export async function scoringKeyFromFolder(folder: string, seed?: number, opts: { split?: boolean; index?: IndexElsewhere } = {}): Promise<AnswerKey> {
  const taskPath = path.join(folder, 'task.json');
  if (!existsSync(taskPath)) taskFail('missing_file', 'The task folder has no task.json', { file: 'task.json' });
  const parsed = parseTaskJson(readFileSync(taskPath, 'utf8'));
  const task = seed === undefined ? parsed : { ...parsed, seed };
  const split = opts.split ?? true;
  return task.type === 'classification' ? classificationKey(folder, task, split, opts.index) : matchingKey(folder, task as MatchingTaskJson, split);
}

function keyOf(task: TaskJson, idColumns: ByteColumn[], classes: string[], truth: Int32Array, split: boolean): AnswerKey {
  const n = truth.length;
  const seed = task.seed ?? seedFromSlug(task.slug);
  const publicFraction = task.public_fraction ?? DEFAULT_PUBLIC_FRACTION;
  const idNames = task.type === 'classification' ? ['id'] : ['left_id', 'right_id'];
  return { kind: task.type === 'classification' ? 'classification' : 'matching', n, idNames, idColumns, classes, truth, publicMask: split ? publicMask({ n, seed, fraction: publicFraction }) : new Uint8Array(n), seed, publicFraction };
}

async function classificationKey(folder: string, task: ClassificationTaskJson, split: boolean, elsewhere?: IndexElsewhere): Promise<AnswerKey> {
  const files = locateDataFiles(folder, ['train', 'test', 'test_labels'] as const, {
    left: 'A classification task has train, test and test_labels only.',
  });
  const id = idColumnOf(task);
  const target = targetColumnOf(task);

  const dictionary = new ByteDictionary();
  await scanColumns(files.train, [target], (bufs, starts, ends, row) => {
    if (starts[0] === ends[0]) taskFail('missing_label', 'A train row has no label', { file: files.train.name, column: target, row, value: null });
    dictionary.add(bufs[0], starts[0], ends[0]);
  });
  const found = dictionary.strings();
  const classes = sortClasses(found);
  if (classes.length < 2) {
    taskFail('too_few_classes', 'The train labels have fewer than 2 classes', { file: files.train.name, column: target, value: classes[0] ?? '' });
  }
  const sortedIndex = new Map(classes.map((c, i) => [c, i]));
  const classOf = Int32Array.from(found, (c) => sortedIndex.get(c)!);

  const { cols: test, unique, chunks: testChunks } = await readTestIds(files.test, [id], { rule: 'duplicate_id', headline: 'An id appears twice' }, elsewhere);
  const labelFile = files.test_labels.name;
  const rows = new LabelRows(test);
  const truth = new Int32Array(rows.n);
  // A Parquet label column's dictionary entries are looked up once each (-2 = not yet).
  let classOfEntry: Int32Array = new Int32Array(256).fill(-2);
  /** Classes of label values [0, m) into truth from test row r0, up to the first empty or not a train class (each dictionary entry looked up once); returns how many. */
  const labelRun = (s: ByteSlices, m: number, r0: number): number => {
    const { bufs, bufOf, starts, ends, entry, dict } = s;
    if (!dict) return dictionary.lookupRun(s, m, classOf, truth, r0); // CSV, or PLAIN pages
    const byEntry = entryClasses(dictionary, bufs[dict.buf], dict.starts, dict.ends);
    let i = 0;
    for (; i < m; i++) {
      const k = entry[i];
      const c = k >= 0 ? byEntry[k] : starts[i] === ends[i] ? -1 : dictionary.lookup(bufs[bufOf[i]], starts[i], ends[i]);
      if (c < 0) break;
      truth[r0 + i] = classOf[c];
    }
    return i;
  };
  /** labelRun for a group's dictionary entries. */
  const entryRun = (d: DictionaryEntries, m: number, r0: number): number => {
    const byEntry = entryClasses(dictionary, d.page, d.starts, d.ends);
    const { entry } = d;
    let i = 0;
    for (; i < m; i++) {
      const c = byEntry[entry[i]];
      if (c < 0) break;
      truth[r0 + i] = classOf[c];
    }
    return i;
  };
  const labelled = scanColumns(files.test_labels, [id, target], (bufs, starts, ends, row, entries) => {
    // No `const f = () => …` in here: tsx wraps each named function in `__name`, a cost per row.
    const r = rows.testRow(bufs, starts, ends);
    if (r < 0) taskFail('label_id_not_in_test', 'A labelled id is not in the test file', { file: labelFile, column: id, row, value: text(bufs[0], starts[0], ends[0]) });
    const earlier = rows.claim(r, row);
    if (earlier) taskFail('duplicate_id', `An id appears twice (first at row ${earlier})`, { file: labelFile, column: id, row, value: text(bufs[0], starts[0], ends[0]) });
    if (starts[1] === ends[1]) taskFail('missing_label', 'A test label is empty', { file: labelFile, column: target, row, value: null });
    const entry = entries[1];
    let c: number;
    if (entry < 0) c = dictionary.lookup(bufs[1], starts[1], ends[1]);
    else {
      if (entry >= classOfEntry.length) classOfEntry = grown(classOfEntry, entry);
      c = classOfEntry[entry];
      if (c === -2) c = classOfEntry[entry] = dictionary.indexOf(bufs[1], starts[1], ends[1]);
    }
    if (c < 0) {
      taskFail('label_not_in_train', 'A test label is not one of the train classes', { file: labelFile, column: target, row, value: text(bufs[1], starts[1], ends[1]) },
        `Train classes: ${classes.slice(0, 20).join(', ')}${classes.length > 20 ? ', …' : ''}.`);
    }
    truth[r] = classOf[c];
  }, {
    // A group in test order: its rows up to the first whose label is empty or not a train class.
    group: (slices, n, rowStart) => {
      const m = rows.matchRun(slices, n);
      if (m === 0) return 0;
      const i = labelRun(slices[1], m, rows.next);
      rows.claimRun(i, rowStart);
      return i;
    },
    // A group whose id chunk is stored exactly as the test file's same group (both written alike, in the same
    // order: the ids are the test rows', unread) and whose labels are all train classes is taken whole.
    raw: (group, rowStart, n, [ids, labels]) => {
      const t = testChunks.get(group);
      if (!t || t.rowStart !== rowStart || t.rows !== n || rows.next !== rowStart || !rows.unlabelled(n) || !sameChunk(t.chunk, ids)) return false;
      // Dictionary-encoded labels need no slice per row: each entry's class, then the entries.
      const byEntries = dictionaryRawEntries(labels, n, target, group);
      const decoded = byEntries ? null : decodeRawChunk(labels, n, target, group);
      const labelled = byEntries ? entryRun(byEntries, n, rowStart) : decoded ? labelRun(decoded, n, rowStart) : 0;
      if (labelled < n) return false; // the group is read again, row by row where it must be
      rows.claimRun(n, rowStart);
      return true;
    },
  });
  // With the index built elsewhere, a repeated test id is checked only now, and wins over any label error.
  await labelled.then(unique, async (e) => {
    await unique();
    throw e;
  });
  if (rows.count < truth.length) {
    const r = rows.firstUnlabelled();
    const col = test[0];
    taskFail('test_id_without_label', `A test id has no row in ${labelFile}`, { file: files.test.name, column: id, row: r + 1, value: text(col.bytes, col.offsets[r], col.offsets[r + 1]) });
  }
  return keyOf(task, test, classes, truth, split);
}

async function matchingKey(folder: string, task: MatchingTaskJson, split: boolean): Promise<AnswerKey> {
  const sameTable = task.right === 'left';
  const bases = sameTable ? (['left', 'train_pairs', 'test_pairs', 'test_labels'] as const) : (['left', 'right', 'train_pairs', 'test_pairs', 'test_labels'] as const);
  const files = locateDataFiles(folder, bases, {
    train: 'A matching task has left, right, train_pairs, test_pairs and test_labels.',
    ...(sameTable ? { right: 'task.json says "right": "left", so only left is used; remove the right file.' } : {}),
  }) as Record<string, DataFile>;
  const pairIds = ['left_id', 'right_id'];
  const { cols: test } = await readTestIds(files.test_pairs, pairIds, { rule: 'duplicate_pair', headline: 'A pair appears twice' });
  const labelFile = files.test_labels.name;
  const rows = new LabelRows(test);
  const truth = new Int32Array(rows.n);
  let positives = 0;
  await scanColumns(files.test_labels, [...pairIds, 'label'], (bufs, starts, ends, row) => {
    const r = rows.testRow(bufs, starts, ends);
    if (r < 0) taskFail('label_pair_not_in_test', 'A labelled pair is not in test_pairs', { file: labelFile, column: 'left_id', row, value: pairText(bufs, starts, ends) });
    const earlier = rows.claim(r, row);
    if (earlier) taskFail('duplicate_pair', `A pair appears twice (first at row ${earlier})`, { file: labelFile, column: 'left_id', row, value: pairText(bufs, starts, ends) });
    const v = binaryLabel(bufs[2], starts[2], ends[2]);
    if (v < 0) {
      const shown = starts[2] === ends[2] ? null : text(bufs[2], starts[2], ends[2]);
      taskFail('pair_label_not_binary', 'A pair label is not 0 or 1', { file: labelFile, column: 'label', row, value: shown });
    }
    truth[r] = v;
    positives += v;
  }, {
    // A group in test order, while its labels are the bytes 0 or 1 (any other spelling goes to binaryLabel above).
    group: (slices, n, rowStart) => {
      const m = rows.matchRun(slices, n);
      const r0 = rows.next;
      const { bufs, bufOf, starts, ends } = slices[2];
      let i = 0;
      for (; i < m; i++) {
        const s = starts[i];
        if (ends[i] - s !== 1) break;
        const v = bufs[bufOf[i]][s] - 0x30;
        if (v !== 0 && v !== 1) break;
        truth[r0 + i] = v;
        positives += v;
      }
      rows.claimRun(i, rowStart);
      return i;
    },
  });
  if (rows.count < truth.length) {
    const r = rows.firstUnlabelled();
    const [l, rt] = test;
    const value = `${text(l.bytes, l.offsets[r], l.offsets[r + 1])}, ${text(rt.bytes, rt.offsets[r], rt.offsets[r + 1])}`;
    taskFail('test_pair_without_label', `A test pair has no row in ${labelFile}`, { file: files.test_pairs.name, column: 'left_id', row: r + 1, value });
  }
  if (positives === 0) taskFail('no_positive_pairs', 'No test pair is labelled 1, so precision and recall are undefined', { file: labelFile, column: 'label' });
  return keyOf(task, test, ['0', '1'], truth, split);
}
