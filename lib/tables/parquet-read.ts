import { readFileSync } from 'node:fs';
import { parquetMetadata, parquetRead } from 'hyparquet';
import type { ErrorKind } from '@/lib/errors';
import { fail } from './problem';
import type { RawTable } from './types';

/**
 * Reads every column of a flat Parquet file into arrays of native values
 * (string, number, bigint, boolean, Date or null). Nested columns are refused:
 * a task table is flat.
 */
export async function readParquet(
  source: { path: string } | { bytes: Uint8Array },
  options: { file: string; kind?: ErrorKind },
): Promise<RawTable> {
  const kind = options.kind ?? 'bad_file';
  const bytes = 'bytes' in source ? source.bytes : readFileSync(source.path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    fail(kind, 'bad_parquet', `The file is not a readable Parquet file (${(e as Error).message})`, { file: options.file });
  }
  const [root, ...rest] = metadata.schema;
  const names: string[] = [];
  const isDate: boolean[] = [];
  for (let k = 0, seen = 0; seen < (root.num_children ?? 0); seen++) {
    const el = rest[k];
    if (el.num_children) {
      fail(kind, 'nested_column', 'A column is nested (a list, map or struct); task files must be flat', {
        file: options.file,
        column: el.name,
      });
    }
    names.push(el.name);
    isDate.push(el.converted_type === 'DATE' || el.logical_type?.type === 'DATE');
    k++;
  }
  const numRows = Number(metadata.num_rows);
  const columns = names.map((name) => ({ name, cells: new Array<unknown>(numRows) }));
  const index = new Map(names.map((n, j) => [n, j]));
  await parquetRead({
    file,
    metadata,
    utf8: true,
    onChunk: (chunk) => {
      const j = index.get(chunk.columnName)!;
      const target = columns[j].cells;
      const data = chunk.columnData;
      // A DATE is a day, not an instant: keep it as YYYY-MM-DD rather than a midnight timestamp.
      if (isDate[j]) for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = data[i] ? (data[i] as Date).toISOString().slice(0, 10) : null;
      else for (let i = 0; i < data.length; i++) target[chunk.rowStart + i] = data[i] ?? null;
    },
  });
  return { file: options.file, numRows, columns };
}
