import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { fileSource, parquetFooter, parquetRanges, topLevelColumns } from '@/lib/tables/parquet-ranges';
import path from 'node:path';
import { buildClassificationKey, buildMatchingKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { buildGroupingKey } from '@/lib/scoring/grouping/key';
import { buildOpenMatchingKey } from '@/lib/scoring/open-matching/key';
import { seedFromSlug } from '@/lib/scoring/split';
import { stringColumn } from '@/lib/tables/types';
import type { LoadedTask } from './load-task';
import { namedFiles, SPLIT_COLUMN } from './split-rules';
import { scoringKeyFromFolder, type IndexElsewhere } from './scoring-key';
import { DEFAULT_PUBLIC_FRACTION, parseTaskJson } from './task-json';
import { taskFail } from './task-error';

/**
 * The whole-folder validator, loaded only when a key needs the validated tables: the typed-array
 * path of `podium score` then starts without the table readers and writers (hyparquet-writer, fflate).
 */
async function loadTaskFolder(folder: string): Promise<LoadedTask> {
  return (await import('./load-task')).loadTaskFolder(folder);
}

/**
 * The split's seed: task.json's `seed` when the organizer fixes one (then anyone with
 * task.json can recompute which rows are public), otherwise a secret drawn now from the
 * system's CSPRNG and kept only server-side (the tasks row and the private answer key).
 */
export function seedOf(loaded: LoadedTask): number {
  return loaded.task.seed ?? randomBytes(4).readUInt32LE(0);
}

/** The share of hidden rows on the public board: task.json's, or what the organizer's split gives. */
export function publicFractionOf(key: AnswerKey): number {
  let pub = 0;
  for (const m of key.publicMask) pub += m;
  return key.n === 0 ? 0 : pub / key.n;
}

/** The answer key of a validated folder: test rows (or pairs) in test-file order, split by `seed` or the organizer's split. */
export function answerKeyOf(loaded: LoadedTask, seed: number = seedOf(loaded)): AnswerKey {
  const publicFraction = loaded.task.public_fraction ?? DEFAULT_PUBLIC_FRACTION;
  const mask = loaded.split.mask ?? undefined;
  let key: AnswerKey;
  if (loaded.type === 'classification') {
    key = buildClassificationKey({ ids: loaded.testIds, labels: loaded.testLabels, classes: loaded.classes, seed, publicFraction });
  } else if (loaded.type === 'grouping') {
    return withFraction(buildGroupingKey({ ids: loaded.testIds, groups: loaded.testGroups, seed, publicFraction, mask }), loaded);
  } else if (loaded.matches) {
    const leftRecords = stringColumn(loaded.left, idOf(loaded)).values as string[];
    const rightRecords = loaded.right ? (stringColumn(loaded.right, idOf(loaded)).values as string[]) : null;
    return withFraction(buildOpenMatchingKey({ leftRecords, rightRecords, matches: loaded.matches, seed, publicFraction, leftPublic: mask }), loaded);
  } else {
    key = buildMatchingKey({
      leftIds: stringColumn(loaded.testPairs!, 'left_id').values as string[],
      rightIds: stringColumn(loaded.testPairs!, 'right_id').values as string[],
      labels: loaded.testLabels,
      seed,
      publicFraction,
    });
  }
  if (mask) key.publicMask = mask;
  return withFraction(key, loaded);
}

/** With the organizer's split, the stored fraction is the one the split gives. */
function withFraction(key: AnswerKey, loaded: LoadedTask): AnswerKey {
  if (loaded.split.mask) key.publicFraction = publicFractionOf(key);
  return key;
}

function idOf(loaded: LoadedTask): string {
  return Object.keys(loaded.task.columns).find((c) => loaded.task.columns[c] === 'id')!;
}

/**
 * The answer key of a task folder: test rows (or pairs) in test-file order, split by `seed`
 * (or the organizer's split). The one entry point: the import (`prepareTask`, after
 * validating the whole folder, with the secret seed it drew) and the offline `podium score`
 * both call it, so the site's key and the offline key cannot disagree. Classification and
 * closed matching with the default file names and a random split are read straight into
 * typed arrays (scoring-key.ts, fast on 10M rows); grouping, open matching, named files and
 * the organizer's split are built from the validated tables (`answerKeyOf`). `split: false`
 * lets the typed-array path skip the public/private shuffle (see scoringKeyFromFolder).
 */
export async function answerKeyFromFolder(folder: string, opts: { seed?: number; loaded?: LoadedTask; split?: boolean; index?: IndexElsewhere } = {}): Promise<AnswerKey> {
  const taskPath = path.join(folder, 'task.json');
  const task = existsSync(taskPath) ? parseTaskJson(readFileSync(taskPath, 'utf8')) : null;
  if (task && (await fastPathApplies(folder, task))) return scoringKeyFromFolder(folder, opts.seed, { split: opts.split, index: opts.index });
  const loaded = opts.loaded ?? (await loadTaskFolder(folder));
  // Without a seed (tests, tools) both paths use the slug's, so they agree; the import always passes its secret one.
  return answerKeyOf(loaded, opts.seed ?? loaded.task.seed ?? seedFromSlug(loaded.task.slug));
}

/** Straight into typed arrays unless the task needs the validated tables (see answerKeyFromFolder); test_labels CSV or Parquet. */
export async function fastPathApplies(folder: string, task: ReturnType<typeof parseTaskJson>): Promise<boolean> {
  if (task.type === 'grouping' || (task.type === 'matching' && task.candidates === 'open') || task.split || Object.keys(namedFiles(task)).length > 0) return false;
  const csv = path.join(folder, 'test_labels.csv');
  const parquet = path.join(folder, 'test_labels.parquet');
  if (existsSync(csv)) return !existsSync(parquet) && !csvHeaderHas(csv, SPLIT_COLUMN);
  return existsSync(parquet) && !(await parquetColumnNames(parquet)).includes(SPLIT_COLUMN);
}

/** Top-level column names from a Parquet footer (the file is not decoded); none when it cannot be read (the slow path then says why). */
async function parquetColumnNames(file: string): Promise<string[]> {
  try {
    return topLevelColumns((await parquetFooter(parquetRanges(fileSource(file)))).schema).map((el) => el.name);
  } catch {
    return [SPLIT_COLUMN];
  }
}

/**
 * The key offline `podium score` uses, and whether it knows the site's split: only when
 * task.json fixes the seed or the organizer's split decides (a split column, "split").
 * Otherwise the seed is a secret of the server, and only `all` can be computed here.
 * `index`: where the id index is built (scoringKeyFromFolder).
 */
export async function offlineScoringKey(folder: string, opts: { index?: IndexElsewhere } = {}): Promise<{ key: AnswerKey; splitKnown: boolean }> {
  const taskPath = path.join(folder, 'task.json');
  if (!existsSync(taskPath)) taskFail('missing_file', 'The task folder has no task.json', { file: 'task.json' });
  const task = parseTaskJson(readFileSync(taskPath, 'utf8'));
  // Without a fixed seed any seed will do: only `all` is printed then.
  const seed = task.seed ?? 0;
  const splitKnown = task.seed !== undefined;
  // Only `all` is printed then, and it does not depend on the split: no shuffle of every row.
  if (await fastPathApplies(folder, task)) return { key: await answerKeyFromFolder(folder, { seed, split: splitKnown, index: opts.index }), splitKnown };
  const loaded = await loadTaskFolder(folder);
  return { key: await answerKeyFromFolder(folder, { seed, loaded }), splitKnown: task.seed !== undefined || loaded.split.mask !== null };
}

/**
 * At most how many rows the folder's answer key can have, known without reading its test
 * file: test.parquet's footer row count, or half of test.csv's size (a data line takes at
 * least two bytes); 0 when there is neither. `podium score`'s parse thread reads no Parquet
 * predictions claiming more rows than this (a bound, never a check: the key decides).
 */
export async function keyRowsAtMost(folder: string): Promise<number> {
  const parquet = path.join(folder, 'test.parquet');
  const csv = path.join(folder, 'test.csv');
  try {
    if (existsSync(parquet)) return Number((await parquetFooter(parquetRanges(fileSource(parquet)))).num_rows);
    if (existsSync(csv)) return Math.ceil(statSync(csv).size / 2);
  } catch {
    // the key's own reading says what is wrong
  }
  return 0;
}

function csvHeaderHas(file: string, column: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0];
    return line.split(',').map((c) => c.replace(/^"|"$/g, '')).includes(column);
  } finally {
    closeSync(fd);
  }
}
