/**
 * One job on two threads (submission/join-parallel.ts through the pool): a job's thread
 * borrows the idle one, and the result is the in-process one to the byte (predictions,
 * every metric, the confusion matrix) on shuffled, ordered and CRLF CSV and on Parquet;
 * a bad file gets the in-process message, also a repeat whose copies fell to different
 * threads; and jobs queued together are not split (one job per thread), nor a job that starts
 * just after the other thread finished one (in a queue drain its next job is coming).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { answerKeyHash, loadAnswerKey, serializeAnswerKey } from '../answer-key';
import { duckParquet } from '../fixtures/duck-parquet';
import { splitTask } from '../fixtures/split-task';
import { csvBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { ScoringPool } from './index';

const { n: N, ids, key, shuffled, rowsOf } = splitTask();
const keyBytes = serializeAnswerKey(key);
const keyHash = answerKeyHash(keyBytes);
/** The key as a thread holds it, for the in-process results. */
const loaded = loadAnswerKey(keyBytes);
const base = rowsOf(shuffled);

const pool = new ScoringPool({ threads: 2, memoryMb: 512, splitMinBytes: 0, lendAfterIdleMs: 0 }).warm();
// A thread still warming up is never lent: the tests below split a job, so both threads finish their warm-up first
// (under load the first job otherwise reached a pool whose other thread was still warming, and ran on one thread).
beforeAll(() => pool.ready(), 120_000);
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
  // With the site's lending delay (not the 0 ms above): with 0, a thread that finished its job first was lendable
  // at once, and under load the other job's thread sometimes asked for help only then (lent 1 in a loaded run).
  const p = new ScoringPool({ threads: 2, memoryMb: 512, splitMinBytes: 0 });
  try {
    await p.ready();
    await new Promise((r) => setTimeout(r, 1100)); // both threads idle past the delay: lendable, were either free
    const bytes = csvBytes(['id', 'label'], base);
    const job = (name: string) => p.score({ keyHash, keyBytes, source: sourceOf(bytes), fileName: name });
    const [a, b] = await Promise.all([job('a.csv'), job('b.csv')]);
    expect(p.stats.lent).toBe(0);
    expect(a.predictions).toEqual(b.predictions);
  } finally {
    await p.close();
  }
});

it('lends only a thread that has been idle a while', async () => {
  const p = new ScoringPool({ threads: 2, memoryMb: 512, splitMinBytes: 0, lendAfterIdleMs: 400 });
  try {
    await p.ready(); // both threads warmed up, so the two jobs below start (and end) together
    const bytes = csvBytes(['id', 'label'], base);
    const job = () => p.score({ keyHash, keyBytes, source: sourceOf(bytes), fileName: 'p.csv' });
    await Promise.all([job(), job()]); // both threads hold the key and have just finished a job
    await job();
    expect(p.stats.lent).toBe(0);
    await new Promise((r) => setTimeout(r, 500));
    await job();
    expect(p.stats).toEqual({ lent: 1, probed: 1 });
  } finally {
    await p.close();
  }
});
