/**
 * A file joined in parts (join-parallel.ts) against the same file joined on one thread and
 * the validator: byte-identical predictions on shuffled, ordered, CRLF and Parquet files, and
 * on every bad file null (so the validator gives its own message), including a repeat whose
 * two copies are in different parts: the check is over the whole file, not per part. The
 * helpers here run the helper side in this thread (real threads: pool/split-job.test.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PodiumError } from '@/lib/errors';
import { duckParquet } from '../fixtures/duck-parquet';
import { splitTask } from '../fixtures/split-task';
import { csvBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { csvParts } from './fast-csv';
import { joinInParallel, runHelpTask, type Helpers, type HelpTask } from './join-parallel';
import { readCsvSubmission } from './read-csv';
import { readParquetSubmission, type RangeSource } from './read-parquet';

const { n: N, ids, key, shuffled, ordered, rowsOf } = splitTask();
const predicted = rowsOf(ordered).map((row) => row[1]);

const sourceOf = (bytes: Uint8Array): RangeSource => ({ size: bytes.length, read: async (s, e) => bytes.subarray(s, e) });

/** `k` helpers that run their tasks in this thread, on structured clones of what a thread would receive. */
function helpers(source: RangeSource, k: number): Helpers {
  return {
    minBytes: 0,
    borrow: async (max) => Array.from({ length: Math.min(k, max) }, () => ({ run: async (task: HelpTask) => structuredClone(await runHelpTask(key, source, structuredClone(task))), release: async () => {} })),
  };
}

async function splitCsv(bytes: Uint8Array, k: number) {
  const source = sourceOf(bytes);
  return joinInParallel(key, source, helpers(source, k), (parts) => csvParts(key, source, bytes.subarray(0, 65536), parts));
}

/** A file's error as `code: message` (every case here is a bad file). */
const messageOf = (p: Promise<unknown>) => p.then(() => 'no error', (e: PodiumError) => `${e.code}: ${e.message}`);

describe('an id,label file joined in parts', () => {
  it('gives the one-thread predictions and scores on shuffled, ordered, half-ordered and CRLF files, in 2 and 3 parts', async () => {
    const halfOrdered = ordered.map((i) => (i < N / 2 ? i : N / 2 + ((i * 7919) % (N / 2))));
    for (const order of [shuffled, ordered, halfOrdered]) {
      for (const eol of ['\n', '\r\n']) {
        const bytes = csvBytes(['id', 'label'], rowsOf(order), eol);
        const want = (await readCsvSubmission(key, [bytes])).predictions();
        for (const k of [1, 2]) expect(await splitCsv(bytes, k)).toEqual(want);
        const one = await scoreSubmission({ key, file: { bytes } });
        const split = await scoreSubmission({ key, file: { bytes }, helpers: helpers(sourceOf(bytes), 1) });
        expect(split).toEqual(one);
      }
    }
    const swapped = csvBytes(['label', 'id'], shuffled.map((r) => [predicted[r], ids[r]]));
    expect(await splitCsv(swapped, 1)).toEqual((await readCsvSubmission(key, [swapped])).predictions());
  });

  it('finds a repeat whose copies are in different parts, and leaves every message to the validator', async () => {
    const base = rowsOf(shuffled);
    const inOrder = rowsOf(ordered);
    const cases: Array<[string, string[][]]> = [
      // Both copies hashed, one in each half: only a check over both halves' rows sees it.
      ['the first row repeated as the last', base.map((row, i) => (i === N - 1 ? [base[0][0], row[1]] : row))],
      // Each half in the key's order, the second starting 500 rows before the first ends (the last 500 ids missing);
      // rows of one length, so the cut falls where the second run starts.
      ['in-order runs overlapping across halves', [...ordered.slice(0, N / 2), ...ordered.slice(N / 2 - 500, N - 500)].map((r) => [ids[r], 'class_1'])],
      // The first half in order, the second shuffled and holding a row of the first.
      ['a row of one half\'s in-order run repeated in the other', [...inOrder.slice(0, N / 2), ...rowsOf(shuffled.filter((r) => r >= N / 2)).map((row, i) => (i === 9_000 ? [ids[10], row[1]] : row))]],
      ['unknown id', base.map((row, i) => (i === 30_000 ? ['nope', row[1]] : row))],
      ['missing id', base.slice(0, N - 1)],
      ['one row too many', [...base, base[123]]],
      ['bad label in the second half', base.map((row, i) => (i === 39_000 ? [row[0], 'class_99'] : row))],
      ['empty id in the second half', base.map((row, i) => (i === 35_000 ? ['', row[1]] : row))],
    ];
    for (const [what, rows] of cases) {
      const bytes = csvBytes(['id', 'label'], rows);
      expect(await splitCsv(bytes, 1), what).toBeNull();
      const one = await messageOf(scoreSubmission({ key, file: { bytes }, fileName: 'p.csv' }));
      expect(await messageOf(scoreSubmission({ key, file: { bytes }, fileName: 'p.csv', helpers: helpers(sourceOf(bytes), 1) })), what).toBe(one);
    }
    const quoted = new TextEncoder().encode('id,label\n' + base.map(([a, b], i) => (i === 30_000 ? `"${a}",${b}` : `${a},${b}`)).join('\n') + '\n');
    expect(await splitCsv(quoted, 1)).toBeNull();
    expect((await scoreSubmission({ key, file: { bytes: quoted }, helpers: helpers(sourceOf(quoted), 1) })).predictions).toEqual((await readCsvSubmission(key, [quoted])).predictions());
  });

  it('splits a Parquet file (as DuckDB writes it) by row groups with the one-thread result, and finds a repeat across its halves', async () => {
    for (const order of [shuffled, ordered]) {
      const bytes = await duckParquet(rowsOf(order));
      const one = await readParquetSubmission(key, sourceOf(bytes));
      expect(one).toBeInstanceOf(Int32Array);
      for (const k of [1, 2]) expect(await readParquetSubmission(key, sourceOf(bytes), helpers(sourceOf(bytes), k))).toEqual(one);
    }
    const base = rowsOf(shuffled);
    const dup = await duckParquet(base.map((row, i) => (i === N - 1 ? [base[0][0], row[1]] : row)));
    const want = await messageOf(scoreSubmission({ key, file: { bytes: dup }, fileName: 'p.parquet' }));
    expect(want).toBe(`bad_file:duplicate_id: p.parquet, row ${N}: duplicate id '${base[0][0]}'; it was already given at row 1`);
    expect(await messageOf(scoreSubmission({ key, file: { bytes: dup }, fileName: 'p.parquet', helpers: helpers(sourceOf(dup), 1) }))).toBe(want);
  });
});
