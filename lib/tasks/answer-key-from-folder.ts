import { buildClassificationKey, buildMatchingKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { seedFromSlug } from '@/lib/scoring/split';
import { stringColumn } from '@/lib/tables/types';
import type { LoadedTask } from './load-task';
import { scoringKeyFromFolder } from './scoring-key';

export function seedOf(loaded: LoadedTask): number {
  return loaded.task.seed ?? seedFromSlug(loaded.task.slug);
}

/** The answer key of a validated folder: test rows (or pairs) in test-file order, split by the task's seed. */
export function answerKeyOf(loaded: LoadedTask): AnswerKey {
  const seed = seedOf(loaded);
  const publicFraction = loaded.task.public_fraction;
  if (loaded.type === 'classification') {
    return buildClassificationKey({ ids: loaded.testIds, labels: loaded.testLabels, classes: loaded.classes, seed, publicFraction });
  }
  return buildMatchingKey({
    leftIds: stringColumn(loaded.testPairs, 'left_id').values as string[],
    rightIds: stringColumn(loaded.testPairs, 'right_id').values as string[],
    labels: loaded.testLabels,
    seed,
    publicFraction,
  });
}

/**
 * For the offline `podium score`: the same key as `answerKeyOf(await loadTaskFolder(folder))`,
 * read straight into typed arrays (see scoring-key.ts). It checks what scoring depends on
 * and trusts the rest of the folder, which the organizer's import validates in full.
 */
export async function answerKeyFromFolder(folder: string): Promise<AnswerKey> {
  return scoringKeyFromFolder(folder);
}
