import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCsvText } from '@/lib/tables/csv-text';
import { parquetBufferOf } from '@/lib/tables/parquet-columns';
import { readParquet } from '@/lib/tables/parquet-read';

/** A missing value is `null`: an empty cell in CSV, a null in Parquet. */
export type Cell = string | number | null;

export type ColumnType = 'string' | 'double' | 'int';

export interface TableColumn {
  name: string;
  type: ColumnType;
}

export interface Table {
  columns: TableColumn[];
  rows: Cell[][];
}

export type FileFormat = 'csv' | 'parquet';

function csvField(value: Cell): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(columns: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(row.map(csvField).join(','));
  return lines.join('\n') + '\n';
}

/** RFC 4180 parser (lib/tables): quoted fields may hold commas, quotes and newlines. Empty fields become null. */
export function parseCsv(text: string): { columns: string[]; rows: (string | null)[][] } {
  const { header, rows } = parseCsvText(text);
  return { columns: header, rows };
}

export async function writeTable(file: string, table: Table): Promise<void> {
  if (file.endsWith('.csv')) {
    await writeFile(file, toCsv(table.columns.map((c) => c.name), table.rows));
    return;
  }
  const columnData = table.columns.map((col, j) => ({
    name: col.name,
    data: table.rows.map((r) => r[j]),
    type: col.type === 'string' ? ('STRING' as const) : col.type === 'int' ? ('INT32' as const) : ('DOUBLE' as const),
  }));
  await writeFile(file, parquetBufferOf(columnData, 'podium demo generator'));
}

/** The data file `name` in `dir`, whichever format the organizer picked. */
export function findDataFile(dir: string, name: string): string {
  for (const ext of ['csv', 'parquet']) {
    const file = path.join(dir, `${name}.${ext}`);
    if (existsSync(file)) return file;
  }
  throw new Error(`missing file: neither ${name}.csv nor ${name}.parquet in ${dir}`);
}

/** Reads a CSV or Parquet table with every value as a string (numbers as written), missing as null. */
export async function readTable(file: string): Promise<{ columns: string[]; rows: (string | null)[][] }> {
  if (file.endsWith('.csv')) return parseCsv(await readFile(file, 'utf8'));
  const table = await readParquet({ path: file }, { file: path.basename(file), kind: 'bad_task' });
  const columns = table.columns.map((c) => c.name);
  const rows = Array.from({ length: table.numRows }, (_, i) => table.columns.map((c) => (c.cells[i] === null || c.cells[i] === undefined ? null : String(c.cells[i]))));
  return { columns, rows };
}
