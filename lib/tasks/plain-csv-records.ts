/**
 * CsvRecordReader's records, read faster while the file has no quote: a task file written
 * without quoted fields (an id column, a label column) is split at commas and line breaks in
 * one tight loop, without the RFC 4180 reader's per-record bookkeeping. The records, their
 * row and line numbers, and every error are the reader's own: at the first chunk holding a
 * `"` (or anything else outside the plain case: a first chunk under 3 bytes, a record longer
 * than MAX_RECORD_BYTES, the last line without a line break) the rest of the file goes to a
 * CsvRecordReader resumed at that record's row and line, which reads it as it always did.
 * plain-csv-records.test.ts checks both give the same records and errors.
 */
import { CsvRecordReader, MAX_RECORD_BYTES, type RecordSink } from '@/lib/tables/csv-records';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

export class PlainFirstRecordReader {
  /** Set once the plain case is left: everything from then on goes to it. */
  private reader: CsvRecordReader | null = null;
  private carry: Uint8Array | null = null;
  private started = false;
  /** Records read so far (the header is record 0) and the line the next record starts on, as CsvRecordReader counts them. */
  private row = 0;
  private line = 1;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  constructor(private readonly onRecord: RecordSink) {}

  push(chunk: Uint8Array): void {
    if (this.reader) {
      this.reader.push(chunk);
      return;
    }
    let buf = chunk;
    if (this.carry) {
      buf = new Uint8Array(this.carry.length + chunk.length);
      buf.set(this.carry, 0);
      buf.set(chunk, this.carry.length);
      this.carry = null;
    }
    let pos = 0;
    if (!this.started) {
      if (buf.length < 3 || buf.indexOf(QUOTE) >= 0) {
        this.reader = new CsvRecordReader(this.onRecord);
        this.reader.push(buf);
        return;
      }
      this.started = true;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    } else if (buf.indexOf(QUOTE) >= 0) {
      this.resume(buf);
      return;
    }
    const lastLf = buf.lastIndexOf(LF);
    if (lastLf >= pos) pos = this.records(buf, pos, lastLf + 1);
    if (pos < buf.length) {
      if (buf.length - pos > MAX_RECORD_BYTES) this.resume(buf.subarray(pos));
      else this.carry = buf.slice(pos);
    }
  }

  end(): void {
    if (!this.reader) {
      if (!this.started) this.reader = new CsvRecordReader(this.onRecord);
      else {
        const rest = this.carry;
        this.carry = null;
        if (!rest) return;
        this.resume(rest);
      }
    }
    this.reader!.end();
  }

  /** The rest of the file, from a record start, goes to the RFC 4180 reader. */
  private resume(buf: Uint8Array): void {
    this.reader = new CsvRecordReader(this.onRecord, { row: this.row, line: this.line });
    this.reader.push(buf);
  }

  /**
   * The records of buf[pos, end), which holds no quote and ends with a line feed; returns end.
   * As CsvRecordReader: a field ends at a comma, a line feed or a CR before a line feed (a lone
   * CR is data), a line of one empty field is blank (skipped, but counted as a line).
   */
  private records(buf: Uint8Array, pos: number, end: number): number {
    let i = pos;
    let { starts, ends, row, line } = this;
    while (i < end) {
      let nf = 0;
      for (;;) {
        if (nf === starts.length) {
          this.grow();
          ({ starts, ends } = this);
        }
        const s = i;
        let c = buf[i];
        while (c !== COMMA && c !== LF && !(c === CR && buf[i + 1] === LF)) c = buf[++i];
        starts[nf] = s;
        ends[nf] = i;
        nf++;
        i++;
        if (c === COMMA) continue;
        if (c === CR) i++;
        break;
      }
      if (nf !== 1 || starts[0] !== ends[0]) this.onRecord(buf, starts, ends, nf, row++, line);
      line++;
    }
    this.row = row;
    this.line = line;
    return end;
  }

  private grow(): void {
    const s = new Int32Array(this.starts.length * 2);
    s.set(this.starts);
    const e = new Int32Array(this.ends.length * 2);
    e.set(this.ends);
    this.starts = s;
    this.ends = e;
  }
}
