import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applySchema } from './apply-schema';
import { DuckDBInstance } from '@duckdb/node-api';
import { duckdbRead } from './duckdb-reader';
import { readRawTable, writeTableBoth } from './read-table';
import type { ColumnSpec, Table } from './types';

const specs: ColumnSpec[] = [
  { name: 'id', type: 'string' },
  { name: 'text', type: 'string' },
  { name: 'price', type: 'float64' },
  { name: 'color', type: 'string' }, // a categorical column
  { name: 'label', type: 'int64' },
];

function tricky(): Table {
  const text = ['plain', 'comma, inside', 'say "hi"', 'two\nlines', 'crlf\r\nline', null, 'ünïcødé 🚀', ' padded '];
  const price = [1, 2.5, -0, 1e-7, 1.5e300, 0.1 + 0.2, -42, 7];
  const valid = new Uint8Array([1, 1, 1, 1, 1, 1, 1, 0]);
  const n = text.length;
  return {
    numRows: n,
    columns: [
      { name: 'id', type: 'string', values: text.map((_, i) => `r${i}`) },
      { name: 'text', type: 'string', values: text },
      { name: 'price', type: 'float64', values: Float64Array.from(price.map((v, i) => (valid[i] ? v : 0))), valid },
      { name: 'color', type: 'string', values: ['red', 'blue', null, 'red', 'green', 'blue', 'red', 'red'] },
      { name: 'label', type: 'int64', values: Float64Array.from([0, 1, 0, 0, 1, 1, 0, 1]), valid: new Uint8Array(n).fill(1) },
    ],
  };
}

describe('CSV and Parquet with one schema', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-'));
  const table = tricky();
  const { csv, parquet } = writeTableBoth(table, dir, 'train');

  it('reads back the same table from both files with our readers', async () => {
    const fromCsv = applySchema(await readRawTable(csv), specs);
    const fromParquet = applySchema(await readRawTable(parquet), specs);
    const expected = { ...table, columns: table.columns.map((c) => (c.name === 'price' ? { ...c, values: Float64Array.from([1, 2.5, 0, 1e-7, 1.5e300, 0.1 + 0.2, -42, 0]) } : c)) };
    expect(fromCsv).toEqual(expected);
    expect(fromParquet).toEqual(expected);
  });

  it('gives DuckDB the same column names, types and rows from train.csv and train.parquet', async () => {
    const a = await duckdbRead(csv);
    const b = await duckdbRead(parquet);
    expect(a.columns).toEqual([['id', 'VARCHAR'], ['text', 'VARCHAR'], ['price', 'DOUBLE'], ['color', 'VARCHAR'], ['label', 'BIGINT']]);
    expect(b.columns).toEqual(a.columns);
    expect(b.rows).toEqual(a.rows);
    expect(a.rows[3]).toEqual(['r3', 'two\nlines', 1e-7, 'red', 0n]);
    expect(a.rows[7]).toEqual(['r7', ' padded ', null, 'red', 1n]);
  });

  it('needs the published types for ids that look like numbers: a CSV cannot say "string"', async () => {
    const numericIds: Table = { numRows: 2, columns: [{ name: 'id', type: 'string', values: ['7', '8'] }] };
    const out = writeTableBoth(numericIds, dir, 'ids');
    expect((await duckdbRead(out.csv)).columns).toEqual([['id', 'BIGINT']]);
    const typed = await duckdbRead(out.csv, { id: 'VARCHAR' });
    expect(typed).toEqual(await duckdbRead(out.parquet));
    expect(typed.rows).toEqual([['7'], ['8']]);
  });

  it('refuses a non-numeric value in a numeric column, naming file, column, row and value', async () => {
    const raw = { file: 'train.csv', numRows: 3, columns: [{ name: 'price', cells: ['1.5', ' 2 ', 'abc'] }] };
    expect(() => applySchema(raw, [{ name: 'price', type: 'float64' }], 'bad_task')).toThrow(
      'A value is not a number [not_numeric] in train.csv, column "price", row 3, value "abc".',
    );
  });

  it('reads an organizer Parquet file written by another tool (int, date, boolean, dictionary columns) into the declared types', async () => {
    const file = path.join(dir, 'organizer.parquet');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    await con.run(`COPY (SELECT i::BIGINT AS id, (i * 2)::INTEGER AS n, DATE '2024-01-01' + i::INTEGER AS day, i % 2 = 0 AS flag,
      CASE WHEN i = 2 THEN NULL ELSE 'c' || (i % 2) END AS cat, CASE WHEN i = 1 THEN 'nan'::DOUBLE ELSE i / 4 END AS x
      FROM range(3) t(i)) TO '${file}' (FORMAT parquet)`);
    con.closeSync();
    const table = applySchema(await readRawTable(file), [
      { name: 'id', type: 'string' }, { name: 'n', type: 'float64' }, { name: 'day', type: 'string' },
      { name: 'flag', type: 'string' }, { name: 'cat', type: 'string' }, { name: 'x', type: 'float64' },
    ]);
    expect(table.columns.map((c) => (c.type === 'string' ? c.values : Array.from(c.values).map((v, i) => (c.valid[i] ? v : null))))).toEqual([
      ['0', '1', '2'], [0, 2, 4], ['2024-01-01', '2024-01-02', '2024-01-03'],
      ['true', 'false', 'true'], ['c0', 'c1', null], [0, null, 0.5],
    ]);
  });
});
