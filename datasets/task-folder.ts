import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encodePng } from './png';
import type { Random } from './random';
import type { Raster } from './raster';
import { type Cell, type FileFormat, type Table, writeTable } from './table-io';

export type ColumnRole = 'id' | 'target' | 'text' | 'numeric' | 'categorical' | 'image';

/** `task.json` exactly as SPEC.md "Task folder" describes it. */
export interface TaskJson {
  slug: string;
  title: string;
  type: 'classification' | 'matching';
  track: string;
  metric: string;
  description: string;
  /** In file order; for matching, the schema of the record tables. */
  columns: Record<string, ColumnRole>;
  public_fraction: number;
  /** Matching within one table: only `left` is written. */
  right?: 'left';
}

/** One generated record: column values without the id, plus its photo if the task has an image column. */
export interface GeneratedRow {
  values: Record<string, Cell>;
  image?: Raster;
}

export interface Labelled {
  leftId: string;
  rightId: string;
  label: 0 | 1;
}

function recordTable(task: TaskJson, rows: { id: string; values: Record<string, Cell> }[], withTarget: boolean): Table {
  const names = Object.keys(task.columns).filter((c) => withTarget || task.columns[c] !== 'target');
  return {
    columns: names.map((name) => ({ name, type: task.columns[name] === 'numeric' ? 'double' : 'string' })),
    rows: rows.map((r) => names.map((n) => (task.columns[n] === 'id' ? r.id : (r.values[n] ?? null)))),
  };
}

function imageColumn(task: TaskJson): string | undefined {
  return Object.keys(task.columns).find((c) => task.columns[c] === 'image');
}

async function writeImages(dir: string, rows: { id: string; image?: Raster }[]): Promise<void> {
  await mkdir(path.join(dir, 'images'), { recursive: true });
  for (const r of rows) {
    if (r.image) await writeFile(path.join(dir, 'images', `${r.id}.png`), encodePng(r.image));
  }
}

async function writeTaskJson(dir: string, task: TaskJson): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'task.json'), JSON.stringify(task, null, 2) + '\n');
}

/**
 * Shuffles the rows, gives them ids, and writes train / test / test_labels.
 * Ids are assigned after the shuffle, so neither the id nor the row order says anything about the class.
 */
export async function writeClassificationTask(args: {
  dir: string;
  task: TaskJson;
  rows: GeneratedRow[];
  idPrefix: string;
  format: FileFormat;
  testFraction: number;
  rng: Random;
}): Promise<void> {
  const { dir, task, format, rng } = args;
  await writeTaskJson(dir, task);
  const idColumn = Object.keys(task.columns).find((c) => task.columns[c] === 'id')!;
  const target = Object.keys(task.columns).find((c) => task.columns[c] === 'target')!;
  const image = imageColumn(task);
  const width = String(args.rows.length).length;
  const rows = rng.shuffle([...args.rows]).map((r, i) => {
    const id = `${args.idPrefix}${String(i + 1).padStart(width, '0')}`;
    const values = image ? { ...r.values, [image]: `${id}.png` } : r.values;
    return { id, values, image: r.image, test: rng.chance(args.testFraction) };
  });
  const train = rows.filter((r) => !r.test);
  const test = rows.filter((r) => r.test);
  await writeTable(path.join(dir, `train.${format}`), recordTable(task, train, true));
  await writeTable(path.join(dir, `test.${format}`), recordTable(task, test, false));
  await writeTable(path.join(dir, `test_labels.${format}`), {
    columns: [
      { name: idColumn, type: 'string' },
      { name: target, type: 'string' },
    ],
    rows: test.map((r) => [r.id, r.values[target]]),
  });
  if (image) await writeImages(dir, rows);
}

function pairTable(pairs: Labelled[], withLabel: boolean): Table {
  return {
    columns: [
      { name: 'left_id', type: 'string' },
      { name: 'right_id', type: 'string' },
      ...(withLabel ? [{ name: 'label', type: 'int' as const }] : []),
    ],
    rows: pairs.map((p) => (withLabel ? [p.leftId, p.rightId, p.label] : [p.leftId, p.rightId])),
  };
}

/** Writes a matching task; `right` omitted means de-duplication within `left` (`"right": "left"`). */
export async function writeMatchingTask(args: {
  dir: string;
  task: TaskJson;
  left: { id: string; row: GeneratedRow }[];
  right?: { id: string; row: GeneratedRow }[];
  trainPairs: Labelled[];
  testPairs: Labelled[];
  recordFormat: FileFormat;
  pairFormat: FileFormat;
  rng: Random;
}): Promise<void> {
  const { dir, task, rng } = args;
  await writeTaskJson(dir, task);
  const image = imageColumn(task);
  const prepare = (records: { id: string; row: GeneratedRow }[]) =>
    records.map(({ id, row }) => ({
      id,
      values: image ? { ...row.values, [image]: `${id}.png` } : row.values,
      image: row.image,
    }));
  const left = prepare(args.left);
  await writeTable(path.join(dir, `left.${args.recordFormat}`), recordTable(task, left, false));
  const right = args.right ? prepare(args.right) : [];
  if (args.right) await writeTable(path.join(dir, `right.${args.recordFormat}`), recordTable(task, right, false));
  const trainPairs = rng.shuffle([...args.trainPairs]);
  const testPairs = rng.shuffle([...args.testPairs]);
  await writeTable(path.join(dir, `train_pairs.${args.pairFormat}`), pairTable(trainPairs, true));
  await writeTable(path.join(dir, `test_pairs.${args.pairFormat}`), pairTable(testPairs, false));
  await writeTable(path.join(dir, `test_labels.${args.pairFormat}`), pairTable(testPairs, true));
  if (image) await writeImages(dir, [...left, ...right]);
}
