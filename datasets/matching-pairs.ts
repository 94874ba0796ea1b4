import type { Random } from './random';
import type { Labelled } from './task-folder';

/** Collects candidate pairs once each, as a blocking step would hand them to a matcher. */
export class PairSet {
  private readonly seen = new Set<string>();
  readonly pairs: (Labelled & { group: string })[] = [];

  add(leftId: string, rightId: string, label: 0 | 1, group: string): void {
    if (leftId === rightId) return;
    const key = `${leftId}\u0000${rightId}`;
    const reverse = `${rightId}\u0000${leftId}`;
    if (this.seen.has(key) || this.seen.has(reverse)) return;
    this.seen.add(key);
    this.pairs.push({ leftId, rightId, label, group });
  }
}

/**
 * Splits pairs into train and test by group (a product family), so that a family's positives and its
 * hard negatives land on the same side and test pairs cannot be solved by transitivity over train pairs.
 */
export function splitByGroup(
  rng: Random,
  pairs: (Labelled & { group: string })[],
  testFraction: number,
): { train: Labelled[]; test: Labelled[] } {
  const groups = [...new Set(pairs.map((p) => p.group))];
  const testGroups = new Set(rng.shuffle(groups).slice(0, Math.round(groups.length * testFraction)));
  const strip = ({ leftId, rightId, label }: Labelled) => ({ leftId, rightId, label });
  return {
    train: pairs.filter((p) => !testGroups.has(p.group)).map(strip),
    test: pairs.filter((p) => testGroups.has(p.group)).map(strip),
  };
}

export function ids(prefix: string, count: number): string[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, i) => `${prefix}${String(i + 1).padStart(width, '0')}`);
}
