/**
 * One job on two threads (submission/join-parallel.ts through the pool): a job's thread
 * borrows the idle one, and the result is the in-process one to the byte (predictions,
 * every metric, the confusion matrix) on shuffled, ordered and CRLF CSV and on Parquet;
 * a bad file gets the in-process message, also a repeat whose copies fell to different
 * threads; and jobs queued together are not split (one job per thread).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { answerKeyHash, buildClassificationKey, loadAnswerKey, serializeAnswerKey } from '../answer-key';
import { csvBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { ScoringPool } from './index';

const N = 40_000;
const ids = Array.from({ length: N }, (_, i) => `t${String(i).padStart(7, '0')}`);
const labels = ids.map((_, i) => `class_${(i * 7) % 13}`);
const key = buildClassificationKey({ ids, labels, classes: [...new Set(labels)], seed: 5, publicFraction: 0.3 });
const keyBytes = serializeAnswerKey(key);
const keyHash = answerKeyHash(keyBytes);
/** The key as a thread holds it, for the in-process results. */
const loaded = loadAnswerKey(keyBytes);
const predicted = ids.map((_, i) => `class_${(i * 5) % 13}`);
const shuffled = Array.from({ length: N }, (_, i) => (i * 7919) % N);
const rowsOf = (order: number[]) => order.map((r) => [ids[r], predicted[r]]);
const base = rowsOf(shuffled);

const pool = new ScoringPool({ threads: 2, memoryMb: 512, splitMinBytes: 0 }).warm();
afterAll(() => pool.close());
const sourceOf = (bytes: Uint8Array) => ({ size: bytes.length, read: async (s: number, e: number) => bytes.slice(s, e) });
const threaded = (bytes: Uint8Array, fileName: string) => pool.score({ keyHash, keyBytes, source: sourceOf(bytes), fileName });

async function outcome(p: Promise<unknown>) {
  try {
    return await p;
  } catch (e) {
    if (isPodiumError(e)) return { code: e.code, message: e.message };
    throw e;
  }
}

async function duckParquet(data: string[][]): Promise<Uint8Array> {
  const dir = mkdtempSync(path.join(tmpdir(), 'split-job-'));
  try {
    writeFileSync(path.join(dir, 'p.csv'), csvBytes(['id', 'label'], data));
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    const src = `read_csv('${path.join(dir, 'p.csv')}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'})`;
    await con.run(`COPY (SELECT * FROM ${src}) TO '${path.join(dir, 'p.parquet')}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 4096)`);
    return new Uint8Array(readFileSync(path.join(dir, 'p.parquet')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

it('scores one file on two threads with the in-process result, CSV (shuffled, ordered, CRLF) and Parquet', async () => {
  const files: Array<[string, Uint8Array]> = [
    ['shuffled.csv', csvBytes(['id', 'label'], base)],
    ['ordered.csv', csvBytes(['id', 'label'], rowsOf(ids.map((_, i) => i)))],
    ['crlf.csv', csvBytes(['id', 'label'], base, '\r\n')],
    ['shuffled.parquet', await duckParquet(base)],
  ];
  for (const [name, bytes] of files) {
    const before = pool.stats.probed;
    const got = await threaded(bytes, name);
    expect(pool.stats.probed, `${name} was joined on two threads`).toBe(before + 1);
    const want = await scoreSubmission({ key: loaded, file: { bytes }, fileName: name });
    expect({ ...got, predictions: Array.from(got.predictions) }).toEqual({ ...want, predictions: Array.from(want.predictions) });
  }
});

it('gives a bad file the in-process message, a repeat across the two threads included', async () => {
  const cases: Array<[string, Uint8Array]> = [
    ['first row repeated as the last.csv', csvBytes(['id', 'label'], base.map((row, i) => (i === N - 1 ? [base[0][0], row[1]] : row)))],
    ['overlapping in-order halves.csv', csvBytes(['id', 'label'], [...ids.slice(0, N / 2), ...ids.slice(N / 2 - 500, N - 500)].map((id) => [id, 'class_1']))],
    ['missing id.csv', csvBytes(['id', 'label'], base.slice(0, N - 1))],
    ['unknown label.csv', csvBytes(['id', 'label'], base.map((row, i) => (i === 39_000 ? [row[0], 'class_99'] : row)))],
    ['repeat across halves.parquet', await duckParquet(base.map((row, i) => (i === N - 1 ? [base[0][0], row[1]] : row)))],
  ];
  for (const [name, bytes] of cases) {
    const before = pool.stats.lent;
    const got = await outcome(threaded(bytes, name));
    expect(pool.stats.lent, `${name} was split`).toBe(before + 1);
    expect(got, name).toEqual(await outcome(scoreSubmission({ key: loaded, file: { bytes }, fileName: name })));
    expect(got, name).toMatchObject({ code: expect.stringMatching(/^bad_file:(duplicate_id|missing_id|unknown_label)$/) });
  }
});

it('runs jobs queued together one per thread, lending none', async () => {
  const bytes = csvBytes(['id', 'label'], base);
  const before = pool.stats.lent;
  const [a, b] = await Promise.all([threaded(bytes, 'a.csv'), threaded(bytes, 'b.csv')]);
  expect(pool.stats.lent).toBe(before);
  expect(a.predictions).toEqual(b.predictions);
});
