import type { Column, Table } from '@/lib/tables/types';
import { numberColumn, stringColumn } from '@/lib/tables/types';
import type { AnswerKey } from '@/lib/scoring/answer-key';
import type { LoadedTask } from './load-task';
import type { SplitKind } from './split-rules';
import type { ColumnRole } from './task-json';

export interface ColumnSheet {
  name: string;
  role: ColumnRole | 'pair_id' | 'pair_label';
  type: 'string' | 'float64' | 'int64';
  missing: number;
  missingShare: number;
  distinct: number;
  min?: number;
  mean?: number;
  max?: number;
}

export interface TableSheet {
  /** Published base name: `train`, `test`, `left`, `right`, `train_pairs`, `test_pairs`. */
  name: string;
  rows: number;
  columns: ColumnSheet[];
}

export interface ClassCount {
  label: string;
  count: number;
  share: number;
}

export interface Datasheet {
  type: 'classification' | 'matching' | 'grouping';
  tables: TableSheet[];
  /** Classification: train label counts, in class order. */
  classBalance?: ClassCount[];
  /** Matching: table sizes, pair counts and the train positive rate (test labels stay hidden). */
  matching?: { leftRows: number; rightRows: number; sameTable: boolean; trainPairs: number; trainPositives: number; trainPositiveRate: number; testPairs: number; candidates?: 'listed' | 'open' };
  /** Grouping: record and group counts of train (test groups stay hidden). */
  grouping?: { trainRecords: number; trainGroups: number; trainLargestGroup: number; testRecords: number };
  /**
   * Hidden test rows on each leaderboard (pairs for matching, records for grouping, left
   * records for open matching), and which kind of split decides: `random` (seeded),
   * `column` (the organizer's split column) or `time` (on the column `by`). Never which rows.
   */
  split: { kind: SplitKind; by?: string; unit: 'rows' | 'pairs' | 'records' | 'left records'; publicFraction: number; publicRows: number; privateRows: number; secretSeed?: boolean };
}

function columnSheet(col: Column, role: ColumnSheet['role'], rows: number): ColumnSheet {
  let missing = 0;
  let distinct: number;
  const sheet: ColumnSheet = { name: col.name, role, type: col.type, missing: 0, missingShare: 0, distinct: 0 };
  if (col.type === 'string') {
    const seen = new Set<string>();
    for (const v of col.values) {
      if (v === null) missing++;
      else seen.add(v);
    }
    distinct = seen.size;
  } else {
    const seen = new Set<number>();
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      if (!col.valid[i]) {
        missing++;
        continue;
      }
      const v = col.values[i];
      seen.add(v);
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    distinct = seen.size;
    const present = rows - missing;
    if (present > 0) Object.assign(sheet, { min, mean: sum / present, max });
  }
  return { ...sheet, missing, missingShare: rows === 0 ? 0 : missing / rows, distinct };
}

function tableSheet(name: string, table: Table, roleOf: (column: string) => ColumnSheet['role']): TableSheet {
  return { name, rows: table.numRows, columns: table.columns.map((c) => columnSheet(c, roleOf(c.name), table.numRows)) };
}

function pairRole(column: string): ColumnSheet['role'] {
  return column === 'label' ? 'pair_label' : 'pair_id';
}

function splitSheet(loaded: LoadedTask, key: AnswerKey): Datasheet['split'] {
  const mask = key.records ? key.records.leftPublic : key.publicMask;
  let publicRows = 0;
  for (const m of mask) publicRows += m;
  const unit = key.records ? 'left records' : loaded.type === 'grouping' ? 'records' : loaded.type === 'matching' ? 'pairs' : 'rows';
  return {
    kind: loaded.split.kind,
    ...(loaded.split.by ? { by: loaded.split.by } : {}),
    ...(loaded.split.kind === 'random' ? { secretSeed: loaded.task.seed === undefined } : {}),
    unit,
    publicFraction: mask.length ? publicRows / mask.length : 0,
    publicRows,
    privateRows: mask.length - publicRows,
  };
}

export function buildDatasheet(loaded: LoadedTask, key: AnswerKey): Datasheet {
  const roles = loaded.task.columns;
  const recordRole = (column: string) => roles[column];
  const split = splitSheet(loaded, key);
  if (loaded.type === 'grouping') {
    const sizes = new Map<string, number>();
    for (const g of stringColumn(loaded.train, 'group').values) sizes.set(g!, (sizes.get(g!) ?? 0) + 1);
    const groupRole = (c: string) => (c === 'group' ? 'target' : roles[c]);
    return {
      type: 'grouping',
      tables: [tableSheet('train', loaded.train, groupRole), tableSheet('test', loaded.test, recordRole)],
      grouping: { trainRecords: loaded.train.numRows, trainGroups: sizes.size, trainLargestGroup: Math.max(0, ...sizes.values()), testRecords: loaded.test.numRows },
      split,
    };
  }
  if (loaded.type === 'classification') {
    const target = Object.keys(roles).find((c) => roles[c] === 'target')!;
    const counts = new Map<string, number>(loaded.classes.map((c) => [c, 0]));
    for (const v of stringColumn(loaded.train, target).values) counts.set(v!, counts.get(v!)! + 1);
    const n = loaded.train.numRows;
    return {
      type: 'classification',
      tables: [tableSheet('train', loaded.train, recordRole), tableSheet('test', loaded.test, recordRole)],
      classBalance: loaded.classes.map((label) => ({ label, count: counts.get(label)!, share: counts.get(label)! / n })),
      split,
    };
  }
  const labels = numberColumn(loaded.trainPairs, 'label').values;
  let positives = 0;
  for (const v of labels) positives += v;
  const tables = [tableSheet('left', loaded.left, recordRole)];
  if (loaded.right) tables.push(tableSheet('right', loaded.right, recordRole));
  tables.push(tableSheet('train_pairs', loaded.trainPairs, pairRole));
  if (loaded.testPairs) tables.push(tableSheet('test_pairs', loaded.testPairs, pairRole));
  return {
    type: 'matching',
    tables,
    matching: {
      leftRows: loaded.left.numRows,
      rightRows: (loaded.right ?? loaded.left).numRows,
      sameTable: loaded.right === null,
      trainPairs: loaded.trainPairs.numRows,
      trainPositives: positives,
      trainPositiveRate: labels.length === 0 ? 0 : positives / labels.length,
      testPairs: loaded.testPairs?.numRows ?? 0,
      ...(loaded.testPairs ? {} : { candidates: 'open' as const }),
    },
    split,
  };
}
