/**
 * Scoring in threads: the same results and messages as in-process scoring, reads by byte
 * range, and a file that exhausts a thread's heap ends that thread only: the job fails
 * with a reason, this process's event loop keeps turning, the next job is scored.
 */
import { afterAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { buildClassificationKey, serializeAnswerKey, answerKeyHash } from '../answer-key';
import { parquetClaimingRows } from '../fixtures/hostile-parquet';
import { csvBytes, parquetBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { ScoringPool } from './index';

const N = 150_000;
const ids = Array.from({ length: N }, (_, i) => `id${i}`);
const labels = ids.map((_, i) => ['a', 'b', 'c'][i % 3]);
const key = buildClassificationKey({ ids, labels, classes: ['a', 'b', 'c'], seed: 7, publicFraction: 0.3 });
const keyBytes = serializeAnswerKey(key);
const keyHash = answerKeyHash(keyBytes);
const pools: ScoringPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

function pool(memoryMb = 512, threads = 2) {
  const p = new ScoringPool({ threads, memoryMb });
  pools.push(p);
  return p;
}

const sourceOf = (bytes: Uint8Array) => ({ size: bytes.length, read: async (s: number, e: number) => bytes.slice(s, e) });

async function outcome(p: Promise<unknown>) {
  try {
    await p;
    return 'scored';
  } catch (e) {
    if (isPodiumError(e)) return { code: e.code, message: e.message };
    throw e;
  }
}

// Rows shuffled, one in ten wrong.
const order = ids.map((_, i) => (i * 7919) % N);
const predicted = order.map((r) => (r % 10 === 0 ? 'a' : labels[r]));
const csv = csvBytes(['id', 'label'], order.map((r, i) => [ids[r], predicted[i]]));
const parquet = parquetBytes([{ name: 'id', data: order.map((r) => ids[r]) }, { name: 'label', data: predicted }], 30_000);

it('gives the in-process result for CSV and Parquet, reading by range', async () => {
  const p = pool();
  for (const [name, bytes] of [['p.csv', csv], ['p.parquet', parquet]] as const) {
    const inProcess = await scoreSubmission({ key, file: { bytes }, fileName: name });
    const threaded = await p.score({ keyHash, keyBytes, source: sourceOf(bytes), fileName: name });
    expect(threaded.all).toEqual(inProcess.all);
    expect(threaded.public).toEqual(inProcess.public);
    expect(threaded.private).toEqual(inProcess.private);
    expect(threaded.predictions).toEqual(inProcess.predictions);
  }
});

it('reports a bad file with the in-process message', async () => {
  const dup = csvBytes(['id', 'label'], [[ids[0], 'a'], [ids[1], 'b'], [ids[0], 'a']]);
  expect(await outcome(pool().score({ keyHash, keyBytes, source: sourceOf(dup), fileName: 'dup.csv' }))).toEqual({
    code: 'bad_file:duplicate_id',
    message: "dup.csv, row 3 (line 4): duplicate id 'id0'; it was already given at row 1",
  });
  expect(await outcome(pool().score({ keyHash, keyBytes, source: sourceOf(parquetClaimingRows(300_000_000)), fileName: 'big.parquet' }))).toEqual({
    code: 'bad_file:too_many_rows',
    message: "big.parquet, the file's metadata says it has 300,000,000 rows, but the task has 150,000 test ids and a prediction file has one row for each",
  });
});

it('fails a job whose thread runs out of heap, keeps this process responsive, then scores the next job', async () => {
  const p = pool(16, 1);
  // One row group of 150k rows: hyparquet holds every value of the group as an object, well past 16 MB.
  const hungry = parquetBytes([{ name: 'id', data: order.map((r) => ids[r]) }, { name: 'label', data: predicted }], N);
  let ticks = 0;
  let worstGap = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    ticks++;
  }, 10);
  const got = await outcome(p.score({ keyHash, keyBytes, source: sourceOf(hungry), fileName: 'hungry.parquet' }));
  clearInterval(timer);
  expect(got).toMatchObject({ code: 'bad_file:out_of_memory' });
  expect((got as { message: string }).message).toBe('hungry.parquet, scoring stopped: the file needed more than the 16 MB of memory a scoring thread may use');
  expect(ticks).toBeGreaterThan(3);
  expect(worstGap).toBeLessThan(500);
  const small = csvBytes(['id', 'label'], ids.map((id, i) => [id, labels[i]]));
  expect((await p.score({ keyHash, keyBytes, source: sourceOf(small), fileName: 'ok.csv' })).all.accuracy).toBe(1);
});

it('scores against many answer keys on one thread, in any order (the thread may drop keys it loaded)', async () => {
  const p = pool(256, 1);
  const keys = Array.from({ length: 6 }, (_, k) => {
    const b = serializeAnswerKey(buildClassificationKey({ ids: [`k${k}a`, `k${k}b`], labels: ['a', 'b'], classes: ['a', 'b'], seed: k, publicFraction: 0.5 }));
    return { keyBytes: b, keyHash: answerKeyHash(b), csv: csvBytes(['id', 'label'], [[`k${k}a`, 'a'], [`k${k}b`, 'b']]) };
  });
  for (const k of [...keys, ...keys.reverse()]) {
    const r = await p.score({ keyHash: k.keyHash, keyBytes: k.keyBytes, source: sourceOf(k.csv), fileName: 'k.csv' });
    expect(r.all.accuracy).toBe(1);
  }
});
