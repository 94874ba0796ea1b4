/**
 * "The worker streams the stored file; nothing reads a whole submission into memory": every path the
 * worker takes (CSV in test order and shuffled, Parquet in several row groups, a .csv.gz upload
 * stored plain, grouping, open matching) scores a stored file of several times the read bound through
 * the worker's own `scoreStoredSubmission` (scoring threads, byte ranges from the blob store), while
 * the store records the largest byte range read of that file and refuses to hand it out whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClassificationKey, type AnswerKey } from '@/lib/scoring/answer-key';
import { buildGroupingKey } from '@/lib/scoring/grouping/key';
import { buildOpenMatchingKey } from '@/lib/scoring/open-matching/key';
import { LocalBlobStore } from '@/lib/storage/local';
import type { GetRange } from '@/lib/storage/types';
import { decompressUpload } from './decompress';
import { scoreStoredSubmission, scoringPool } from './scorer';

/** The most of one stored submission any single read may ask for. */
const READ_BOUND = 5 << 20;

/** A blob store that records the largest range read of each key and fails a whole-object read. */
class RecordingStore extends LocalBlobStore {
  largest = new Map<string, number>();
  override async get(key: string, range?: GetRange) {
    const got = await super.get(key, range);
    const start = range?.start ?? 0;
    const end = range?.end ?? got.size - 1;
    this.largest.set(key, Math.max(this.largest.get(key) ?? 0, Math.min(end, got.size - 1) - start + 1));
    return got;
  }
  override async readRange(key: string, start: number, end: number) {
    this.largest.set(key, Math.max(this.largest.get(key) ?? 0, end - start));
    return super.readRange(key, start, end);
  }
  override async getBytes(key: string): Promise<Uint8Array> {
    if (key.startsWith('submissions/')) throw new Error(`${key} was read whole`);
    return super.getBytes(key);
  }
}

// Long ids: a file several times the read bound in few rows (the test stays quick).
const N = 600_000;
const ids = Array.from({ length: N }, (_, i) => `record-${String(i).padStart(12, '0')}`);
const labels = ids.map((_, i) => `c${(i * 7) % 5}`);
let dir: string;
let store: RecordingStore;
let classification: AnswerKey;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'podium-stream-bound-'));
  store = new RecordingStore(path.join(dir, 'blobs'));
  classification = buildClassificationKey({ ids, labels, classes: ['c0', 'c1', 'c2', 'c3', 'c4'], seed: 3, publicFraction: 0.3 });
});
afterAll(async () => {
  await scoringPool().close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Row k of the file is row order[k] of the key; every fourth row predicts another class. */
function permutation(shuffled: boolean): Int32Array {
  const order = Int32Array.from({ length: N }, (_, i) => i);
  let s = 7;
  for (let i = N - 1; shuffled && i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}
const predicted = (i: number) => (i % 4 === 0 ? `c${(i * 7 + 1) % 5}` : labels[i]);

function writeCsv(file: string, header: string, n: number, line: (k: number) => string) {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  for (let k = 0; k < n; k += 100_000) {
    const part: string[] = [];
    for (let j = k; j < Math.min(n, k + 100_000); j++) part.push(line(j));
    fs.writeSync(fd, part.join('\n') + '\n');
  }
  fs.closeSync(fd);
}

/** Stores `file` as a submission and scores it as the worker does; returns the score and the largest read. */
async function scoreStored(name: string, file: string, key: AnswerKey, fileName: string) {
  const storageKey = `submissions/${name}/file`;
  await store.putFile(storageKey, file);
  const size = fs.statSync(file).size;
  const result = await scoreStoredSubmission({ store, key, storageKey, fileName });
  return { result, size, largest: store.largest.get(storageKey) ?? 0 };
}

describe('the worker reads a stored submission in bounded ranges, never whole', () => {
  for (const shuffled of [false, true]) {
    it(`CSV ${shuffled ? 'shuffled' : 'in test order'}`, async () => {
      const order = permutation(shuffled);
      const file = path.join(dir, `pred-${shuffled}.csv`);
      writeCsv(file, 'id,label', N, (k) => `${ids[order[k]]},${predicted(order[k])}`);
      const { result, size, largest } = await scoreStored(`csv-${shuffled}`, file, classification, 'pred.csv');
      expect(result.all.accuracy).toBeCloseTo(0.75, 12);
      expect(size).toBeGreaterThan(2 * READ_BOUND);
      expect(largest).toBeGreaterThan(0);
      expect(largest).toBeLessThanOrEqual(READ_BOUND);
    });
  }

  it('a .csv.gz upload, unpacked as a stream and stored plain', async () => {
    const order = permutation(true);
    const plain = path.join(dir, 'gz-source.csv');
    writeCsv(plain, 'id,label', N, (k) => `${ids[order[k]]},${predicted(order[k])}`);
    const gz = path.join(dir, 'pred.csv.gz');
    await pipeline(fs.createReadStream(plain), zlib.createGzip({ level: 1 }), fs.createWriteStream(gz));
    const unpackDir = fs.mkdtempSync(path.join(dir, 'upload-'));
    const stored = await decompressUpload({ file: { path: gz, name: 'pred.csv.gz' }, dir: unpackDir, maxBytes: 1 << 30 });
    expect(stored.name).toBe('pred.csv');
    const { result, size, largest } = await scoreStored('gz', stored.path, classification, stored.name);
    expect(result.all.accuracy).toBeCloseTo(0.75, 12);
    expect(size).toBeGreaterThan(2 * READ_BOUND);
    expect(largest).toBeLessThanOrEqual(READ_BOUND);
  });

  it('Parquet in row groups, shuffled', async () => {
    const order = permutation(true);
    const csv = path.join(dir, 'parquet-source.csv');
    writeCsv(csv, 'id,label', N, (k) => `${ids[order[k]]},${predicted(order[k])}`);
    const file = path.join(dir, 'pred.parquet');
    const con = await (await DuckDBInstance.create(':memory:')).connect();
    // Uncompressed, so the file is big for its rows; DuckDB's default row groups.
    await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, columns = {'id': 'VARCHAR', 'label': 'VARCHAR'})) TO '${file}' (FORMAT parquet, COMPRESSION uncompressed, ROW_GROUP_SIZE 122880)`);
    con.closeSync();
    const { result, size, largest } = await scoreStored('parquet', file, classification, 'pred.parquet');
    expect(result.all.accuracy).toBeCloseTo(0.75, 12);
    expect(size).toBeGreaterThan(2 * READ_BOUND);
    expect(largest).toBeLessThanOrEqual(READ_BOUND);
  });

  it('grouping, shuffled', async () => {
    const groups = ids.map((_, i) => `g${Math.floor(i / 3)}`);
    const key = buildGroupingKey({ ids, groups, seed: 5, publicFraction: 0.3 });
    const order = permutation(true);
    const file = path.join(dir, 'groups.csv');
    writeCsv(file, 'id,group', N, (k) => `${ids[order[k]]},p-${groups[order[k]]}`);
    const { result, size, largest } = await scoreStored('grouping', file, key, 'groups.csv');
    expect(result.all.pairwise_f1).toBeCloseTo(1, 12);
    expect(size).toBeGreaterThan(2 * READ_BOUND);
    expect(largest).toBeLessThanOrEqual(READ_BOUND);
  });

  it('open matching', async () => {
    const m = N / 2;
    const left = ids.slice(0, m);
    const right = ids.slice(m).map((x) => `x${x}`);
    const key = buildOpenMatchingKey({ leftRecords: left, rightRecords: right, matches: { left, right }, seed: 5, publicFraction: 0.3 });
    const file = path.join(dir, 'pairs.csv');
    writeCsv(file, 'left_id,right_id,score', m, (i) => `${left[i]},${right[i]},0.5`);
    const { result, size, largest } = await scoreStored('open', file, key, 'pairs.csv');
    expect(result.all.f1).toBeCloseTo(1, 12);
    expect(size).toBeGreaterThan(2 * READ_BOUND);
    expect(largest).toBeLessThanOrEqual(READ_BOUND);
  });
});
