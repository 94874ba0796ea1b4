/**
 * The `id,label` Parquet fast path (parquet-labels.ts): with the key (joinParquetLabels)
 * and without it, in `podium score`'s parse thread (parseLabelsParquet through a real
 * worker thread, then PredictionJoin.fromParsed). Same predictions as the validator on
 * DuckDB-written (dictionary labels) and hyparquet-written files, either column order;
 * null for whatever the validator must report, whose message stays exactly its own.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { bufferSource, parquetFooter, parquetRanges, topLevelColumns } from '@/lib/tables/parquet-ranges';
import { keyRowsAtMost } from '@/lib/tasks/answer-key-from-folder';
import { buildClassificationKey } from '../answer-key';
import { csvBytes, parquetBytes } from '../fixtures/write-files';
import { scoreSubmission } from '../score';
import { joinParquetLabels, parseLabelsParquet } from './parquet-labels';
import { parseInThread } from './parse-in-thread';
import { scatterParsed } from './parsed-join';
import { idHash } from '../partitioned-index';
import { PredictionJoin } from './prediction-join';
import { readCsvSubmission } from './read-csv';

const N = 30_000;
const ids = Array.from({ length: N }, (_, i) => `t${String(i).padStart(6, '0')}`);
const labels = ids.map((_, i) => `class_${(i * 7) % 13}`);
const key = buildClassificationKey({ ids, labels, classes: [...new Set(labels)], seed: 5, publicFraction: 0.3 });
const order = Array.from({ length: N }, (_, i) => (i * 7919) % N);
const rows = order.map((r) => [ids[r], `class_${(r * 5) % 13}`]);

const dir = mkdtempSync(path.join(tmpdir(), 'parquet-labels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let con: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
beforeAll(async () => {
  con = await (await DuckDBInstance.create(':memory:')).connect();
});

/** `data` as DuckDB writes it (snappy, dictionary-encoded labels unless `options` say otherwise), columns in `header`'s order. */
async function duck(name: string, data: string[][], header = ['id', 'label'], options = ''): Promise<string> {
  const csv = path.join(dir, `${name}.csv`);
  writeFileSync(csv, csvBytes(['id', 'label'], data));
  const file = path.join(dir, `${name}.parquet`);
  await con.run(`COPY (SELECT ${header.join(', ')} FROM read_csv('${csv}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'}))
    TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 8192${options})`);
  return file;
}

const want = async (data: string[][]) => (await readCsvSubmission(key, [csvBytes(['id', 'label'], data)])).predictions();

async function withKey(bytes: Uint8Array): Promise<Int32Array | null> {
  const source = bufferSource(bytes);
  const metadata = await parquetFooter(parquetRanges(source));
  const top = topLevelColumns(metadata.schema);
  const col = (name: string) => top.find((c) => c.name === name)!;
  return joinParquetLabels(key, source, metadata, [col('id'), col('label')]);
}

async function withoutKey(bytes: Uint8Array, maxRows = N) {
  const parsed = await parseLabelsParquet(bufferSource(bytes), maxRows);
  return { parsed, predictions: parsed && PredictionJoin.fromParsed(key, parsed)?.finish() };
}

async function message(file: string, parsed: Awaited<ReturnType<typeof parseLabelsParquet>>): Promise<string> {
  try {
    await scoreSubmission({ key, file: { path: file }, parsed });
  } catch (e) {
    if (isPodiumError(e)) return e.message;
    throw e;
  }
  return 'no error';
}

describe('the id,label Parquet fast path', () => {
  it('gives the validator\'s predictions with and without the key, in a thread too, either column order', async () => {
    const expected = await want(rows);
    for (const header of [['id', 'label'], ['label', 'id']]) {
      const file = await duck(`good-${header[0]}`, rows, header);
      const bytes = new Uint8Array(readFileSync(file));
      expect(await withKey(bytes)).toEqual(expected);
      const { parsed, predictions } = await withoutKey(bytes);
      expect(parsed!.format).toBe('parquet');
      expect(parsed!.labels.length).toBe(13); // one code per distinct label, not per page
      expect(parsed!.hashes.length).toBe(N + 1); // sized from the footer, never grown (a copy of every row's arrays)
      expect(predictions).toEqual(expected);
      expect(PredictionJoin.fromParsed(key, (await parseInThread(file, N))!)!.finish()).toEqual(expected);
      const r = await scoreSubmission({ key, file: { path: file }, parsed: await parseInThread(file, N) });
      expect(r.predictions).toEqual(expected);
      expect(r.all).toEqual((await scoreSubmission({ key, file: { bytes: csvBytes(['id', 'label'], rows) } })).all);
    }
    // PLAIN-encoded labels: looked up per row.
    const plain = new Uint8Array(readFileSync(await duck('plain', rows, ['id', 'label'], ', DICTIONARY_SIZE_LIMIT 1')));
    expect((await parquetFooter(parquetRanges(bufferSource(plain)))).row_groups[0].columns[1].meta_data!.encodings).toEqual(['PLAIN']);
    expect(await withKey(plain)).toEqual(expected);
    expect((await withoutKey(plain)).predictions).toEqual(expected);
    // DATA_PAGE_V2 (hyparquet-writer) is hyparquet's to read, with the same predictions.
    const v2 = parquetBytes([{ name: 'id', data: rows.map((r) => r[0]) }, { name: 'label', data: rows.map((r) => r[1]) }], 7000);
    expect(await withKey(v2)).toBeNull();
    expect((await withoutKey(v2)).parsed).toBeNull();
    expect((await scoreSubmission({ key, file: { bytes: v2 } })).predictions).toEqual(expected);
  });

  it('keeps rows by partition as it reads them, as scattering them afterwards lays them out, and declines a partition that overflows', async () => {
    const prefix = (a: Int32Array | Uint8Array, n: number) => Buffer.from(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT);
    // Dictionary-encoded labels, and PLAIN ones (bucketed-rows.test.ts has ids read as slices).
    for (const [name, options] of [['by-part', ''], ['by-part-plain', ', DICTIONARY_SIZE_LIMIT 1']] as const) {
      const bytes = new Uint8Array(readFileSync(await duck(name, rows, ['id', 'label'], options)));
      const flat = scatterParsed((await parseLabelsParquet(bufferSource(bytes), N))!);
      const byPart = (await parseLabelsParquet(bufferSource(bytes), N, true))!;
      expect([byPart.m, byPart.bits]).toEqual([flat.m, flat.bits]);
      expect(Array.from(byPart.rowAt)).toEqual(Array.from(flat.rowAt));
      for (const k of ['hashes', 'codes'] as const) expect(prefix(byPart[k], byPart.m).equals(prefix(flat[k], flat.m)), `${name} ${k}`).toBe(true);
      expect(prefix(byPart.offsets, byPart.m + 1).equals(prefix(flat.offsets, flat.m + 1))).toBe(true);
      expect(prefix(byPart.arena, byPart.offsets[byPart.m]).equals(prefix(flat.arena, flat.offsets[flat.m]))).toBe(true);
    }
    // Every id in the first of the 4 partitions 30,000 rows get: more than its room.
    const crowded: string[][] = [];
    for (let i = 0; crowded.length < N; i++) {
      const id = `crowd-${i}`;
      const b = new TextEncoder().encode(id);
      if (idHash(b, 0, b.length) >>> 30 === 0) crowded.push([id, 'class_1']);
    }
    const bytes = new Uint8Array(readFileSync(await duck('crowded', crowded)));
    expect((await parseLabelsParquet(bufferSource(bytes), N, true))).toBeNull();
    expect((await parseLabelsParquet(bufferSource(bytes), N))!.m).toBe(N);
  });

  it('declines a dictionary holding a label that is no class, and the validator names its row', async () => {
    const bad = rows.map((row, i) => (i === 20_000 ? [row[0], 'class_99'] : row));
    const file = await duck('bad-label', bad);
    const bytes = new Uint8Array(readFileSync(file));
    expect(await withKey(bytes)).toBeNull();
    const { parsed, predictions } = await withoutKey(bytes);
    expect(parsed!.labels.map((l) => new TextDecoder().decode(l))).toContain('class_99');
    expect(predictions).toBeFalsy();
    expect(await message(file, parsed)).toMatch(/^bad-label\.parquet, row 20001: label 'class_99' is not one of the classes: /);
    expect(await message(file, await parseInThread(file, N))).toBe(await message(file, null));
  });

  it('declines more rows than the bound, a missing row, an empty label and other columns, with the validator\'s messages', async () => {
    const good = new Uint8Array(readFileSync(await duck('bound', rows)));
    expect(await parseLabelsParquet(bufferSource(good), N - 1)).toBeNull();
    const short = await duck('short', rows.slice(1));
    const shortParsed = (await withoutKey(new Uint8Array(readFileSync(short)))).parsed;
    expect(shortParsed!.m).toBe(N - 1);
    expect(await message(short, shortParsed)).toBe(`short.parquet, the file has ${N - 1} rows but 1 of the ${N} test ids has no row; the first missing is '${rows[0][0]}' (test row 1)`);
    expect(await message(short, null)).toBe(await message(short, await parseInThread(short, N)));
    const empty = await duck('empty', rows.map((row, i) => (i === 9 ? [row[0], ''] : row)));
    expect((await withoutKey(new Uint8Array(readFileSync(empty)))).parsed).toBeNull();
    expect(await message(empty, null)).toBe(await message(empty, await parseInThread(empty, N)));
    // An empty id in a later group of PLAIN ids (read straight from the pages).
    const emptyId = await duck('empty-id', rows.map((row, i) => (i === 20_000 ? ['', row[1]] : row)));
    expect((await parquetFooter(parquetRanges(bufferSource(new Uint8Array(readFileSync(emptyId)))))).row_groups[2].columns[0].meta_data!.encodings).toEqual(['PLAIN']);
    expect((await withoutKey(new Uint8Array(readFileSync(emptyId)))).parsed).toBeNull();
    expect(await message(emptyId, null)).toMatch(/^empty-id\.parquet, row 20001: /);
    expect(await message(emptyId, null)).toBe(await message(emptyId, await parseInThread(emptyId, N)));
    const extra = parquetBytes([{ name: 'id', data: rows.map((r) => r[0]) }, { name: 'label', data: rows.map((r) => r[1]) }, { name: 'x', data: rows.map(() => 1), type: 'INT32' }]);
    expect(await parseLabelsParquet(bufferSource(extra), N)).toBeNull();
  });

  it('podium score gives the same result for shuffled Parquet predictions as for the CSV, its thread bounded by the test file', async () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const iris = path.join(root, 'lib/tasks/fixtures/iris');
    expect(await keyRowsAtMost(iris)).toBe(Math.ceil(statSync(path.join(iris, 'test.csv')).size / 2));
    const folder = path.join(dir, 'iris-parquet');
    cpSync(iris, folder, { recursive: true });
    rmSync(path.join(folder, 'test.csv'));
    await con.run(`COPY (SELECT * FROM read_csv('${path.join(iris, 'test.csv')}')) TO '${path.join(folder, 'test.parquet')}' (FORMAT parquet)`);
    const truth = readFileSync(path.join(iris, 'test_labels.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(await keyRowsAtMost(folder)).toBe(truth.length);
    const pred = truth.map(([id], i) => [id, truth[(i * 5) % truth.length][1]]).reverse();
    const csv = path.join(dir, 'iris-pred.csv');
    writeFileSync(csv, csvBytes(['id', 'label'], pred));
    const pq = await duck('iris-pred', pred);
    const score = (file: string) => spawnSync(process.execPath, [path.join(root, 'scripts/podium.mjs'), 'score', folder, file], { cwd: root, encoding: 'utf8' });
    const fromCsv = score(csv);
    expect(fromCsv.stderr).toBe('');
    expect(JSON.parse(fromCsv.stdout).all.accuracy).toBeLessThan(1);
    expect(score(pq).stdout).toBe(fromCsv.stdout);
  }, 60_000);
});
