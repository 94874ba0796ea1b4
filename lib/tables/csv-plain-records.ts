/**
 * The plain case of CSV (csv-records.ts's block loop): records that are one line of unquoted fields
 * ending in LF or CRLF, all with the first one's field count, found by a tighter loop than the RFC 4180
 * reader's. A CR elsewhere is a field's byte, as the reader reads it.
 */
const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/** Records per block, and the most fields a plain record of a block has (a wider one is read alone). */
export const BLOCK_RECORDS = 16384;
const BLOCK_FIELDS = 256;

/**
 * Plain records from pos, one after the other, up to the first that is not plain, not whole in the
 * buffer, blank, or of another field count (the reader's to read): field f of record i goes to
 * [fs[f][i], fe[f][i]) (arrays added as fields need them). Returns how many, their field count and
 * where they end.
 */
export function plainRecords(buf: Uint8Array, pos: number, fs: Int32Array[], fe: Int32Array[]): { records: number; nf: number; end: number } {
  const len = buf.length;
  let nf = 0;
  let records = 0;
  let at = pos;
  scan: while (records < BLOCK_RECORDS) {
    let i = at;
    let f = 0;
    for (;;) {
      const s = i;
      let c = 0;
      while (i < len) {
        c = buf[i];
        if (c === COMMA || c === LF || c === QUOTE) break;
        i++;
      }
      if (i >= len || c === QUOTE) break scan; // the reader's: a quote, or the buffer ends inside the record
      if (f === (records === 0 ? BLOCK_FIELDS : nf)) break scan;
      if (f === fs.length) {
        fs.push(new Int32Array(BLOCK_RECORDS));
        fe.push(new Int32Array(BLOCK_RECORDS));
      }
      fs[f][records] = s;
      fe[f][records] = c === LF && i > s && buf[i - 1] === CR ? i - 1 : i;
      f++;
      if (c === LF) break;
      i++;
    }
    if (records === 0) nf = f;
    else if (f !== nf) break;
    if (f === 1 && fs[0][records] === fe[0][records]) break; // a blank line: the reader skips it
    records++;
    at = i + 1;
  }
  return { records, nf, end: at };
}
