/**
 * The fast path of `id,label` files (fast-csv.ts, parsed-labels.ts, prediction-join.ts over
 * partitioned-index.ts) against the row-by-row validator it stands in front of: on shuffled,
 * partly ordered and odd files, the same predictions, or null and then the validator's own
 * message (same rule, row and value) through scoreSubmission.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { buildClassificationKey, type AnswerKey } from '../answer-key';
import { csvBytes } from '../fixtures/write-files';
import { labelsParquetV1 } from '@/lib/tables/parquet-write-v1';
import { byteColumnFromStrings } from '../byte-hash';
import { idHash, PartitionedIndex } from '../partitioned-index';
import { scoreSubmission } from '../score';
import { fastCsvLabels } from './fast-csv';
import { parseLabelsCsv } from './parsed-labels';
import { pageSlices } from '../fixtures/page-slices';
import { PredictionJoin } from './prediction-join';
import { readCsvSubmission } from './read-csv';
import { readParquetSubmission } from './read-parquet';

const enc = new TextEncoder();

// Enough rows for several partitions (4,096 key rows each), so the scatter and the probe by partition run.
const N = 40_000;
const ids = Array.from({ length: N }, (_, i) => `t${String(i).padStart(7, '0')}`);
const labels = ids.map((_, i) => `class_${(i * 7) % 13}`);
const key = buildClassificationKey({ ids, labels, classes: [...new Set(labels)], seed: 5, publicFraction: 0.3 });
const predicted = ids.map((_, i) => `class_${(i * 5) % 13}`);
/** A fixed permutation of the rows. */
const shuffled = Array.from({ length: N }, (_, i) => (i * 7919) % N);

async function* chunksOf(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function validatorPredictions(k: AnswerKey, bytes: Uint8Array): Promise<Int32Array> {
  return (await readCsvSubmission(k, [bytes])).predictions();
}

async function messageOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isPodiumError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  throw new Error('no error');
}

/** Two different ids of `len` bytes with the same idHash (a birthday search over `${prefix}<number>`). */
function collidingIds(prefix: string, len: number): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `${prefix}${String(i).padStart(len - prefix.length, '0')}`;
    const b = enc.encode(id);
    const h = idHash(b, 0, b.length);
    const other = seen.get(h);
    if (other !== undefined) return [other, id];
    seen.set(h, id);
  }
}

const pageSlices5 = (values: Uint8Array[]) => pageSlices(values, 5);

describe('PredictionJoin.addSlices', () => {
  // In key order for 1,000 rows, then shuffled: both halves of addSlices, in groups of 1,200 rows.
  const order = [...Array.from({ length: 1000 }, (_, i) => i), ...shuffled.filter((r) => r >= 1000)];
  const rowIds = order.map((r) => enc.encode(ids[r]));
  const rowCodes = Int32Array.from(order, (r) => (r * 3) % 13);

  it('gives the predictions add gives row by row', () => {
    const one = new PredictionJoin(key);
    rowIds.forEach((v, i) => expect(one.add(v, 0, v.length, rowCodes[i])).toBe(true));
    const run = new PredictionJoin(key);
    for (let g = 0; g < N; g += 1200) {
      const n = Math.min(1200, N - g);
      expect(run.addSlices(pageSlices5(rowIds.slice(g, g + n)), rowCodes.subarray(g, g + n), n)).toBe(true);
    }
    const [a, b] = [one.finish(), run.finish()];
    expect(a).not.toBeNull();
    expect(Buffer.from(b!.buffer).equals(Buffer.from(a!.buffer))).toBe(true);
    expect(b![order[1500]]).toBe((order[1500] * 3) % 13);
  });

  it('is not sure at an empty id, a refused label or more rows than the key has', () => {
    const empty = [...rowIds.slice(0, 1500), new Uint8Array(0)];
    expect(new PredictionJoin(key).addSlices(pageSlices5(empty), rowCodes, empty.length)).toBe(false);
    const refused = rowCodes.slice(0, 1500);
    refused[1400] = -1;
    expect(new PredictionJoin(key).addSlices(pageSlices5(rowIds.slice(0, 1500)), refused, 1500)).toBe(false);
    const extra = [...rowIds, rowIds[1234]];
    expect(new PredictionJoin(key).addSlices(pageSlices5(extra), Int32Array.from(extra, () => 0), extra.length)).toBe(false);
  });
});

describe('the id,label fast path', () => {
  it('goes on in one array when a partition has no room: every key id in two partitions of four', async () => {
    // Ids whose hash has its top bit 0: the index has four partitions and every id is in the first two, twice the
    // room the join gives a partition (its share of the rows and 10%), so the rows after go on unpartitioned.
    const skewed: string[] = [];
    for (let i = 0; skewed.length < 20_000; i++) {
      const v = enc.encode(`s${i}`);
      if (idHash(v, 0, v.length) >= 0) skewed.push(`s${i}`);
    }
    const k = buildClassificationKey({ ids: skewed, labels: skewed.map((_, i) => `c${i % 3}`), classes: ['c0', 'c1', 'c2'], seed: 3, publicFraction: 0.5 });
    expect(new PartitionedIndex(k.idColumns[0]).partitionBits).toBe(2);
    const order = skewed.map((_, i) => (i * 7919) % skewed.length);
    const bytes = csvBytes(['id', 'label'], order.map((r) => [skewed[r], `c${(r * 5) % 3}`]));
    const want = await validatorPredictions(k, bytes);
    expect(await fastCsvLabels(k, chunksOf(bytes, 4096))).toEqual(want);
    const run = new PredictionJoin(k);
    const rowIds = order.map((r) => enc.encode(skewed[r]));
    const codes = Int32Array.from(order, (r) => (r * 5) % 3);
    for (let g = 0; g < rowIds.length; g += 1000) {
      const n = Math.min(1000, rowIds.length - g);
      expect(run.addSlices(pageSlices5(rowIds.slice(g, g + n)), codes.subarray(g, g + n), n)).toBe(true);
    }
    expect(run.finish()).toEqual(want);
    // A repeat among the rows after the full partition is still refused.
    const dup = [...order.slice(0, -1), order[15_000]];
    expect(await fastCsvLabels(k, chunksOf(csvBytes(['id', 'label'], dup.map((r) => [skewed[r], 'c0'])), 4096))).toBeNull();
  });

  it('tells apart ids whose hashes collide, with ids of one length (compared at k * width) and of many', () => {
    const [a, b] = collidingIds('c', 8);
    for (const filler of [(i: number) => `f${String(i).padStart(7, '0')}`, (i: number) => `f${i}`]) {
      const keyIds = [a, ...Array.from({ length: 9_999 }, (_, i) => filler(i))];
      const k = buildClassificationKey({ ids: keyIds, labels: keyIds.map(() => 'x'), classes: ['x', 'y'], seed: 1, publicFraction: 0.5 });
      const width = new PartitionedIndex(k.idColumns[0]).width;
      expect(width).toBe(keyIds.every((v) => v.length === 8) ? 8 : 0);
      // Rows from the last key row backwards, so none is matched in order: every one goes through the probe.
      const join = (first: string) => {
        const j = new PredictionJoin(k);
        for (let i = keyIds.length - 1; i >= 0; i--) {
          const v = enc.encode(i === 0 ? first : keyIds[i]);
          if (!j.add(v, 0, v.length, i % 2)) return null;
        }
        return j.finish();
      };
      expect(Array.from(join(a)!.subarray(0, 4))).toEqual([0, 1, 0, 1]);
      expect(join(b)).toBeNull(); // b's hash finds a's slot, its bytes do not match: not a test id
    }
  });


  it('builds an index with several partitions and finds every id', () => {
    const index = new PartitionedIndex(key.idColumns[0]);
    expect(index.partitionBits).toBeGreaterThan(1);
    expect(index.repeated).toBe(-1);
    expect(new PartitionedIndex(byteColumnFromStrings(['a', 'b', 'c', 'b'])).repeated).toBe(3);
  });

  it('gives the validator\'s predictions on shuffled, in-order-then-shuffled and CRLF files, whatever the chunk size', async () => {
    const orders = [shuffled, ids.map((_, i) => i), [...ids.keys()].map((i) => (i < N / 2 ? i : N / 2 + ((i * 7919) % (N / 2))))];
    for (const order of orders) {
      for (const eol of ['\n', '\r\n']) {
        const bytes = csvBytes(['id', 'label'], order.map((r) => [ids[r], predicted[r]]), eol);
        const want = await validatorPredictions(key, bytes);
        for (const size of [7, 4096, bytes.length]) {
          expect(await fastCsvLabels(key, chunksOf(bytes, size))).toEqual(want);
        }
        const parsed = await parseLabelsCsv(chunksOf(bytes, 1000));
        expect(PredictionJoin.fromParsed(key, parsed!)!.finish()).toEqual(want);
        // The parse is left as it was: joined again, it gives the same predictions.
        expect(PredictionJoin.fromParsed(key, parsed!)!.finish()).toEqual(want);
      }
    }
    const swapped = csvBytes(['label', 'id'], shuffled.map((r) => [predicted[r], ids[r]]));
    expect(await fastCsvLabels(key, chunksOf(swapped, 1 << 16))).toEqual(await validatorPredictions(key, swapped));
  });

  it('declines files outside the plain case, and the validator still scores them the same', async () => {
    const rows = shuffled.map((r) => [ids[r], predicted[r]]);
    const quoted = new TextEncoder().encode('id,label\n' + rows.map(([a, b]) => `"${a}",${b}`).join('\n') + '\n');
    const blank = new TextEncoder().encode('id,label\n' + rows.map(([a, b]) => `${a},${b}`).join('\n') + '\n\n');
    for (const bytes of [quoted, blank]) {
      expect(await fastCsvLabels(key, chunksOf(bytes, 1 << 16))).toBeNull();
      const r = await scoreSubmission({ key, file: { bytes } });
      expect(r.predictions).toEqual(await validatorPredictions(key, csvBytes(['id', 'label'], rows)));
    }
  });

  it('leaves every message to the validator: late duplicate, unknown id, missing id, bad label in a shuffled file', async () => {
    const base = shuffled.map((r) => [ids[r], predicted[r]]);
    const cases: Array<[string, string[][]]> = [
      ['duplicate after the first partitions', base.map((row, i) => (i === 30_000 ? [base[10].at(0)!, row[1]] : row))],
      ['unknown id', base.map((row, i) => (i === 25_000 ? ['nope', row[1]] : row))],
      ['missing id', base.slice(0, N - 1)],
      ['bad label', base.map((row, i) => (i === 39_000 ? [row[0], 'class_99'] : row))],
      ['empty id', base.map((row, i) => (i === 20_000 ? ['', row[1]] : row))],
      ['unknown before a duplicate', base.map((row, i) => (i === 100 ? ['zz', row[1]] : i === 200 ? [base[5].at(0)!, row[1]] : row))],
    ];
    for (const [what, rows] of cases) {
      const bytes = csvBytes(['id', 'label'], rows);
      expect(await fastCsvLabels(key, chunksOf(bytes, 1 << 16)), what).toBeNull();
      const parsed = await parseLabelsCsv(chunksOf(bytes, 1 << 16));
      expect(parsed && PredictionJoin.fromParsed(key, parsed)?.finish(), what).toBeFalsy();
      const slow = await messageOf(readCsvSubmission(key, [bytes]));
      // scoreSubmission puts the file name first; the rest is the validator's message.
      expect(await messageOf(scoreSubmission({ key, file: { bytes }, fileName: 'p.csv', parsed }))).toBe(slow.replace(': ', ': p.csv, '));
    }
  });

  it('joins shuffled Parquet whose labels are PLAIN (no dictionary) from its pages, with the CSV result', async () => {
    const order = shuffled;
    const bytes = labelsParquetV1(order.map((r) => ids[r]), order.map((r) => (r * 5) % 13), Array.from({ length: 13 }, (_, c) => `class_${c}`), 6000, { plainLabels: true });
    const source = { size: bytes.length, read: async (s: number, e: number) => bytes.subarray(s, e) };
    const joined = await readParquetSubmission(key, source);
    expect(joined).toBeInstanceOf(Int32Array);
    const csv = csvBytes(['id', 'label'], order.map((r) => [ids[r], predicted[r]]));
    expect(joined).toEqual(await validatorPredictions(key, csv));
  });

  it('scores shuffled Parquet (as DuckDB writes it) through the join with the CSV result, and leaves a duplicate to the validator', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'join-'));
    try {
      const con = await (await DuckDBInstance.create(':memory:')).connect();
      const rows = shuffled.map((r) => [ids[r], predicted[r]]);
      const toParquet = async (name: string, data: string[][]) => {
        writeFileSync(path.join(dir, `${name}.csv`), csvBytes(['id', 'label'], data));
        const src = `read_csv('${path.join(dir, `${name}.csv`)}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'})`;
        await con.run(`COPY (SELECT * FROM ${src}) TO '${path.join(dir, `${name}.parquet`)}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 8192)`);
        return new Uint8Array(readFileSync(path.join(dir, `${name}.parquet`)));
      };
      const good = await toParquet('good', rows);
      const source = { size: good.length, read: async (s: number, e: number) => good.subarray(s, e) };
      const joined = await readParquetSubmission(key, source);
      expect(joined).toBeInstanceOf(Int32Array);
      const csv = await scoreSubmission({ key, file: { bytes: csvBytes(['id', 'label'], rows) } });
      const pq = await scoreSubmission({ key, file: { bytes: good } });
      expect(pq.predictions).toEqual(csv.predictions);
      expect(pq.all).toEqual(csv.all);
      const dup = await toParquet('dup', rows.map((row, i) => (i === 30_000 ? [rows[7][0], row[1]] : row)));
      expect(await messageOf(scoreSubmission({ key, file: { bytes: dup }, fileName: 'p.parquet' }))).toBe(
        `bad_file:duplicate_id: p.parquet, row 30001: duplicate id '${rows[7][0]}'; it was already given at row 8`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
