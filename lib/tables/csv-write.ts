import { closeSync, openSync, writeSync } from 'node:fs';
import type { Column, Table } from './types';

const ROWS_PER_WRITE = 20_000;
const NEEDS_QUOTES = /[",\r\n]/;

function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * Integral floats keep a `.0` so type-sniffing readers (pandas, DuckDB) see a float
 * column in the CSV just as the Parquet file declares DOUBLE.
 */
export function formatFloat(v: number): string {
  const text = String(v);
  return Number.isInteger(v) && !text.includes('e') ? `${text}.0` : text;
}

function cell(col: Column, i: number): string {
  if (col.type === 'string') {
    const v = col.values[i];
    return v === null ? '' : quote(v);
  }
  if (!col.valid[i]) return '';
  return col.type === 'int64' ? String(col.values[i]) : formatFloat(col.values[i]);
}

/** RFC 4180, UTF-8 without BOM, LF line ends, missing values as empty fields. */
export function writeCsv(table: Table, filePath: string): void {
  const fd = openSync(filePath, 'w');
  try {
    writeSync(fd, `${table.columns.map((c) => quote(c.name)).join(',')}\n`);
    const width = table.columns.length;
    for (let start = 0; start < table.numRows; start += ROWS_PER_WRITE) {
      const end = Math.min(table.numRows, start + ROWS_PER_WRITE);
      const lines: string[] = [];
      for (let i = start; i < end; i++) {
        const fields = new Array<string>(width);
        for (let j = 0; j < width; j++) fields[j] = cell(table.columns[j], i);
        lines.push(fields.join(','));
      }
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
}
