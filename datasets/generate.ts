import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CATALOG_DUPLICATES_TASK, catalogDuplicates } from './catalog-duplicates';
import { DAMAGE_TYPE_TASK, damageTypeRows } from './damage-type';
import { MUSIC_GENRE_TASK, musicGenreRows } from './music-genre';
import { PRODUCT_TYPE_TASK, productTypeRows } from './product-type';
import { PRODUCT_VARIANTS_TASK, productVariants } from './product-variants';
import { Random } from './random';
import { writeClassificationTask, writeMatchingTask } from './task-folder';

/** `challenge.json`: everything the seeder needs besides the task folders. */
export interface ChallengeSpec {
  slug: string;
  title: string;
  description: string;
  rules: string;
  tracks: { slug: string; title: string; description: string }[];
  /**
   * Dates relative to the moment of seeding, so the demo is always running when a newcomer starts it
   * and the generated files stay identical for a seed. See `challengeDates`.
   */
  schedule: { startDaysFromSeeding: number; endDaysFromSeeding: number };
  /** Task folder names (= task slugs) inside `outDir`, in display order. */
  tasks: string[];
}

export const DEFAULT_SEED = 20261123;

export function challengeDates(spec: ChallengeSpec, now: Date): { start: Date; end: Date } {
  const day = 24 * 60 * 60 * 1000;
  return {
    start: new Date(now.getTime() + spec.schedule.startDaysFromSeeding * day),
    end: new Date(now.getTime() + spec.schedule.endDaysFromSeeding * day),
  };
}

const CHALLENGE: Omit<ChallengeSpec, 'tasks'> = {
  slug: 'demo',
  title: 'Multimodal Tabular Demo Challenge',
  description: `Five tasks on **multimodal tabular data**: every row mixes free text, categories, numbers and a
small photo. Three are classification tasks, two are record matching tasks.

| task | track | rows | files |
|---|---|---|---|
| Product type from marketplace listings | classification | ~4,500 | CSV + images |
| Damage type of returned parcels | classification | ~4,000 | Parquet + images |
| Music genre of streaming tracks | classification | ~4,000 | CSV + images |
| Same product in two shops | matching | ~3,200 listings, ~7,000 pairs | CSV + images |
| Variants of the same product | matching | ~2,400 listings, ~7,600 pairs | Parquet + CSV + images |

Each task has a **baseline** on the leaderboard: naive Bayes over the words and categories for classification,
title-word Jaccard similarity for matching. Both ignore the images — there is room above them.

The data is synthetic, generated with a fixed seed, but built like the real thing: uneven seller text with
typos and abbreviations, missing values, imbalanced classes, a few wrong labels, and hard negatives.`,
  rules: `1. One account per person. You compete as a team of one unless you join a team.
2. Up to **5 submissions per task per day**; failed (rejected) files do not count.
3. The public leaderboard scores 30% of the test rows; the final ranking uses the other 70%, revealed when the
   challenge ends. Do not overfit the public board.
4. Do not label the test data by hand and do not share predictions between teams.
5. Any external data or pretrained model that is freely available to everyone may be used; say which in your
   submission description.
6. Prizes go to the best average score per track.`,
  tracks: [
    { slug: 'classification', title: 'Classification', description: 'Predict one label per row. Ranked by the average of the tasks\' metrics (macro-F1, accuracy).' },
    { slug: 'matching', title: 'Matching', description: 'Decide which record pairs refer to the same product. Ranked by the average F1.' },
  ],
  schedule: { startDaysFromSeeding: -30, endDaysFromSeeding: 90 },
};

/**
 * Writes the demo challenge: one SPEC.md task folder per task plus `challenge.json`.
 * The same seed gives byte-identical files. `outDir` must be missing, empty, or an earlier demo
 * (it holds `challenge.json`); it is emptied first.
 */
export async function generateDemo(options: { outDir: string; seed?: number | string }): Promise<{ challenge: ChallengeSpec; taskDirs: string[] }> {
  const { outDir } = options;
  const root = new Random(options.seed ?? DEFAULT_SEED);
  if (existsSync(outDir) && (await readdir(outDir)).length > 0 && !existsSync(path.join(outDir, 'challenge.json'))) {
    // Emptying a folder that is not ours could delete someone's work.
    throw new Error(`generateDemo: ${outDir} is not empty and holds no earlier demo (no challenge.json); pass an empty or new folder`);
  }
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const dir = (slug: string) => path.join(outDir, slug);
  // One forked stream per task: changing one generator leaves the other tasks' files untouched.
  const rng = {
    productType: root.fork('product-type'),
    damageType: root.fork('damage-type'),
    musicGenre: root.fork('music-genre'),
    catalogDuplicates: root.fork('catalog-duplicates'),
    productVariants: root.fork('product-variants'),
  };

  await writeClassificationTask({
    dir: dir(PRODUCT_TYPE_TASK.slug), task: PRODUCT_TYPE_TASK, rows: productTypeRows(rng.productType, 4500),
    idPrefix: 'P', format: 'csv', testFraction: 0.3, rng: rng.productType,
  });
  await writeClassificationTask({
    dir: dir(DAMAGE_TYPE_TASK.slug), task: DAMAGE_TYPE_TASK, rows: damageTypeRows(rng.damageType, 4000),
    idPrefix: 'D', format: 'parquet', testFraction: 0.3, rng: rng.damageType,
  });
  await writeClassificationTask({
    dir: dir(MUSIC_GENRE_TASK.slug), task: MUSIC_GENRE_TASK, rows: musicGenreRows(rng.musicGenre, 4000),
    idPrefix: 'M', format: 'csv', testFraction: 0.3, rng: rng.musicGenre,
  });
  await writeMatchingTask({
    dir: dir(CATALOG_DUPLICATES_TASK.slug), task: CATALOG_DUPLICATES_TASK, ...catalogDuplicates(rng.catalogDuplicates, 1100),
    recordFormat: 'csv', pairFormat: 'csv', rng: rng.catalogDuplicates,
  });
  await writeMatchingTask({
    dir: dir(PRODUCT_VARIANTS_TASK.slug), task: PRODUCT_VARIANTS_TASK, ...productVariants(rng.productVariants, 420),
    recordFormat: 'parquet', pairFormat: 'csv', rng: rng.productVariants,
  });

  const tasks = [PRODUCT_TYPE_TASK, DAMAGE_TYPE_TASK, MUSIC_GENRE_TASK, CATALOG_DUPLICATES_TASK, PRODUCT_VARIANTS_TASK].map((t) => t.slug);
  const challenge: ChallengeSpec = { ...CHALLENGE, tasks };
  await writeFile(path.join(outDir, 'challenge.json'), JSON.stringify(challenge, null, 2) + '\n');
  return { challenge, taskDirs: tasks.map(dir) };
}
