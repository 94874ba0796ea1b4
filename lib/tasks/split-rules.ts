/**
 * The organizer's own split (docs/task-folders.md): a `split` column in test_labels
 * (`public`/`private`, as Kaggle's `Usage`), or `"split": {"by", "private_from"}` on a
 * column of the test records (rows at or after `private_from` are private). Without
 * either, the split is random, drawn from the task's seed when the answer key is built.
 */
import { numberColumn, stringColumn, type Table } from '@/lib/tables/types';
import { taskFail } from './task-error';
import type { TaskJson } from './task-json';

export type SplitKind = 'random' | 'column' | 'time';

/** What the loaders hand to the answer key: a mask (1 = public) when the organizer decided, else null. */
export type OrganizerSplit = { kind: SplitKind; mask: Uint8Array | null; by?: string };

export const SPLIT_COLUMN = 'split';

/** The `split` column of test_labels, aligned to test rows through `rowOf` (test_labels row → test row). */
export function splitFromColumn(labels: Table, file: string, rowOf: (labelRow: number) => number, n: number): Uint8Array | null {
  if (!labels.columns.some((c) => c.name === SPLIT_COLUMN)) return null;
  const col = stringColumn(labels, SPLIT_COLUMN);
  const mask = new Uint8Array(n);
  col.values.forEach((v, i) => {
    const t = v?.toLowerCase();
    if (t !== 'public' && t !== 'private') {
      taskFail('split_value', 'A split value is not "public" or "private"', { file, column: SPLIT_COLUMN, row: i + 1, value: v });
    }
    mask[rowOf(i)] = t === 'public' ? 1 : 0;
  });
  checkBothParts(mask, file, SPLIT_COLUMN);
  return mask;
}

/** `"split": {"by", "private_from"}` on a record table: one mask value per row of `table`. */
export function splitByValue(task: TaskJson, table: Table, file: string): Uint8Array | null {
  if (!task.split) return null;
  const { by, private_from: from } = task.split;
  const mask = new Uint8Array(table.numRows);
  if (task.columns[by] === 'numeric') {
    const cut = typeof from === 'number' ? from : Number(from);
    if (!Number.isFinite(cut)) taskFail('split_from', `task.json "split.private_from" must be a number for the numeric column "${by}"`, { file: 'task.json', column: by, value: from });
    const col = numberColumn(table, by);
    for (let i = 0; i < table.numRows; i++) {
      if (!col.valid[i]) taskFail('split_value_missing', `A row has no value in the split column "${by}"`, { file, column: by, row: i + 1, value: null });
      mask[i] = col.values[i] >= cut ? 0 : 1;
    }
  } else {
    const cut = String(from);
    const col = stringColumn(table, by);
    col.values.forEach((v, i) => {
      if (v === null) taskFail('split_value_missing', `A row has no value in the split column "${by}"`, { file, column: by, row: i + 1, value: v });
      // Code-point order: ISO dates and times ("2026-09-01", "2026-09-01T12:00") compare as time.
      mask[i] = v >= cut ? 0 : 1;
    });
  }
  checkBothParts(mask, file, by);
  return mask;
}

function checkBothParts(mask: Uint8Array, file: string, column: string): void {
  let pub = 0;
  for (const m of mask) pub += m;
  if (pub === 0) taskFail('split_one_sided', 'The split leaves no test row public, so the live leaderboard would be empty', { file, column });
  if (pub === mask.length) taskFail('split_one_sided', 'The split leaves no test row private, so the final leaderboard would repeat the live one', { file, column });
}

export function splitKindOf(task: TaskJson, mask: Uint8Array | null): SplitKind {
  if (task.split) return 'time';
  return mask ? 'column' : 'random';
}

/** The names task.json gives to data files (`"right": "left"` is not a name). */
export function namedFiles(task: TaskJson): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['train', 'test', 'test_labels', 'left', 'right', 'train_pairs', 'test_pairs'] as const) {
    const v = (task as Record<string, unknown>)[k];
    if (typeof v === 'string' && !(k === 'right' && v === 'left')) out[k] = v;
  }
  return out;
}
