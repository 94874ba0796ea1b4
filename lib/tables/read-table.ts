import path from 'node:path';
import type { ErrorKind } from '@/lib/errors';
import { readCsv } from './csv-read';
import { readParquet } from './parquet-read';
import { writeCsv } from './csv-write';
import { writeParquet } from './parquet-write';
import type { RawTable, Table } from './types';

export type TableFormat = 'csv' | 'parquet';

export function formatOf(fileName: string): TableFormat | null {
  const ext = path.extname(fileName).toLowerCase();
  return ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : null;
}

/** Reads a `.csv` or `.parquet` file by its extension. */
export async function readRawTable(filePath: string, options: { file?: string; kind?: ErrorKind } = {}): Promise<RawTable> {
  const file = options.file ?? path.basename(filePath);
  const format = formatOf(filePath);
  if (format === 'csv') return readCsv({ path: filePath }, { file, kind: options.kind });
  if (format === 'parquet') return readParquet({ path: filePath }, { file, kind: options.kind });
  throw new Error(`${filePath} is neither .csv nor .parquet`);
}

/** Writes `<base>.csv` and `<base>.parquet` with one schema; returns both paths. */
export function writeTableBoth(table: Table, dir: string, base: string): { csv: string; parquet: string } {
  const csv = path.join(dir, `${base}.csv`);
  const parquet = path.join(dir, `${base}.parquet`);
  writeCsv(table, csv);
  writeParquet(table, parquet);
  return { csv, parquet };
}
