import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, readTable, type Table, toCsv, writeTable } from './table-io';

const table: Table = {
  columns: [
    { name: 'id', type: 'string' },
    { name: 'title', type: 'string' },
    { name: 'price', type: 'double' },
  ],
  rows: [
    ['a1', 'Trail shoe, "GTX"\nwaterproof', 79.99],
    ['a2', null, null],
  ],
};

describe('table files', () => {
  it('quotes CSV fields per RFC 4180 and reads them back, empty cells as null', () => {
    const csv = toCsv(['id', 'title', 'price'], table.rows);
    expect(csv).toBe('id,title,price\na1,"Trail shoe, ""GTX""\nwaterproof",79.99\na2,,\n');
    expect(parseCsv('\ufeff' + csv.replaceAll('\n', '\r\n'))).toEqual({
      columns: ['id', 'title', 'price'],
      rows: [
        ['a1', 'Trail shoe, "GTX"\r\nwaterproof', '79.99'],
        ['a2', null, null],
      ],
    });
  });

  it('writes Parquet that reads back with the same columns and nulls', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'podium-table-'));
    try {
      await writeTable(path.join(dir, 't.parquet'), table);
      expect(await readTable(path.join(dir, 't.parquet'))).toEqual({
        columns: ['id', 'title', 'price'],
        rows: [
          ['a1', 'Trail shoe, "GTX"\nwaterproof', '79.99'],
          ['a2', null, null],
        ],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
