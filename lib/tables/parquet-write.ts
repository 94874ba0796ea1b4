import { writeFileSync } from 'node:fs';
import { parquetWriteBuffer, type ColumnSource } from 'hyparquet-writer';
import type { Column, Table } from './types';

function source(col: Column): ColumnSource {
  if (col.type === 'string') return { name: col.name, data: col.values, type: 'STRING' };
  const data = new Array<number | bigint | null>(col.values.length);
  for (let i = 0; i < data.length; i++) {
    if (!col.valid[i]) data[i] = null;
    // `+ 0` turns -0 into 0, which is what the CSV text "0.0" reads back as.
    else data[i] = col.type === 'int64' ? BigInt(col.values[i]) : col.values[i] + 0;
  }
  return { name: col.name, data, type: col.type === 'int64' ? 'INT64' : 'DOUBLE' };
}

/** Strings as UTF8 byte arrays, float64 as DOUBLE, int64 as INT64; every column optional (nulls allowed). */
export function writeParquet(table: Table, filePath: string): void {
  const buffer = parquetWriteBuffer({ columnData: table.columns.map(source), codec: 'SNAPPY' });
  writeFileSync(filePath, new Uint8Array(buffer));
}
