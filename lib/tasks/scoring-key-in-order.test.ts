/**
 * The answer key from Parquet files whose rows are in test order, as organizers usually
 * write them: the scanner hands whole row groups to the key's group paths (the test ids
 * copied in one loop, test_labels matched to the next test row in one loop, or not even
 * decoded where its id chunk is stored byte for byte as the test file's, as DuckDB writes
 * both here), which stop at the first row they are not sure of and leave it to the
 * row-by-row checks. Each
 * case is built twice, as CSV (always row by row) and as DuckDB-written Parquet in
 * row groups of 2,048 rows: the same key, or the same refusal (rule, row and value), with
 * every problem in the middle of a late row group.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { serializeAnswerKey } from '@/lib/scoring/answer-key';
import { scanColumns } from './scan-columns';
import { scoringKeyFromFolder } from './scoring-key';

const N = 30_000;
const root = mkdtempSync(path.join(tmpdir(), 'key-in-order-'));
let con: DuckDBConnection;
beforeAll(async () => {
  con = await (await DuckDBInstance.create(':memory:')).connect();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Test id r: short, long (over 16 bytes), or with a non-ASCII letter, so every length of the word-wise copy and compare is met. */
const id = (r: number) => (r % 97 === 0 ? `té${r}` : r % 13 === 0 ? `test-row-with-a-long-id-${r}` : `t${String(r).padStart(6, '0')}`);
const csvText = (header: string, rows: string[][]) => `${header}\n${rows.map((r) => r.join(',')).join('\n')}\n`;

/** `base`.csv in `csvDir` and `base`.parquet (all columns VARCHAR; an empty field, or `""`, an empty string) in `parquetDir`. */
async function write(csvDir: string, parquetDir: string, base: string, header: string, rows: string[][]): Promise<void> {
  const csv = path.join(csvDir, `${base}.csv`);
  writeFileSync(csv, csvText(header, rows));
  const columns = header.split(',').map((c) => `'${c}': 'VARCHAR'`).join(', ');
  await con.run(`COPY (SELECT * FROM read_csv('${csv}', header = true, auto_detect = false, delim = ',', quote = '"', nullstr = '\\N', columns = {${columns}}))
    TO '${path.join(parquetDir, `${base}.parquet`)}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`);
}

let made = 0;
/** A classification folder twice; `testIds` and `labels` (id, label rows) in test order unless a case changes them. */
async function classification(change: { testIds?: (ids: string[]) => void; labels?: (rows: string[][]) => void } = {}): Promise<{ csv: string; parquet: string }> {
  const out = { csv: path.join(root, `c${made}-csv`), parquet: path.join(root, `c${made++}-parquet`) };
  for (const dir of [out.csv, out.parquet]) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'task.json'), JSON.stringify({ slug: 'in-order', title: 't', type: 'classification', track: 'b', metric: 'accuracy', columns: { id: 'id', label: 'target' } }));
    writeFileSync(path.join(dir, 'train.csv'), csvText('id,label', Array.from({ length: 10 }, (_, i) => [`tr${i}`, `c${i % 5}`])));
  }
  const ids = Array.from({ length: N }, (_, r) => id(r));
  change.testIds?.(ids);
  const labels = Array.from({ length: N }, (_, r) => [id(r), `c${(r * 7) % 5}`]);
  change.labels?.(labels);
  await write(out.csv, out.parquet, 'test', 'id', ids.map((v) => [v]));
  await write(out.csv, out.parquet, 'test_labels', 'id,label', labels);
  return out;
}

async function outcome(dir: string): Promise<string> {
  try {
    return Buffer.from(serializeAnswerKey(await scoringKeyFromFolder(dir))).toString('base64');
  } catch (e) {
    if (isPodiumError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
}

/** The Parquet folder's key or refusal, checked against the CSV folder's (file names aside); returns it. */
async function sameAsCsv(dirs: { csv: string; parquet: string }): Promise<string> {
  const fromCsv = await outcome(dirs.csv);
  expect((await outcome(dirs.parquet)).replaceAll('.parquet', '.csv')).toBe(fromCsv);
  return fromCsv;
}

describe('a classification key from Parquet in test order', () => {
  it('is the CSV folder\'s key, with short, long and non-ASCII ids', async () => {
    const key = await sameAsCsv(await classification());
    expect(key).not.toContain('bad_task');
    const parsed = await scoringKeyFromFolder(path.join(root, 'c0-parquet'));
    expect(parsed.n).toBe(N);
    expect(Array.from(parsed.truth.subarray(0, 6))).toEqual([0, 2, 4, 1, 3, 0]);
  });

  it('is the CSV folder\'s key when two labelled rows are swapped mid-group (matched through the index, then in order again)', async () => {
    const key = await sameAsCsv(await classification({ labels: (rows) => ([rows[10_000], rows[10_001]] = [rows[10_001], rows[10_000]]) }));
    expect(key).not.toContain('bad_task');
  });

  it('refuses a label outside the train classes with its row and value', async () => {
    const message = await sameAsCsv(await classification({ labels: (rows) => void (rows[20_000][1] = 'c9') }));
    expect(message).toContain('[label_not_in_train] in test_labels.csv, column "label", row 20001, value "c9"');
  });

  it('refuses an empty label with its row', async () => {
    const message = await sameAsCsv(await classification({ labels: (rows) => void (rows[15_000][1] = '') }));
    expect(message).toContain('[missing_label] in test_labels.csv, column "label", row 15001');
  });

  it('refuses a labelled id given twice, naming both rows', async () => {
    const message = await sameAsCsv(await classification({ labels: (rows) => void (rows[20_000][0] = id(5)) }));
    expect(message).toContain('(first at row 6) [duplicate_id] in test_labels.csv, column "id", row 20001, value "t000005"');
  });

  it('refuses a labelled id that is not in the test file', async () => {
    const message = await sameAsCsv(await classification({ labels: (rows) => void (rows[18_000][0] = 'nowhere') }));
    expect(message).toContain('[label_id_not_in_test] in test_labels.csv, column "id", row 18001, value "nowhere"');
  });

  it('refuses a test id without a label', async () => {
    const message = await sameAsCsv(await classification({ labels: (rows) => void rows.splice(29_000, 1) }));
    expect(message).toContain('[test_id_without_label] in test.csv, column "id", row 29001');
  });

  it('refuses an empty test id with its row', async () => {
    const message = await sameAsCsv(await classification({ testIds: (ids) => void (ids[25_000] = '""') }));
    expect(message).toContain('[missing_id] in test.csv, column "id", row 25001');
  });
});

describe('a matching key from Parquet in test order', () => {
  async function matching(label: (r: number) => string): Promise<{ csv: string; parquet: string }> {
    const out = { csv: path.join(root, `m${made}-csv`), parquet: path.join(root, `m${made++}-parquet`) };
    const fixture = path.join(import.meta.dirname, 'fixtures', 'products');
    for (const dir of [out.csv, out.parquet]) {
      mkdirSync(dir, { recursive: true });
      for (const f of ['task.json', 'left.csv', 'right.csv', 'train_pairs.csv']) cpSync(path.join(fixture, f), path.join(dir, f));
    }
    const pairs = Array.from({ length: N }, (_, r) => [`l-${id(r)}`, `r-${id(N - r)}`]);
    await write(out.csv, out.parquet, 'test_pairs', 'left_id,right_id', pairs);
    await write(out.csv, out.parquet, 'test_labels', 'left_id,right_id,label', pairs.map((p, r) => [...p, label(r)]));
    return out;
  }

  it('is the CSV folder\'s key, also where a label is spelled "1.0" or " 0 "', async () => {
    const key = await sameAsCsv(await matching((r) => (r === 12_345 ? '1.0' : r === 12_346 ? ' 0 ' : String(r % 3 === 0 ? 1 : 0))));
    expect(key).not.toContain('bad_task');
  });

  it('refuses a label that is not 0 or 1 with its row and value', async () => {
    const message = await sameAsCsv(await matching((r) => (r === 20_000 ? '2' : String(r % 2))));
    expect(message).toContain('[pair_label_not_binary] in test_labels.csv, column "label", row 20001, value "2"');
  });
});

it('scanColumns visits, row by row, the rows a group visitor leaves, with their file row numbers', async () => {
  const dirs = await classification();
  const file = { name: 'test_labels.parquet', path: path.join(dirs.parquet, 'test_labels.parquet') };
  const seen: number[] = [];
  const groups: Array<[number, number]> = [];
  const rows = await scanColumns(file, ['id', 'label'], (_b, _s, _e, row) => seen.push(row), {
    group: (slices, n, rowStart, fileRows) => {
      expect(slices).toHaveLength(2);
      expect(fileRows).toBe(N);
      groups.push([rowStart, n]);
      return Math.min(n, 2000);
    },
  });
  expect(rows).toBe(N);
  expect(groups.length).toBeGreaterThan(10);
  const expected = groups.flatMap(([start, n]) => Array.from({ length: Math.max(0, n - 2000) }, (_, i) => start + 2000 + i + 1));
  expect(seen).toEqual(expected);
  expect(expected.length).toBeGreaterThan(0);
});

it('scanColumns neither decodes nor visits a row group its raw visitor takes, and hands it each chunk as stored', async () => {
  const dirs = await classification();
  const file = { name: 'test_labels.parquet', path: path.join(dirs.parquet, 'test_labels.parquet') };
  const seen = new Set<number>();
  const offered: number[] = [];
  await scanColumns(file, ['id', 'label'], (_b, _s, _e, row) => seen.add(row), {
    raw: (group, rowStart, rows, chunks) => {
      expect(chunks.map((c) => [c.codec, c.optional])).toEqual([['SNAPPY', true], ['SNAPPY', true]]);
      expect(chunks[0].bytes.length).toBeGreaterThan(0);
      offered.push(group);
      return group === 1 ? (expect([rowStart, rows]).toEqual([2048, 2048]), true) : false;
    },
  });
  expect(offered.length).toBe(Math.ceil(N / 2048));
  expect(seen.size).toBe(N - 2048);
  expect(seen.has(2048)).toBe(true);
  expect(seen.has(2049) || seen.has(4096)).toBe(false);
  expect(seen.has(4097)).toBe(true);
});
