import type { Random } from './random';

/** One keyboard slip: swap, drop, double or replace a letter. */
export function typo(rng: Random, word: string): string {
  if (word.length < 4 || !/^[a-z]+$/i.test(word)) return word;
  const i = rng.int(1, word.length - 2);
  switch (rng.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i] + word.slice(i);
    default:
      return word.slice(0, i) + rng.pick([...'aeioustnr']) + word.slice(i + 1);
  }
}

/** Applies typos to a share of the words and swaps in abbreviations where the writer would. */
export function roughen(
  rng: Random,
  text: string,
  opts: { typoRate?: number; abbreviations?: Record<string, string[]>; abbreviationRate?: number } = {},
): string {
  const { typoRate = 0.03, abbreviations = {}, abbreviationRate = 0.5 } = opts;
  return text
    .split(' ')
    .map((w) => {
      const key = w.toLowerCase();
      if (abbreviations[key] && rng.chance(abbreviationRate)) return rng.pick(abbreviations[key]);
      return rng.chance(typoRate) ? typo(rng, w) : w;
    })
    .join(' ');
}

export function capitalize(s: string): string {
  return s.length === 0 ? s : s[0].toUpperCase() + s.slice(1);
}

/** Rounds to `digits` decimals so CSV and Parquet hold the same short numbers. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** `null` with probability `p`: the empty cells real exports have. */
export function maybeMissing<T>(rng: Random, p: number, value: T): T | null {
  return rng.chance(p) ? null : value;
}
