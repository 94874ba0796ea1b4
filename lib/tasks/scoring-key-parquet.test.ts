/**
 * The answer key from a DuckDB-written test_labels.parquet (snappy, dictionary-encoded
 * labels, many row groups, rows shuffled), where each dictionary entry is looked up once
 * (scan-columns.ts `entries`): the same key as from the same rows in CSV, and a label
 * outside the train classes in a late row group refused with the CSV's message (same rule,
 * row and value).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { scoringKeyFromFolder } from './scoring-key';

const N = 30_000;
const root = mkdtempSync(path.join(tmpdir(), 'key-parquet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A task folder whose test_labels are `labels` (row i labels test id (i * 7919) % N), as CSV and as Parquet. */
async function folders(name: string, label: (i: number) => string): Promise<{ csv: string; parquet: string }> {
  const out = { csv: path.join(root, `${name}-csv`), parquet: path.join(root, `${name}-parquet`) };
  const id = (r: number) => `t${String(r).padStart(6, '0')}`;
  const rows = Array.from({ length: N }, (_, i) => `${id((i * 7919) % N)},${label(i)}`);
  for (const dir of [out.csv, out.parquet]) {
    rmSync(dir, { recursive: true, force: true });
    const mk = (f: string, text: string) => writeFileSync(path.join(dir, f), text);
    mkdirSync(dir, { recursive: true });
    mk('task.json', JSON.stringify({ slug: 'key-parquet', title: 't', type: 'classification', track: 'b', metric: 'accuracy', columns: { id: 'id', label: 'target' } }));
    mk('train.csv', 'id,label\n' + Array.from({ length: 10 }, (_, i) => `tr${i},c${i % 5}`).join('\n') + '\n');
    mk('test.csv', 'id\n' + Array.from({ length: N }, (_, r) => id(r)).join('\n') + '\n');
  }
  writeFileSync(path.join(out.csv, 'test_labels.csv'), `id,label\n${rows.join('\n')}\n`);
  const tmp = path.join(root, `${name}.csv`);
  writeFileSync(tmp, `id,label\n${rows.join('\n')}\n`);
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(`COPY (SELECT * FROM read_csv('${tmp}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'}))
    TO '${path.join(out.parquet, 'test_labels.parquet')}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`);
  return out;
}

async function refusal(dir: string): Promise<string> {
  try {
    await scoringKeyFromFolder(dir);
  } catch (e) {
    if (isPodiumError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

it('gives the CSV folder\'s key from dictionary-encoded Parquet labels in many row groups', async () => {
  const { csv, parquet } = await folders('good', (i) => `c${(i * 3) % 5}`);
  const a = await scoringKeyFromFolder(csv);
  const b = await scoringKeyFromFolder(parquet);
  expect(b.classes).toEqual(a.classes);
  expect(Buffer.from(b.truth.buffer).equals(Buffer.from(a.truth.buffer))).toBe(true);
  expect(new Set(a.truth).size).toBe(5);
});

it('names the row and value of a label outside the train classes in a late row group, as for the CSV', async () => {
  const { csv, parquet } = await folders('bad', (i) => (i === 20_000 ? 'c9' : `c${i % 5}`));
  const fromCsv = await refusal(csv);
  expect(fromCsv).toContain('[label_not_in_train] in test_labels.csv, column "label", row 20001, value "c9"');
  expect(await refusal(parquet)).toBe(fromCsv.replace('test_labels.csv', 'test_labels.parquet'));
});
