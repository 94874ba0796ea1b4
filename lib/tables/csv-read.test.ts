import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-read';

const enc = new TextEncoder();
const read = (text: string) => readCsv({ bytes: enc.encode(text) }, { file: 'x.csv' });
const cells = (text: string) => read(text).columns.map((c) => Array.from(c.cells));

describe('readCsv (RFC 4180)', () => {
  it('reads quotes, escaped quotes, embedded newlines, BOM and CRLF', () => {
    const t = read('\uFEFFid,text\r\n1,"a, ""quoted""\r\nline"\r\n2,plain\r\n');
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'text']);
    expect(t.numRows).toBe(2);
    expect(Array.from(t.columns[1].cells)).toEqual(['a, "quoted"\r\nline', 'plain']);
  });

  it('turns empty and quoted-empty fields into null, and a file without a final newline still ends its row', () => {
    expect(cells('a,b,c\n,"",x\n1,2,')).toEqual([[null, '1'], [null, '2'], ['x', null]]);
  });

  it('skips blank lines between rows of a multi-column file', () => {
    expect(read('a,b\n1,2\n\n3,4\n\n').numRows).toBe(2);
  });

  it('names the row and the fields of a row with the wrong number of fields', () => {
    expect(() => read('a,b\n1,2\n3\n')).toThrow('A row has 1 fields but the header has 2 [csv_field_count] in x.csv, row 2, value "3"');
  });

  it('refuses an unclosed quote, text after a closing quote, duplicate and empty column names, an empty file', () => {
    expect(() => read('a,b\n1,"open\n')).toThrow(/\[csv_unclosed_quote\] in x\.csv, row 1/);
    expect(() => read('a,b\n1,"x"y\n')).toThrow(/\[csv_quote\] in x\.csv, row 1/);
    expect(() => read('a,a\n1,2\n')).toThrow(/\[duplicate_column\] in x\.csv, column "a"/);
    expect(() => read('a,,c\n1,2,3\n')).toThrow(/\[empty_column_name\] in x\.csv, column "#2"/);
    expect(() => read('')).toThrow(/\[empty_file\]/);
  });

  it('gives the same cells when a file is read from disk in chunks that split quotes, CRLF and multi-byte characters', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'csv-'));
    const lines = ['id,text,n'];
    const expected: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const text = i % 3 === 0 ? `"é ""${i}""\r\nnext"` : `ü${i}`;
      expected.push(i % 3 === 0 ? `é "${i}"\r\nnext` : `ü${i}`);
      lines.push(`${i},${text},${i / 4}`);
    }
    const file = path.join(dir, 'big.csv');
    writeFileSync(file, lines.join('\r\n'));
    const t = readCsv({ path: file }, { file: 'big.csv' });
    expect(t.numRows).toBe(200_000);
    expect(t.columns[1].cells).toEqual(expected);
    expect(t.columns[2].cells[199_999]).toBe('49999.75');
    writeFileSync(path.join(dir, 'small.csv'), lines.slice(0, 400).join('\r\n'));
    for (const chunkBytes of [1, 2, 3, 7]) {
      const s = readCsv({ path: path.join(dir, 'small.csv') }, { file: 'small.csv', chunkBytes });
      expect(s.columns[1].cells).toEqual(expected.slice(0, 399));
    }
  });
});
