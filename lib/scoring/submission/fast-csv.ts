/**
 * The fast path of a CSV `id,label` submission: the plain case only (no quotes, one comma
 * per line, LF or CRLF, no blank lines), scanned byte by byte into PredictionJoin. Anything
 * else, and any row the join is not sure of, returns null and the file is read again by
 * the RFC 4180 reader and SubmissionRows, which give the exact message (or, for a valid
 * file outside the plain case, the same predictions).
 */
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex } from '../byte-hash';
import { MAX_RECORD_BYTES } from '../csv/csv-records';
import { where } from '../where';
import { layoutFromHeader } from './layout';
import { PredictionJoin } from './prediction-join';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder();

export async function fastCsvLabels(key: AnswerKey, chunks: AsyncIterable<Uint8Array>): Promise<Int32Array | null> {
  if (key.kind !== 'classification' || key.idColumns.length !== 1) return null;
  const classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
  let join: PredictionJoin | null = null;
  let idFirst = true;
  let carry: Uint8Array | null = null;
  for await (const chunk of chunks) {
    let buf = chunk;
    if (carry) {
      buf = new Uint8Array(carry.length + chunk.length);
      buf.set(carry, 0);
      buf.set(chunk, carry.length);
      carry = null;
    }
    let pos = 0;
    if (!join) {
      const nl = buf.indexOf(LF);
      if (nl < 0) return null;
      const s = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
      const e = nl > s && buf[nl - 1] === CR ? nl - 1 : nl;
      const header = utf8.decode(buf.subarray(s, e));
      if (header.includes('"') || header.includes('\r')) return null;
      let layout;
      try {
        layout = layoutFromHeader(key, header.split(','), where(0, 1));
      } catch {
        return null; // the validator says what is wrong with the header
      }
      if (layout.mode !== 'labels' || layout.nCols !== 2) return null;
      idFirst = layout.id === 0;
      join = new PredictionJoin(key);
      pos = nl + 1;
    }
    const end = scan(buf, pos, join, classIndex, idFirst, false);
    if (end < 0) return null;
    if (end < buf.length) {
      if (buf.length - end > MAX_RECORD_BYTES) return null; // the validator reports the runaway row
      carry = buf.slice(end);
    }
  }
  if (!join) return null;
  if (carry && scan(carry, 0, join, classIndex, idFirst, true) < 0) return null;
  return join.finish();
}

/**
 * Lines from pos: returns where the first incomplete line starts (the buffer's length when
 * none), or -1 when a line is outside the plain case or the join refused a row.
 */
function scan(buf: Uint8Array, pos: number, join: PredictionJoin, classIndex: RowIndex, idFirst: boolean, final: boolean): number {
  const len = buf.length;
  while (pos < len) {
    let i = pos;
    let b = 0;
    for (; i < len; i++) {
      b = buf[i];
      if (b === COMMA || b === LF || b === QUOTE || b === CR) break;
    }
    if (i >= len) return final ? -1 : pos;
    if (b !== COMMA) return -1; // one field, a blank line, a quote or a carriage return in the first field
    const comma = i;
    for (i = comma + 1; i < len; i++) {
      b = buf[i];
      if (b === COMMA || b === LF || b === QUOTE || b === CR) break;
    }
    let next: number;
    if (i >= len) {
      if (!final) return pos;
      next = len;
    } else if (b === LF) {
      next = i + 1;
    } else if (b === CR) {
      if (i + 1 >= len) {
        if (!final) return pos;
        return -1;
      }
      if (buf[i + 1] !== LF) return -1;
      next = i + 2;
    } else {
      return -1; // a second comma or a quote
    }
    const fieldEnd = i;
    const idS = idFirst ? pos : comma + 1;
    const idE = idFirst ? comma : fieldEnd;
    const lS = idFirst ? comma + 1 : pos;
    const lE = idFirst ? fieldEnd : comma;
    const c = lE === lS ? -1 : classIndex.find1(buf, lS, lE);
    if (c < 0 || !join.add(buf, idS, idE, c)) return -1;
    pos = next;
  }
  return pos;
}
