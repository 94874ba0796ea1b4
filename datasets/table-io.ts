import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

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

/** RFC 4180 parser: quoted fields may hold commas, quotes and newlines. Empty fields become null. */
export function parseCsv(text: string): { columns: string[]; rows: (string | null)[][] } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  const endField = () => {
    row.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endField();
      records.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || wasQuoted || row.length > 0) {
    endField();
    records.push(row);
  }
  const [header = [], ...rows] = records;
  return { columns: header.map((h) => h ?? ''), rows };
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
  const buffer = parquetWriteBuffer({ columnData, createdBy: 'podium demo generator' });
  await writeFile(file, new Uint8Array(buffer));
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
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  const objects = (await parquetReadObjects({ file: buffer })) as Record<string, unknown>[];
  const columns = objects.length > 0 ? Object.keys(objects[0]) : [];
  const rows = objects.map((o) => columns.map((c) => (o[c] === null || o[c] === undefined ? null : String(o[c]))));
  return { columns, rows };
}
