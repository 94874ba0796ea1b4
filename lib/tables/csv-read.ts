import { closeSync, openSync, readSync } from 'node:fs';
import type { ErrorKind } from '@/lib/errors';
import { fail } from './problem';
import type { RawTable } from './types';

const CHUNK_BYTES = 4 << 20;
const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

export interface CsvReadOptions {
  /** Name used in messages, e.g. `train.csv`. */
  file: string;
  /** `bad_task` while importing a task folder, `bad_file` for uploads. */
  kind?: ErrorKind;
  /** Read size; small values exist for tests that split every construct across chunks. */
  chunkBytes?: number;
}

/**
 * RFC 4180 reader: quoted fields, `""` escapes, newlines inside quotes, CRLF or LF,
 * an optional UTF-8 BOM. Empty fields become `null`. The file is decoded and parsed
 * in 4 MB chunks so a large file never becomes one JS string.
 */
export function readCsv(source: { path: string } | { bytes: Uint8Array }, options: CsvReadOptions): RawTable {
  const parser = new CsvParser(options.file, options.kind ?? 'bad_file');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  if ('bytes' in source) {
    parser.push(decoder.decode(source.bytes), true);
  } else {
    const fd = openSync(source.path, 'r');
    try {
      const size = options.chunkBytes ?? CHUNK_BYTES;
      const buf = new Uint8Array(size);
      for (;;) {
        const n = readSync(fd, buf, 0, size, null);
        if (n === 0) break;
        parser.push(decoder.decode(buf.subarray(0, n), { stream: true }), false);
      }
      parser.push(decoder.decode(), true);
    } finally {
      closeSync(fd);
    }
  }
  return parser.finish();
}

class CsvParser {
  private pending = '';
  private first = true;
  private header: string[] | null = null;
  private columns: (string | null)[][] = [];
  private rows = 0;
  private readonly record: string[] = [];

  constructor(
    private readonly file: string,
    private readonly kind: ErrorKind,
  ) {}

  push(text: string, final: boolean): void {
    let s = this.pending + text;
    if (this.first && s.length > 0) {
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
      this.first = false;
    }
    const n = s.length;
    let pos = 0;
    // Cached next positions so a file without commas (one column) stays linear.
    let nextComma = -2;
    let nextLf = -2;
    while (pos < n) {
      const recordStart = pos;
      const record = this.record;
      record.length = 0;
      let complete = false;
      for (;;) {
        if (pos < n && s.charCodeAt(pos) === QUOTE) {
          let end = pos + 1;
          let escaped = false;
          for (;;) {
            end = s.indexOf('"', end);
            if (end === -1 || end + 1 >= n) break;
            if (s.charCodeAt(end + 1) !== QUOTE) break;
            escaped = true;
            end += 2;
          }
          if (end === -1 && final) {
            fail(this.kind, 'csv_unclosed_quote', 'A quoted field is never closed', {
              file: this.file,
              row: this.rows + 1,
              value: s.slice(pos, pos + 40),
            });
          }
          if (end === -1 || (end + 1 >= n && !final)) break; // the closing quote is in a later chunk
          const raw = s.slice(pos + 1, end);
          record.push(escaped ? raw.replaceAll('""', '"') : raw);
          pos = end + 1;
          const c = pos < n ? s.charCodeAt(pos) : -1;
          if (c === COMMA) {
            pos++;
            continue;
          }
          if (c === -1 || (c === CR && pos + 1 >= n && final)) {
            complete = true;
            break;
          }
          if (c === LF || (c === CR && s.charCodeAt(pos + 1) === LF)) {
            pos += c === CR ? 2 : 1;
            complete = true;
            break;
          }
          if (c === CR && pos + 1 >= n && !final) break;
          fail(this.kind, 'csv_quote', 'A quoted field is followed by text before the next comma', {
            file: this.file,
            row: this.rows + 1,
            value: s.slice(pos - 1, pos + 20),
          }, 'Inside quotes, write a quote as "".');
        }
        if (nextComma !== -1 && nextComma < pos) {
          nextComma = s.indexOf(',', pos);
        }
        if (nextLf !== -1 && nextLf < pos) {
          nextLf = s.indexOf('\n', pos);
        }
        const comma = nextComma === -1 ? n : nextComma;
        const lf = nextLf === -1 ? n : nextLf;
        if (comma < lf) {
          record.push(s.slice(pos, comma));
          pos = comma + 1;
          continue;
        }
        if (lf === n && !final) break;
        let end = lf;
        if (end > pos && s.charCodeAt(end - 1) === CR) end--;
        record.push(s.slice(pos, end));
        pos = lf + 1;
        complete = true;
        break;
      }
      if (!complete) {
        this.pending = s.slice(recordStart);
        return;
      }
      this.addRecord(record);
    }
    this.pending = '';
  }

  private addRecord(record: string[]): void {
    if (this.header === null) {
      this.startHeader(record);
      return;
    }
    const width = this.header.length;
    // A blank line is skipped (a trailing newline, or spacing some writers add).
    if (record.length === 1 && record[0] === '' && width > 1) return;
    this.rows++;
    if (record.length !== width) {
      fail(this.kind, 'csv_field_count', `A row has ${record.length} fields but the header has ${width}`, {
        file: this.file,
        row: this.rows,
        value: record.slice(0, 6).join(','),
      });
    }
    for (let j = 0; j < width; j++) {
      const v = record[j];
      this.columns[j].push(v === '' ? null : v);
    }
  }

  private startHeader(record: string[]): void {
    const seen = new Set<string>();
    record.forEach((name, j) => {
      if (name.trim() === '') {
        fail(this.kind, 'empty_column_name', 'A column has no name', { file: this.file, column: `#${j + 1}` });
      }
      if (seen.has(name)) {
        fail(this.kind, 'duplicate_column', 'Two columns have the same name', { file: this.file, column: name });
      }
      seen.add(name);
    });
    this.header = record.slice();
    this.columns = record.map(() => []);
  }

  finish(): RawTable {
    if (this.header === null) {
      fail(this.kind, 'empty_file', 'The file is empty; it needs a header row', { file: this.file });
    }
    return {
      file: this.file,
      numRows: this.rows,
      columns: this.header.map((name, j) => ({ name, cells: this.columns[j] })),
    };
  }
}
