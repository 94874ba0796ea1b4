/**
 * The bad-file corpus: every file in fixtures/bad-files is either accepted (the odd
 * but valid ones: BOM, CRLF, quoted newlines, Parquet under a .csv name…) or refused
 * with exactly the code and message recorded in expected.json.
 */
import { describe, expect, it } from 'vitest';
import { corpus, expected, scoreCorpusFile } from './fixtures/bad-files/corpus';

const bad = corpus.files.filter((f) => !f.good);
const good = corpus.files.filter((f) => f.good);

it('holds at least 40 kinds of bad file and every one has an expected message', () => {
  expect(new Set(bad.map((f) => expected[f.file]?.code)).size).toBeGreaterThanOrEqual(25);
  expect(bad.length).toBeGreaterThanOrEqual(40);
  expect(Object.keys(expected).sort()).toEqual(bad.map((f) => f.file).sort());
});

describe.each(bad.map((f) => [f.file, f] as const))('refuses %s', (_name, f) => {
  it(f.note, async () => {
    const { result, error } = await scoreCorpusFile(f);
    expect(result).toBeUndefined();
    expect(error).toEqual(expected[f.file]);
    // The message names the file and, for a row problem, the row.
    expect(error!.message.startsWith(f.file)).toBe(true);
  });
});

describe.each(good.map((f) => [f.file, f] as const))('accepts %s', (_name, f) => {
  it(f.note, async () => {
    const { result, error } = await scoreCorpusFile(f);
    expect(error).toBeUndefined();
    // Every good file predicts every row right.
    const kind = corpus.tasks[f.task].kind;
    const main = kind === 'classification' ? 'accuracy' : kind === 'grouping' ? 'adjusted_rand' : 'f1';
    expect(result!.all[main]).toBe(1);
  });
});

it('reports where a row problem is as a 1-based data row and its physical line', async () => {
  const dup = await scoreCorpusFile(bad.find((f) => f.file === 'duplicate-id.csv')!);
  // The tricky id spans two lines, so row 7 is on line 9.
  expect(dup.error!.message).toContain('row 7 (line 9)');
});
