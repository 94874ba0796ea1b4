/**
 * Parquet claims are checked before decoding: a file of a few hundred bytes that says it
 * holds 300M rows (or whose pages say so behind a modest footer) is refused at once with
 * a bad_file message, instead of making the reader allocate what it claims.
 */
import { expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { buildClassificationKey } from './answer-key';
import { parquetClaimingRows } from './fixtures/hostile-parquet';
import { parquetBytes } from './fixtures/write-files';
import { scoreSubmission } from './score';

const key = buildClassificationKey({ ids: ['t1', 't2', 't3'], labels: ['a', 'b', 'a'], classes: ['a', 'b'], seed: 1, publicFraction: 0.5 });

async function refusal(bytes: Uint8Array) {
  try {
    await scoreSubmission({ key, file: { bytes }, fileName: 'p.parquet' });
  } catch (e) {
    if (isPodiumError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('the file was accepted');
}

it('refuses a 246-byte file whose metadata claims 300M rows, at once', async () => {
  const bytes = parquetClaimingRows(300_000_000);
  expect(bytes.length).toBeLessThan(300);
  const t0 = performance.now();
  expect(await refusal(bytes)).toEqual({
    code: 'bad_file:too_many_rows',
    message: "p.parquet, the file's metadata says it has 300,000,000 rows, but the task has 3 test ids and a prediction file has one row for each",
  });
  expect(performance.now() - t0).toBeLessThan(1000);
});

it('refuses a page that claims more values than its row group has rows', async () => {
  expect(await refusal(parquetClaimingRows(300_000_000, { footerRows: 3 }))).toEqual({
    code: 'bad_file:parquet_unreadable',
    message:
      "p.parquet, the file's Parquet structure is inconsistent (a page of column 'id' in row group 1 claims 300,000,000 values; the row group has 3 rows); it may be truncated, corrupt or crafted",
  });
});

it('refuses a footer whose row groups do not add up', async () => {
  const good = parquetClaimingRows(3);
  // Same pages (3 values), footer claims 2 rows per column: the column's values no longer match its group.
  expect((await refusal(parquetClaimingRows(3, { footerRows: 2 }))).code).toBe('bad_file:parquet_unreadable');
  // And the honest 3-row file decodes (three rows of id 't1': the second one is a duplicate).
  expect(await refusal(good)).toEqual({ code: 'bad_file:duplicate_id', message: "p.parquet, row 2: duplicate id 't1'; it was already given at row 1" });
});

it('reads a file of many row groups through byte ranges, every group checked', async () => {
  const ids = Array.from({ length: 200_000 }, (_, i) => `t${i}`);
  const big = buildClassificationKey({ ids, labels: ids.map((_, i) => (i % 3 ? 'a' : 'b')), classes: ['a', 'b'], seed: 1, publicFraction: 0.5 });
  const shuffled = [...ids].reverse();
  const bytes = parquetBytes([{ name: 'id', data: shuffled }, { name: 'label', data: shuffled.map((id) => (Number(id.slice(1)) % 3 ? 'a' : 'b')) }], 500);
  let reads = 0;
  let largest = 0;
  const read = async (s: number, e: number) => {
    reads++;
    largest = Math.max(largest, e - s);
    return bytes.slice(s, e);
  };
  const source = { size: bytes.length, read, stream: async function* () { yield bytes; } };
  const r = await scoreSubmission({ key: big, file: { source }, fileName: 'p.parquet' });
  expect(r.all.accuracy).toBe(1);
  expect(reads).toBeGreaterThanOrEqual(6); // the head, the footer, then each group's chunks
  expect(bytes.length).toBeGreaterThan(800_000);
  expect(largest).toBeLessThanOrEqual(512 * 1024); // hyparquet's footer fetch; a row group's chunks are smaller
});

it('reads a row group whose columns hyparquet hands over in several pieces (pages)', async () => {
  // Before: only a piece covering the whole group was kept, so a group of several pages
  // (pyarrow writes 1 MB pages) was refused as "could not be read".
  const ids = Array.from({ length: 150_000 }, (_, i) => `row-${i}`);
  const big = buildClassificationKey({ ids, labels: ids.map((_, i) => (i % 2 ? 'a' : 'b')), classes: ['a', 'b'], seed: 1, publicFraction: 0.5 });
  const bytes = parquetBytes([{ name: 'id', data: ids }, { name: 'label', data: ids.map((_, i) => (i % 2 ? 'a' : 'b')) }], ids.length);
  const r = await scoreSubmission({ key: big, file: { bytes }, fileName: 'p.parquet' });
  expect(r.all.accuracy).toBe(1);
});
