/**
 * Streaming correctness: a file cut into chunks at every possible boundary (and into
 * single bytes) must give the same records and the same score as the whole file.
 */
import { describe, expect, it } from 'vitest';
import { buildClassificationKey } from './answer-key';
import { CsvRecordReader } from '@/lib/tables/csv-records';
import { parseDecimal } from '@/lib/tables/parse-number';
import { csvSubmissionParser } from './submission/read-csv';

const enc = new TextEncoder();
const dec = new TextDecoder();

function records(chunks: Uint8Array[]): string[][] {
  const out: string[][] = [];
  const reader = new CsvRecordReader((buf, starts, ends, nf, row, line) => {
    const rec = [`${row}@${line}`];
    for (let f = 0; f < nf; f++) rec.push(dec.decode(buf.subarray(starts[f], ends[f])));
    out.push(rec);
  });
  for (const c of chunks) reader.push(c);
  reader.end();
  return out;
}

const TEXT = '\ufeffid,label\r\n"a ""1""\r\nx",big cat\r\nb,"dog"\n\n"c,d",""\r\n"",é😀\r\ne,"x\ny"';

describe('CsvRecordReader', () => {
  const whole = records([enc.encode(TEXT)]);

  it('reads RFC 4180: BOM, CRLF, "" escapes, embedded CRLF/LF, empty quoted fields, no final newline', () => {
    expect(whole).toEqual([
      ['0@1', 'id', 'label'],
      ['1@2', 'a "1"\r\nx', 'big cat'],
      ['2@4', 'b', 'dog'],
      ['3@6', 'c,d', ''],
      ['4@7', '', 'é😀'],
      ['5@8', 'e', 'x\ny'],
    ]);
  });

  it('gives the same records for every split into two chunks and for single bytes', () => {
    const bytes = enc.encode(TEXT);
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(records([bytes.slice(0, cut), bytes.slice(cut)]), `cut at ${cut}`).toEqual(whole);
    }
    expect(records(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(whole);
  });

  // Plain runs (LF or CRLF, the header's field count) between what the block loop leaves to readRecord:
  // quotes, a blank line, a short row, a long row, a CR inside a field or before a comma, a last line without LF.
  const MIXED = 'id,label,x\na,1,p\nb,2,q\n"c",3,r\nd,4,s\r\ne,5,t\n\nf,6\ng,7,u,v\nh,8,w\ri\nm\r,11,q\r\n\r\nj,9,z\nk,10,y';

  it('hands runs of plain records to a block sink, and the rest one by one, as the same records', () => {
    const plain = records([enc.encode(MIXED)]);
    const rowsOnly = plain.map(([at, ...fields]) => [at.split('@')[0], ...fields]);
    const lineOf = new Map(plain.map(([at]) => at.split('@') as [string, string]));
    const bytes = enc.encode(MIXED);
    const cuts = [...Array.from({ length: bytes.length + 1 }, (_, cut) => [bytes.slice(0, cut), bytes.slice(cut)]), Array.from(bytes, (b) => Uint8Array.of(b))];
    for (const [t, chunks] of cuts.entries()) {
      for (const take of [(n: number) => n, (n: number) => n >> 1, () => 0]) {
        const out: string[][] = [];
        let blocks = 0;
        const reader = new CsvRecordReader((buf, starts, ends, nf, row, line) => {
          expect(String(line), `row ${row}`).toBe(lineOf.get(String(row)));
          out.push([String(row), ...Array.from({ length: nf }, (_, f) => dec.decode(buf.subarray(starts[f], ends[f])))]);
        }, (buf, starts, ends, nf, n, row) => {
          blocks++;
          const took = take(n);
          for (let i = 0; i < took; i++) out.push([String(row + i), ...Array.from({ length: nf }, (_, f) => dec.decode(buf.subarray(starts[f][i], ends[f][i])))]);
          return took;
        });
        for (const c of chunks) reader.push(c);
        reader.end();
        expect(out, `split ${t}`).toEqual(rowsOnly);
        if (t === bytes.length) expect(blocks).toBeGreaterThan(2); // the whole text in one chunk: several plain runs
      }
    }
  });

  it('gives the same records through pushSome, the caller keeping what is left, for every split into two reads', () => {
    const bytes = enc.encode(TEXT + '\n' + MIXED);
    const want = records([bytes]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const out: string[][] = [];
      const reader = new CsvRecordReader((buf, starts, ends, nf, row, line) => {
        out.push([`${row}@${line}`, ...Array.from({ length: nf }, (_, f) => dec.decode(buf.subarray(starts[f], ends[f])))]);
      });
      let kept = new Uint8Array(0);
      for (const part of [bytes.slice(0, cut), bytes.slice(cut)]) {
        const all = new Uint8Array(kept.length + part.length);
        all.set(kept);
        all.set(part, kept.length);
        kept = all.slice(reader.pushSome(all));
      }
      reader.endWith(kept);
      expect(out, `cut at ${cut}`).toEqual(want);
    }
  });

  it('never changes the caller’s bytes when unescaping', () => {
    const bytes = enc.encode(TEXT);
    const copy = bytes.slice();
    records([bytes]);
    expect(bytes).toEqual(copy);
  });
});

describe('CSV submission in chunks', () => {
  const ids = ['a,1', 'b"2', 'c\n3', 'd', 'e\r\n5'];
  const key = buildClassificationKey({ ids, labels: ['x y', 'z', 'x y', 'z', 'z'], classes: ['z', 'x y'], seed: 2, publicFraction: 0.4 });
  const file = enc.encode('\ufeffid,x y,z\r\n"a,1",0.25,0.75\r\n"b""2",1,0\r\n"c\n3",0.5,0.5\r\nd,1e-1,9e-1\r\n"e\r\n5",0.125,0.875');

  it('scores the same whatever the chunk boundaries', () => {
    const score = (chunks: Uint8Array[]) => {
      const p = csvSubmissionParser(key);
      for (const c of chunks) p.push(c);
      const rows = p.end();
      return [Array.from(rows.predictions()), Array.from(rows.losses!)];
    };
    const whole = score([file]);
    expect(whole[0]).toEqual([1, 0, 0, 1, 1]);
    for (let a = 0; a <= file.length; a++) {
      for (let b = a; b <= file.length; b += 7) {
        expect(score([file.slice(0, a), file.slice(a, b), file.slice(b)])).toEqual(whole);
      }
    }
  });
});

describe('parseDecimal', () => {
  it('parses like parseFloat, bit for bit', () => {
    const samples = ['0', '1', '0.1', '.5', '5.', '-0.25', '+3', '1e-5', '2.5E+3', '0.30000000000000004', '123456789012345678', '1e-320', '9007199254740993', '0.1234567890123456789', '1e22', '1e23', '4.9e-324'];
    for (const s of samples) expect(parseDecimal(enc.encode(s), 0, s.length), s).toBe(parseFloat(s));
    for (let i = 0; i < 2000; i++) {
      const v = Math.random() ** 3;
      for (const s of [String(v), v.toFixed(6), v.toExponential(4)]) expect(parseDecimal(enc.encode(s), 0, s.length)).toBe(parseFloat(s));
    }
  });

  it('refuses what is not a plain decimal', () => {
    for (const s of ['', ' 1', '1 ', 'nan', 'inf', '1e', '--1', '1.2.3', '0x10', '1,5', '.', 'e5']) expect(parseDecimal(enc.encode(s), 0, s.length), s).toBeNaN();
  });
});

describe('a quote that never closes in a large file', () => {
  it('stops at the record-length limit instead of carrying the rest of the file', () => {
    const reader = new CsvRecordReader(() => {});
    reader.push(enc.encode('id,label\n"t1,cat\n'));
    const chunk = enc.encode('t2,dog\n'.repeat(200_000));
    expect(() => {
      for (let i = 0; i < 20; i++) reader.push(chunk);
    }).toThrow(/row 1 \(line 2\): this row runs on for more than 16 MB without ending; most likely a quote opened here is never closed/);
  });
});
