/**
 * Plain column-list Parquet writing for generated demo datasets (datasets/), whose
 * physical types (INT32 for integer columns) predate the published standard form of
 * `writeParquet`; kept as they are so regenerated folders stay byte-for-byte the same.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';

export type ParquetColumnData = { name: string; type: 'STRING' | 'INT32' | 'DOUBLE'; data: unknown[] };

export function parquetBufferOf(columnData: ParquetColumnData[], createdBy: string): Uint8Array {
  return new Uint8Array(parquetWriteBuffer({ columnData: columnData as never, createdBy }));
}
