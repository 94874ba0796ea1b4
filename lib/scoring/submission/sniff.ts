/**
 * What a file really is, from its first bytes rather than its name: Parquet is read
 * as Parquet even when called .csv, and binaries are refused by name. Compressed uploads are unpacked before
 * (lib/submissions/decompress.ts), so an archive seen here is one inside another.
 */
import { badFile } from '@/lib/tables/where';

export type Format = 'csv' | 'parquet';

export function sniffFormat(head: Uint8Array, fileName: string): Format {
  const starts = (...sig: number[]) => sig.every((b, i) => head[i] === b);
  if (starts(0x50, 0x41, 0x52, 0x31)) return 'parquet';
  if (/\.parquet$/i.test(fileName)) {
    throw badFile('not_parquet', `the name ends in .parquet but the file does not start with the Parquet signature PAR1; upload a Parquet file or a CSV named .csv`);
  }
  if (starts(0x50, 0x4b, 0x03, 0x04) || starts(0x50, 0x4b, 0x05, 0x06)) {
    throw badFile('not_csv', 'the file is a ZIP archive; upload a CSV or Parquet file, plain, gzip-compressed (.csv.gz) or alone in a .zip (not an archive inside an archive)');
  }
  if (starts(0x1f, 0x8b)) throw badFile('not_csv', 'the file is gzip-compressed inside an archive; upload a CSV or Parquet file, plain, gzip-compressed (.csv.gz) or alone in a .zip');
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) {
    throw badFile('encoding', 'the file is UTF-16 (it starts with a UTF-16 byte-order mark); save the CSV as UTF-8');
  }
  const zero = head.indexOf(0);
  if (zero >= 0) {
    throw badFile('not_csv', `the file is binary, not CSV text (byte ${zero + 1} is a NUL byte); upload a UTF-8 CSV or a Parquet file`);
  }
  return 'csv';
}
