/**
 * The threads' warm-up (warm-up.ts): its Parquet file is what the fast decoder takes (DATA_PAGE v1,
 * snappy, dictionary labels with bit-packed indices) and reads as hyparquet does; its job scores the
 * same on every path; and a warmed pool gives the unwarmed pool's results and messages.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { bufferSource, parquetFooter, parquetRanges, readParquetRows } from '@/lib/tables/parquet-ranges';
import { answerKeyHash, serializeAnswerKey } from '../answer-key';
import { duckParquet } from '../fixtures/duck-parquet';
import { csvBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { runHelpTask } from '../submission/join-parallel';
import { readParquetSubmission } from '../submission/read-parquet';
import { ScoringPool } from './index';
import { warmUpJob } from './warm-up';

const job = warmUpJob(20_000);
const pools: ScoringPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

it("writes a Parquet file hyparquet reads as the CSV and the fast path decodes, and scores the job's accuracy on every path", async () => {
  const { key, csv, parquet, accuracy } = job;
  // The file's rows are the CSV's as hyparquet reads them (the writer is checked against hyparquet in lib/tables/parquet-write-v1.test.ts).
  const text = new TextDecoder().decode(csv).trim().split('\n').slice(1);
  const p = parquetRanges(bufferSource(parquet));
  const metadata = await parquetFooter(p);
  const cols = await readParquetRows({ p, metadata, columns: ['id', 'label'], rowStart: 0, rowEnd: Number(metadata.row_groups[0].num_rows) });
  expect(Array.from(cols.get('id')!, (id, i) => `${id},${cols.get('label')![i]}`)).toEqual(text.slice(0, 4096));
  const source = { size: parquet.length, read: async (s: number, e: number) => parquet.subarray(s, e) };
  expect(await readParquetSubmission(key, source)).toBeInstanceOf(Int32Array); // the fast path was sure
  for (const [bytes, fileName] of [[csv, 'w.csv'], [parquet, 'w.parquet']] as const) {
    const src = { ...source, size: bytes.length, read: async (s: number, e: number) => bytes.subarray(s, e), stream: async function* () { yield bytes; } };
    const one = await scoreSubmission({ key, file: { bytes }, fileName });
    const split = await scoreSubmission({ key, file: { source: src }, fileName, helpers: { minBytes: 0, borrow: async () => [{ run: (t) => runHelpTask(key, src, t), release: async () => {} }] } });
    expect(one.all.accuracy).toBeCloseTo(accuracy, 12);
    expect(split).toEqual(one);
  }
});

it("writes its Parquet file as DuckDB does (optional columns, PLAIN_DICTIONARY labels), so the warm-up takes a DuckDB file's branches", async () => {
  // Before, its columns were REQUIRED with RLE_DICTIONARY labels: the first real (DuckDB) file ran the
  // decoder's definition-level branch for the first time, and deoptimized it (--trace-deopt).
  const shape = async (bytes: Uint8Array) => {
    const metadata = await parquetFooter(parquetRanges(bufferSource(bytes)));
    return { schema: metadata.schema.slice(1).map((e) => [e.name, e.type, e.repetition_type]), encodings: metadata.row_groups[0].columns.map((c) => c.meta_data?.encodings) };
  };
  const lines = new TextDecoder().decode(job.csv).trim().split('\n').slice(1, 5000).map((l) => l.split(','));
  expect(await shape(job.parquet)).toEqual(await shape(await duckParquet(lines)));
});

it('a warmed pool gives the same predictions and messages as one that is not, and reports its warm-up', async () => {
  const { key, csv } = job;
  const keyBytes = serializeAnswerKey(key);
  const keyHash = answerKeyHash(keyBytes);
  const sourceOf = (bytes: Uint8Array) => ({ size: bytes.length, read: async (s: number, e: number) => bytes.slice(s, e) });
  const lines = new TextDecoder().decode(csv).trim().split('\n').slice(1).map((l) => l.split(','));
  const dup = csvBytes(['id', 'label'], [...lines.slice(0, 10), lines[3], ...lines.slice(11)]);
  const badLabel = csvBytes(['id', 'label'], [lines[0], [lines[1][0], 'nope'], ...lines.slice(2)]);
  const outcome = (p: Promise<{ predictions?: Int32Array; all: unknown }>) =>
    p.then(
      (r) => ({ all: r.all, predictions: Array.from(r.predictions ?? []) }),
      (e) => (isPodiumError(e) ? { code: e.code, message: e.message } : { thrown: String(e) }),
    );
  const results = [];
  for (const warmUp of [true, false]) {
    const pool = new ScoringPool({ threads: 2, memoryMb: 512, warmUp, splitMinBytes: 64 << 10, lendAfterIdleMs: 0 });
    pools.push(pool);
    await pool.ready();
    expect(pool.warmUpMs.length).toBe(warmUp ? 2 : 0);
    const got = [];
    for (const [bytes, name] of [[csv, 'w.csv'], [dup, 'dup.csv'], [badLabel, 'bad.csv']] as const) got.push(await outcome(pool.score({ keyHash, keyBytes, source: sourceOf(bytes), fileName: name })));
    results.push(got);
    expect(pool.stats.probed).toBe(1); // the valid file was split over both threads
  }
  expect(results[0]).toEqual(results[1]);
  expect(results[0][1]).toMatchObject({ code: 'bad_file:duplicate_id' });
  expect(results[0][2]).toMatchObject({ code: 'bad_file:unknown_label' });
}, 60_000);

it('ready() keeps a process that awaits only it alive until the threads are warm (it exited with 13 before)', () => {
  const pool = path.join(import.meta.dirname, 'index.ts');
  const code = `const { ScoringPool } = await import(${JSON.stringify(pool)});
    const p = new ScoringPool({ threads: 2, memoryMb: 256 });
    await p.ready();
    console.log(JSON.stringify(p.warmUpMs.length));
    await p.close();`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(out.trim()).toBe('2');
}, 60_000);
