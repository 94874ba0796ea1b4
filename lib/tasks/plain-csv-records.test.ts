import { describe, expect, it } from 'vitest';
import { CsvRecordReader, MAX_RECORD_BYTES } from '@/lib/tables/csv-records';
import { PlainFirstRecordReader } from './plain-csv-records';

type Reader = { push(chunk: Uint8Array): void; end(): void };

/** Every record as [row, line, fields…], then the error message if one was thrown. */
function records(make: (sink: ConstructorParameters<typeof CsvRecordReader>[0]) => Reader, bytes: Uint8Array, cuts: number[]): unknown[] {
  const out: unknown[] = [];
  const dec = new TextDecoder();
  const reader = make((buf, s, e, nf, row, line) => {
    const fields: string[] = [];
    for (let f = 0; f < nf; f++) fields.push(dec.decode(buf.subarray(s[f], e[f])));
    out.push([row, line, ...fields]);
  });
  try {
    let at = 0;
    // One buffer reused for every chunk, as scan-columns.ts reads: a reader must copy what it keeps.
    const chunk = new Uint8Array(bytes.length + 1);
    for (const cut of [...cuts, bytes.length]) {
      chunk.set(bytes.subarray(at, cut));
      reader.push(chunk.subarray(0, cut - at));
      chunk.fill(0x3f);
      at = cut;
    }
    reader.end();
  } catch (e) {
    out.push(`error: ${(e as Error).message}`);
  }
  return out;
}

function same(text: string | Uint8Array, cuts: number[] = []): unknown[] {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const want = records((sink) => new CsvRecordReader(sink), bytes, cuts);
  expect(records((sink) => new PlainFirstRecordReader(sink), bytes, cuts)).toEqual(want);
  return want;
}

/** A small deterministic generator, so a failure names its seed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const PIECES = ['a', 'b', '1', '22', ',', ',', '\n', '\n', '\r\n', '\r', '"', '""', 'é', '\n\n', ' '];

describe('PlainFirstRecordReader', () => {
  it('gives the RFC 4180 reader\'s records for plain files, cut anywhere', () => {
    const text = '\uFEFFid,label\r\n1,a\n2,b\r\n\n3,\r\n,c\nx\ry,z\n4,d';
    for (let cut = 0; cut <= text.length; cut++) same(text, [cut]);
    expect(same(text)).toEqual([
      [0, 1, 'id', 'label'], [1, 2, '1', 'a'], [2, 3, '2', 'b'], [3, 5, '3', ''], [4, 6, '', 'c'], [5, 7, 'x\ry', 'z'], [6, 8, '4', 'd'],
    ]);
  });

  it('hands over to the RFC 4180 reader at the first quote, with the same rows, lines and errors', () => {
    same('id,label\n1,a\n\n2,"b\nc"\n3,d\n', [14]);
    same('id,label\n1,a\n\n2,"b\nc"\n3,d\n', [4, 20]);
    same('id,label\n1,a\n2,b\n3,x"y\n', [16]); // bad_quote, named at row 3 (line 4)
    same('id,label\n1,a\n2,b\n3,"x\n', [13]); // unterminated_quote
    expect(same('h\n1\n2\n"3\n', [4]).at(-1)).toMatch(/^error: row 3 \(line 4\)/);
  });

  it('handles the ends of files as the reader does: empty, tiny, no final line break, a final CR', () => {
    for (const text of ['', 'a', 'ab', 'abc', '\uFEFF', '\uFEFFa', 'a\n', '\n\n', 'id\r', 'id\n1\r', 'id\n1\r\r', 'id\n"1"']) {
      same(text);
      for (let cut = 0; cut <= text.length; cut++) same(text, [cut]);
    }
  });

  it('refuses a record longer than the limit with the reader\'s message', () => {
    const long = new Uint8Array(MAX_RECORD_BYTES + 10).fill(0x61);
    const bytes = new Uint8Array([...new TextEncoder().encode('id\n1\n'), ...long]);
    const got = same(bytes, [5, 5 + (MAX_RECORD_BYTES >> 1), 5 + MAX_RECORD_BYTES + 2]);
    expect(got.at(-1)).toMatch(/record|runs on/);
  });

  it('agrees with the reader on random files cut at random places', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const r = rng(seed);
      const quoteFree = seed % 2 === 0;
      let text = seed % 7 === 0 ? '\uFEFF' : '';
      const n = Math.floor(r() * 80);
      for (let i = 0; i < n; i++) {
        const p = PIECES[Math.floor(r() * PIECES.length)];
        text += quoteFree && p.includes('"') ? 'q' : p;
      }
      const bytes = new TextEncoder().encode(text);
      const cuts = [...new Set(Array.from({ length: Math.floor(r() * 4) }, () => Math.floor(r() * (bytes.length + 1))))].sort((a, b) => a - b);
      try {
        same(bytes, cuts);
      } catch (e) {
        throw new Error(`seed ${seed}: ${JSON.stringify(text)} cut at ${cuts}: ${(e as Error).message}`);
      }
    }
  });
});
