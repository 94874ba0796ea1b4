import type { AnswerKey } from '@/lib/scoring/answer-key';
import { seedFromSlug } from '@/lib/scoring/split';
import type { LoadedTask } from './load-task';
import { scoringKeyFromFolder } from './scoring-key';

export function seedOf(loaded: LoadedTask): number {
  return loaded.task.seed ?? seedFromSlug(loaded.task.slug);
}

/**
 * The answer key of a task folder: test rows (or pairs) in test-file order, split by the
 * task's seed, read straight into typed arrays (see scoring-key.ts). The one builder:
 * the import (`prepareTask`, after validating the whole folder) and the offline
 * `podium score` both call it, so the site's key and the offline key cannot disagree.
 */
export async function answerKeyFromFolder(folder: string): Promise<AnswerKey> {
  return scoringKeyFromFolder(folder);
}
