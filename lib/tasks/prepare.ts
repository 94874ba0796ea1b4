import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serializeAnswerKey } from '@/lib/scoring/answer-key';
import { writeTableBoth } from '@/lib/tables/read-table';
import type { Table } from '@/lib/tables/types';
import { answerKeyFromFolder, seedOf } from './answer-key-from-folder';
import { buildDatasheet, type Datasheet } from './datasheet';
import { sha256File } from './file-hash';
import { writeImagesZip } from './images';
import { loadTaskFolder, type LoadedTask } from './load-task';
import { writeSampleSubmission } from './sample-submission';
import type { TaskJson } from './task-json';

export const ANSWER_KEY_FILE = 'answer-key.bin';

export interface PreparedFile {
  /** Download name, e.g. `train.parquet`. */
  name: string;
  path: string;
  size: number;
  sha256: string;
  /** False only for the answer key, which is never served to participants. */
  published: boolean;
}

export interface PreparedTask {
  manifest: TaskJson;
  seed: number;
  /** True when task.json fixed the seed: then anyone with task.json can compute the split. */
  seedFixed: boolean;
  /** Things the organizer should know (a fixed seed); the import goes through. */
  warnings: string[];
  publicFraction: number;
  /** Classification: the train classes in scikit-learn order. */
  classes?: string[];
  /** Matching: true when right is left (only `left.*` is published). */
  sameTable?: boolean;
  files: PreparedFile[];
  answerKey: { path: string; sha256: string };
  datasheet: Datasheet;
  counts: Record<string, number>;
}

function publishedTables(loaded: LoadedTask): [string, Table][] {
  if (loaded.type === 'classification' || loaded.type === 'grouping') return [['train', loaded.train], ['test', loaded.test]];
  return [
    ['left', loaded.left],
    ...(loaded.right ? [['right', loaded.right] as [string, Table]] : []),
    ['train_pairs', loaded.trainPairs],
    ...(loaded.testPairs ? [['test_pairs', loaded.testPairs] as [string, Table]] : []),
  ];
}

function countsOf(loaded: LoadedTask, datasheet: Datasheet): Record<string, number> {
  const split = { public: datasheet.split.publicRows, private: datasheet.split.privateRows };
  if (loaded.type === 'classification') return { train: loaded.train.numRows, test: loaded.test.numRows, classes: loaded.classes.length, images: loaded.images.length, ...split };
  if (loaded.type === 'grouping') return { train: loaded.train.numRows, test: loaded.test.numRows, trainGroups: datasheet.grouping!.trainGroups, images: loaded.images.length, ...split };
  return {
    left: loaded.left.numRows,
    right: (loaded.right ?? loaded.left).numRows,
    trainPairs: loaded.trainPairs.numRows,
    testPairs: loaded.testPairs?.numRows ?? 0,
    images: loaded.images.length,
    ...split,
  };
}

function describe(filePath: string, published: boolean): PreparedFile {
  return { name: path.basename(filePath), path: filePath, size: statSync(filePath).size, sha256: sha256File(filePath), published };
}

/**
 * Validates a task folder and writes into `outDir` (which must be absent or empty)
 * the standardized CSV + Parquet of every published table, images.zip, the sample
 * submission and the answer key. Validation finishes before the first write, and a
 * failed write removes what was written, so a failed import stores nothing.
 */
export async function prepareTask({ folder, outDir, keepSeed }: { folder: string; outDir: string; keepSeed?: number }): Promise<PreparedTask> {
  const loaded = await loadTaskFolder(folder);
  // task.json's seed, else the replaced task's (its split must not move), else a fresh secret one.
  const seed = loaded.task.seed ?? keepSeed ?? seedOf(loaded);
  // The whole folder is valid now; the key comes from the same entry point as `podium score`'s.
  const key = await answerKeyFromFolder(folder, { seed, loaded });
  const datasheet = buildDatasheet(loaded, key);
  const seedFixed = loaded.task.seed !== undefined;
  const warnings = seedFixed && loaded.split.kind === 'random'
    ? ['task.json fixes "seed", so anyone who has task.json (or guesses the seed) can compute which test rows are public. Remove "seed" to have a secret one drawn at import.']
    : [];

  if (existsSync(outDir) && readdirSync(outDir).length > 0) throw new Error(`prepareTask: ${outDir} is not empty`);
  mkdirSync(outDir, { recursive: true });
  try {
    const written: string[] = [];
    for (const [base, table] of publishedTables(loaded)) {
      const { csv, parquet } = writeTableBoth(table, outDir, base);
      written.push(csv, parquet);
    }
    if (loaded.images.length > 0) {
      const zip = path.join(outDir, 'images.zip');
      writeImagesZip(folder, loaded.images, zip);
      written.push(zip);
    }
    const sample = path.join(outDir, 'sample_submission.csv');
    writeSampleSubmission(loaded, sample);
    written.push(sample);
    const keyPath = path.join(outDir, ANSWER_KEY_FILE);
    writeFileSync(keyPath, serializeAnswerKey(key));

    const files = [...written.map((p) => describe(p, true)), describe(keyPath, false)];
    return {
      manifest: loaded.task,
      seed,
      seedFixed,
      warnings,
      publicFraction: key.publicFraction,
      ...(loaded.type === 'classification' ? { classes: loaded.classes } : loaded.type === 'matching' ? { sameTable: loaded.right === null } : {}),
      files,
      answerKey: { path: keyPath, sha256: files[files.length - 1].sha256 },
      datasheet,
      counts: countsOf(loaded, datasheet),
    };
  } catch (e) {
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}
