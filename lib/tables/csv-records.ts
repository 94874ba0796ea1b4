/**
 * Streaming RFC 4180 record reader over bytes. It hands each record to a callback as
 * field start/end offsets into a byte buffer (no strings, no per-row objects). It
 * accepts a UTF-8 BOM, LF or CRLF, quoted fields with "" escapes and embedded
 * newlines; blank lines are skipped. A record cut by a chunk boundary is carried over
 * and re-read when the next chunk arrives.
 */
import { plainRecords } from './csv-plain-records';
import { badFile, where } from './where';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
/**
 * No real submission row is this long; an unclosed quote would otherwise make the
 * reader carry (and re-scan) the rest of the file as one growing record.
 */
export const MAX_RECORD_BYTES = 16 << 20;

/** `row` counts records after the header (header = 0); `line` is the record's first physical line. */
export type RecordSink = (buf: Uint8Array, starts: Int32Array, ends: Int32Array, nFields: number, row: number, line: number) => void;

/**
 * A run of plain records after the header, each one line of `nFields` unquoted fields ending in LF:
 * field f of record i is buf[starts[f][i], ends[f][i]), and record i is row `row + i`. Returns how
 * many of the first records it took; the reader hands the others to the RecordSink one by one.
 */
export type BlockSink = (buf: Uint8Array, starts: Int32Array[], ends: Int32Array[], nFields: number, records: number, row: number) => number;

export { BLOCK_RECORDS } from './csv-plain-records';

export class CsvRecordReader {
  private carry: Uint8Array | null = null;
  private line = 1;
  private row = 0;
  private sawStart = false;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);
  private escaped = new Uint8Array(64);
  private scratch = new Uint8Array(1024);

  private blockStarts: Int32Array[] = [];
  private blockEnds: Int32Array[] = [];

  /**
   * With `onBlock`, runs of plain records (no quote, LF or CRLF line ends, no blank line, the same
   * field count) go to it in one call each: they are what readRecord would emit for them, found by a
   * tighter loop (the offline key's 10M-row CSV files). Any other record is read as before.
   */
  constructor(
    private readonly onRecord: RecordSink,
    private readonly onBlock?: BlockSink,
  ) {}

  push(chunk: Uint8Array): void {
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry, 0);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    const pos = this.pushSome(buf);
    if (pos < buf.length) this.carry = buf.slice(pos);
  }

  /**
   * push for a caller that keeps the bytes after the last whole record itself (and passes them again,
   * followed by more): reads the whole records of `buf` and returns where the rest starts. No copy of
   * each chunk with the carried bytes in front: scanCsv reads the next chunk in after them.
   */
  pushSome(buf: Uint8Array): number {
    let pos = 0;
    if (!this.sawStart) {
      if (buf.length < 3) return 0;
      this.sawStart = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    }
    pos = this.readRecords(buf, pos, false);
    if (buf.length - pos > MAX_RECORD_BYTES) {
      throw badFile('record_too_long', `${where(this.row, this.line)}: this row runs on for more than ${MAX_RECORD_BYTES >> 20} MB without ending; most likely a quote opened here is never closed`);
    }
    return pos;
  }

  /** end after pushSome: `rest` is what it left. */
  endWith(rest: Uint8Array): void {
    this.carry = rest.length > 0 ? rest : null;
    this.end();
  }

  end(): void {
    const buf = this.carry ?? new Uint8Array(0);
    this.carry = null;
    let pos = 0;
    if (!this.sawStart && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    this.sawStart = true;
    this.readRecords(buf, pos, true);
  }

  /** Reads complete records from pos; returns where the first incomplete one starts. */
  private readRecords(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    while (pos < len) {
      if (this.onBlock && this.row > 0) {
        const after = this.plainBlock(buf, pos);
        if (after > pos) {
          pos = after;
          continue;
        }
      }
      const next = this.readRecord(buf, pos, final);
      if (next < 0) return pos;
      pos = next;
    }
    return pos;
  }

  /** One record from pos: emits it and returns the position after its line break, or -1 if the buffer ends first. */
  private readRecord(buf: Uint8Array, pos: number, final: boolean): number {
    const len = buf.length;
    let i = pos;
    let nf = 0;
    let newlines = 0;
    let anyEscaped = false;
    for (;;) {
      if (nf === this.starts.length) this.grow();
      if (i < len && buf[i] === QUOTE) {
        const start = i + 1;
        let j = start;
        let escaped = 0;
        for (;;) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0 || (q + 1 >= len && !final)) {
            if (!final) return -1;
            throw badFile('unterminated_quote', `${where(this.row, this.line)}: a quoted field opened here is never closed; the file ends inside quotes (RFC 4180: a field that starts with " must end with ")`);
          }
          if (buf[q + 1] === QUOTE) {
            escaped = 1;
            j = q + 2;
            continue;
          }
          for (let t = start; t < q; t++) if (buf[t] === LF) newlines++;
          this.starts[nf] = start;
          this.ends[nf] = q;
          this.escaped[nf] = escaped;
          anyEscaped ||= escaped === 1;
          i = q + 1;
          break;
        }
        if (i < len && buf[i] !== COMMA && buf[i] !== LF) {
          if (buf[i] !== CR) throw this.afterQuote(buf[i], newlines);
          if (i + 1 >= len && !final) return -1;
          if (i + 1 < len && buf[i + 1] !== LF) throw this.afterQuote(CR, newlines);
        }
      } else {
        const start = i;
        while (i < len) {
          const c = buf[i];
          if (c === COMMA || c === LF) break;
          if (c === CR && (i + 1 >= len || buf[i + 1] === LF)) break;
          if (c === QUOTE) {
            throw badFile('bad_quote', `${where(this.row, this.line)}: a " appears inside an unquoted field (RFC 4180: put the whole field in quotes and write the quote as "")`);
          }
          i++;
        }
        this.starts[nf] = start;
        this.ends[nf] = i;
        this.escaped[nf] = 0;
      }
      nf++;
      if (i >= len) {
        if (!final) return -1;
        this.emit(buf, nf, anyEscaped, nf === 1 && this.starts[0] === this.ends[0] && buf[pos] !== QUOTE);
        return len;
      }
      const c = buf[i];
      if (c === COMMA) {
        i++;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= len && !final) return -1;
        i++;
      }
      // c is LF here (a CR at the very end of the file ends the record too).
      i++;
      const blank = nf === 1 && this.starts[0] === this.ends[0] && buf[pos] !== QUOTE;
      this.emit(buf, nf, anyEscaped, blank);
      this.line += 1 + newlines;
      return i;
    }
  }

  /** Plain records from pos (csv-plain-records.ts) as one block to onBlock, the ones it leaves to onRecord; returns where they end. */
  private plainBlock(buf: Uint8Array, pos: number): number {
    const { records, nf, end } = plainRecords(buf, pos, this.blockStarts, this.blockEnds);
    if (records === 0) return pos;
    const fs = this.blockStarts;
    const fe = this.blockEnds;
    const taken = this.onBlock!(buf, fs, fe, nf, records, this.row);
    this.row += taken;
    this.line += taken;
    while (this.starts.length < nf) this.grow();
    for (let r = taken; r < records; r++) {
      for (let f = 0; f < nf; f++) {
        this.starts[f] = fs[f][r];
        this.ends[f] = fe[f][r];
      }
      this.onRecord(buf, this.starts, this.ends, nf, this.row++, this.line++);
    }
    return end;
  }

  private afterQuote(c: number, newlines: number) {
    return badFile('bad_quote', `${where(this.row, this.line + newlines)}: unexpected ${show1(c)} right after a closing quote; a quoted field must be followed by a comma or the end of the line (a " inside a quoted field is written "")`);
  }

  private emit(buf: Uint8Array, nf: number, anyEscaped: boolean, blank: boolean): void {
    if (blank) return;
    const line = this.line;
    const row = this.row++;
    if (anyEscaped) buf = this.unescape(buf, nf);
    this.onRecord(buf, this.starts, this.ends, nf, row, line);
  }

  /** Copies the record into scratch with "" turned into ", so the caller's bytes are never changed. */
  private unescape(buf: Uint8Array, nf: number): Uint8Array {
    let need = 0;
    for (let f = 0; f < nf; f++) need += this.ends[f] - this.starts[f];
    if (this.scratch.length < need) this.scratch = new Uint8Array(need * 2);
    const out = this.scratch;
    let w = 0;
    for (let f = 0; f < nf; f++) {
      const s = this.starts[f];
      const e = this.ends[f];
      this.starts[f] = w;
      for (let r = s; r < e; r++) {
        out[w++] = buf[r];
        if (this.escaped[f] && buf[r] === QUOTE) r++;
      }
      this.ends[f] = w;
    }
    return out;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const s = new Int32Array(size);
    s.set(this.starts);
    const e = new Int32Array(size);
    e.set(this.ends);
    const x = new Uint8Array(size);
    x.set(this.escaped);
    this.starts = s;
    this.ends = e;
    this.escaped = x;
  }
}

function show1(c: number): string {
  if (c === CR) return 'carriage return';
  return `character '${String.fromCharCode(c)}'`;
}
