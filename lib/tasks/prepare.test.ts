import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { loadAnswerKey } from '@/lib/scoring/answer-key';
import { publicMask, seedFromSlug } from '@/lib/scoring/split';
import { applySchema } from '@/lib/tables/apply-schema';
import { duckdbRead } from '@/lib/tables/duckdb-reader';
import { writeCsv } from '@/lib/tables/csv-write';
import { writeParquet } from '@/lib/tables/parquet-write';
import { readRawTable } from '@/lib/tables/read-table';
import { answerKeyFromFolder } from './answer-key-from-folder';
import { prepareTask } from './prepare';

const FIXTURES = path.join(import.meta.dirname, 'fixtures');

function copyFixture(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `task-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

const out = () => path.join(mkdtempSync(path.join(tmpdir(), 'out-')), 'task');

describe('prepareTask on the iris slice (classification, CSV input)', async () => {
  const folder = copyFixture('iris');
  const outDir = out();
  const prepared = await prepareTask({ folder, outDir });

  it('publishes train and test in both formats, the sample submission, and a private answer key', () => {
    expect(prepared.files.map((f) => [f.name, f.published])).toEqual([
      ['train.csv', true], ['train.parquet', true], ['test.csv', true], ['test.parquet', true],
      ['sample_submission.csv', true], ['answer-key.bin', false],
    ]);
    for (const f of prepared.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(prepared.classes).toEqual(['Iris-setosa', 'Iris-versicolor', 'Iris-virginica']);
    expect(prepared.counts).toEqual({ train: 30, test: 12, classes: 3, images: 0, public: 6, private: 6 });
    // The seed is a secret drawn at import, not a function of public facts such as the slug.
    expect(prepared.seed).not.toBe(seedFromSlug('iris-species'));
    expect(prepared.seedFixed).toBe(false);
    expect(prepared.warnings).toEqual([]);
  });

  it('writes train.csv and train.parquet that DuckDB reads as the same typed table', async () => {
    for (const base of ['train', 'test']) {
      const a = await duckdbRead(path.join(outDir, `${base}.csv`));
      const b = await duckdbRead(path.join(outDir, `${base}.parquet`));
      expect(b).toEqual(a);
    }
    const train = await duckdbRead(path.join(outDir, 'train.csv'));
    expect(train.columns).toEqual([['id', 'VARCHAR'], ['sepal_length', 'DOUBLE'], ['sepal_width', 'DOUBLE'], ['petal_length', 'DOUBLE'], ['petal_width', 'DOUBLE'], ['species', 'VARCHAR']]);
    expect(train.rows[4]).toEqual(['iris-005', 5, 3.6, 1.4, 0.2, 'Iris-setosa']);
    expect(readFileSync(path.join(outDir, 'train.csv'), 'utf8').split('\n')[5]).toBe('iris-005,5.0,3.6,1.4,0.2,Iris-setosa');
  });

  it('stores the answer key with the seeded public/private split, loadable for scoring', () => {
    const key = loadAnswerKey(readFileSync(prepared.answerKey.path));
    expect(key.n).toBe(12);
    expect(key.classes).toEqual(prepared.classes);
    expect(Array.from(key.publicMask)).toEqual(Array.from(publicMask({ n: 12, seed: prepared.seed, fraction: 0.5 })));
    expect(key.hash).toBe(prepared.answerKey.sha256);
  });

  it('gives the offline scorer the same answer key without writing anything', async () => {
    const key = await answerKeyFromFolder(folder);
    expect(Array.from(key.truth)).toEqual(Array.from(loadAnswerKey(readFileSync(prepared.answerKey.path)).truth));
  });

  it('writes a sample submission with every test id and the majority train class', () => {
    const lines = readFileSync(path.join(outDir, 'sample_submission.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('id,label');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['iris-011', 'iris-025', 'iris-039', 'iris-012', 'iris-026', 'iris-040', 'iris-013', 'iris-027', 'iris-041', 'iris-014', 'iris-028', 'iris-042']);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[1]))).toEqual(new Set(['Iris-setosa']));
  });

  it('builds the datasheet: roles, types, missing share, distinct counts, min/mean/max, class balance', () => {
    const train = prepared.datasheet.tables[0];
    expect(train.rows).toBe(30);
    expect(train.columns[1]).toEqual({ name: 'sepal_length', role: 'numeric', type: 'float64', missing: 0, missingShare: 0, distinct: 22, min: 4.4, mean: expect.closeTo(5.8433333333, 9), max: 7.6 });
    expect(train.columns[5]).toMatchObject({ name: 'species', role: 'target', type: 'string', distinct: 3 });
    expect(prepared.datasheet.classBalance).toEqual([
      { label: 'Iris-setosa', count: 10, share: 1 / 3 },
      { label: 'Iris-versicolor', count: 10, share: 1 / 3 },
      { label: 'Iris-virginica', count: 10, share: 1 / 3 },
    ]);
    expect(JSON.parse(JSON.stringify(prepared.datasheet))).toEqual(prepared.datasheet);
  });

  it('imports the same folder given as Parquet files to byte-identical outputs', async () => {
    const pq = copyFixture('iris');
    for (const base of ['train', 'test', 'test_labels']) {
      const raw = await readRawTable(path.join(pq, `${base}.csv`));
      const specs = raw.columns.map((c) => ({ name: c.name, type: /^(sepal|petal)/.test(c.name) ? ('float64' as const) : ('string' as const) }));
      writeParquet(applySchema(raw, specs), path.join(pq, `${base}.parquet`));
      rmSync(path.join(pq, `${base}.csv`));
    }
    const again = await prepareTask({ folder: pq, outDir: out() });
    const published = (p: typeof prepared) => p.files.filter((f) => f.published).map((f) => f.sha256);
    expect(published(again)).toEqual(published(prepared));
    // The answer keys differ only by their secret seeds (and so their split): same ids and truth.
    const a = loadAnswerKey(readFileSync(again.answerKey.path));
    const b = loadAnswerKey(readFileSync(prepared.answerKey.path));
    expect(Array.from(a.truth)).toEqual(Array.from(b.truth));
    expect(Buffer.from(a.idColumns[0].bytes).equals(Buffer.from(b.idColumns[0].bytes))).toBe(true);
    expect(a.seed).not.toBe(b.seed);
  });
});

describe('prepareTask on the products slice (matching, images)', async () => {
  const folder = copyFixture('products');
  // Give the records an image column so images.zip is built from the referenced files only.
  const addImages = async (file: string, prefix: string, n: number) => {
    const raw = await readRawTable(path.join(folder, file));
    const table = applySchema(raw, raw.columns.map((c) => ({ name: c.name, type: 'string' as const })));
    const photo = Array.from({ length: raw.numRows }, (_, i) => (i < n ? `${prefix}/${i + 1}.jpg` : null));
    writeCsv({ ...table, columns: [...table.columns, { name: 'photo', type: 'string', values: photo }] }, path.join(folder, file));
  };
  const task = JSON.parse(readFileSync(path.join(folder, 'task.json'), 'utf8'));
  task.columns.photo = 'image';
  writeFileSync(path.join(folder, 'task.json'), JSON.stringify(task));
  mkdirSync(path.join(folder, 'images/abt'), { recursive: true });
  mkdirSync(path.join(folder, 'images/buy'), { recursive: true });
  for (let i = 1; i <= 9; i++) {
    writeFileSync(path.join(folder, `images/abt/${i}.jpg`), `abt ${i}`);
    writeFileSync(path.join(folder, `images/buy/${i}.jpg`), `buy ${i}`);
  }
  await addImages('left.csv', 'abt', 8);
  await addImages('right.csv', 'buy', 3);
  const outDir = out();
  const prepared = await prepareTask({ folder, outDir });

  it('publishes left, right, train_pairs, test_pairs in both formats, images.zip and a 0-label sample', () => {
    expect(prepared.files.filter((f) => f.published).map((f) => f.name)).toEqual([
      'left.csv', 'left.parquet', 'right.csv', 'right.parquet', 'train_pairs.csv', 'train_pairs.parquet',
      'test_pairs.csv', 'test_pairs.parquet', 'images.zip', 'sample_submission.csv',
    ]);
    expect(readFileSync(path.join(outDir, 'sample_submission.csv'), 'utf8')).toBe(
      'left_id,right_id,label\nabt-4,buy-4,0\nabt-5,buy-5,0\nabt-6,buy-6,0\nabt-7,buy-1,0\nabt-8,buy-2,0\nabt-6,buy-3,0\n',
    );
  });

  it('zips exactly the referenced images under their column paths', () => {
    const zip = unzipSync(readFileSync(path.join(outDir, 'images.zip')));
    expect(Object.keys(zip).sort()).toEqual([...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `abt/${i}.jpg`), 'buy/1.jpg', 'buy/2.jpg', 'buy/3.jpg'].sort());
    expect(new TextDecoder().decode(zip['buy/2.jpg'])).toBe('buy 2');
  });

  it('keeps text with quotes and newlines, and missing numbers, identical across CSV and Parquet', async () => {
    const a = await duckdbRead(path.join(outDir, 'left.csv'));
    expect(await duckdbRead(path.join(outDir, 'left.parquet'))).toEqual(a);
    expect(a.columns.map((c) => c[1])).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'DOUBLE', 'VARCHAR']);
    expect(a.rows[0][1]).toBe('Sony Bravia 40" LCD HDTV - KDL40V4100');
    expect(a.rows[4][1]).toBe('Bose QuietComfort 2 Acoustic Noise Cancelling\nHeadphones');
    expect(a.rows[2][3]).toBeNull();
    const pairs = await duckdbRead(path.join(outDir, 'train_pairs.csv'));
    expect(await duckdbRead(path.join(outDir, 'train_pairs.parquet'))).toEqual(pairs);
    expect(pairs.columns).toEqual([['left_id', 'VARCHAR'], ['right_id', 'VARCHAR'], ['label', 'BIGINT']]);
  });

  it('reports table sizes, pair counts and the train positive rate, and keeps test labels aligned with test_pairs', () => {
    expect(prepared.datasheet.matching).toEqual({ leftRows: 8, rightRows: 9, sameTable: false, trainPairs: 7, trainPositives: 3, trainPositiveRate: 3 / 7, testPairs: 6 });
    expect(prepared.counts).toEqual({ left: 8, right: 9, trainPairs: 7, testPairs: 6, images: 11, public: 2, private: 4 });
    const key = loadAnswerKey(readFileSync(prepared.answerKey.path));
    expect(Array.from(key.truth)).toEqual([1, 1, 1, 0, 0, 0]);
  });
});

describe('prepareTask on a de-duplication task ("right": "left", Parquet pair files)', async () => {
  const folder = copyFixture('products');
  rmSync(path.join(folder, 'right.csv'));
  const task = JSON.parse(readFileSync(path.join(folder, 'task.json'), 'utf8'));
  writeFileSync(path.join(folder, 'task.json'), JSON.stringify({ ...task, slug: 'abt-dedup', right: 'left' }));
  const pairs = (rows: string[][], labelled: boolean) => {
    const n = rows.length;
    const ids = (k: number) => ({ name: k ? 'right_id' : 'left_id', type: 'string' as const, values: rows.map((r) => r[k]) });
    const label = { name: 'label', type: 'int64' as const, values: Float64Array.from(rows.map((r) => Number(r[2]))), valid: new Uint8Array(n).fill(1) };
    return { numRows: n, columns: labelled ? [ids(0), ids(1), label] : [ids(0), ids(1)] };
  };
  for (const f of ['train_pairs.csv', 'test_pairs.csv', 'test_labels.csv']) rmSync(path.join(folder, f));
  writeParquet(pairs([['abt-1', 'abt-2', '0'], ['abt-3', 'abt-4', '1']], true), path.join(folder, 'train_pairs.parquet'));
  writeParquet(pairs([['abt-5', 'abt-6'], ['abt-7', 'abt-8']], false), path.join(folder, 'test_pairs.parquet'));
  writeParquet(pairs([['abt-7', 'abt-8', '0'], ['abt-5', 'abt-6', '1']], true), path.join(folder, 'test_labels.parquet'));
  const outDir = out();
  const prepared = await prepareTask({ folder, outDir });

  it('publishes left only and says the right table is the left one', () => {
    expect(prepared.files.filter((f) => f.published).map((f) => f.name)).toEqual([
      'left.csv', 'left.parquet', 'train_pairs.csv', 'train_pairs.parquet', 'test_pairs.csv', 'test_pairs.parquet', 'sample_submission.csv',
    ]);
    expect(prepared.sameTable).toBe(true);
    expect(prepared.datasheet.matching).toMatchObject({ leftRows: 8, rightRows: 8, sameTable: true, trainPositiveRate: 0.5 });
  });

  it('aligns the hidden labels with test_pairs order, not test_labels order', () => {
    expect(Array.from(loadAnswerKey(readFileSync(prepared.answerKey.path)).truth)).toEqual([1, 0]);
  });
});
