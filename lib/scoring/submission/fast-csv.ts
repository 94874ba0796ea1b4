/**
 * The fast path of a CSV `id,label` submission: the plain case only (no quotes, one comma
 * per line, LF or CRLF, no blank lines), scanned byte by byte into a row sink. Anything
 * else, and any row the sink is not sure of, returns null and the file is read again by
 * the RFC 4180 reader and SubmissionRows, which give the exact message (or, for a valid
 * file outside the plain case, the same predictions).
 *
 * Two sinks: KeyedRows (the key is loaded: labels to classes, ids into PredictionJoin) and
 * FreeRows (parsed-labels.ts: no key yet, so `podium score` can parse the file on a second
 * core while the first builds the key).
 */
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex } from '../byte-hash';
import { MAX_RECORD_BYTES } from '@/lib/tables/csv-records';
import { where } from '@/lib/tables/where';
import { layoutFromHeader } from './layout';
import type { PartTask } from './join-parallel';
import { PredictionJoin } from './prediction-join';
import type { RangeSource } from './read-parquet';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const utf8 = new TextDecoder();

/** Takes one row's id and label slices; false = not sure, the validator must read the file. */
export interface RowSink {
  row(buf: Uint8Array, idS: number, idE: number, lS: number, lE: number): boolean;
}

/** Labels to classes, ids into the join. */
export class KeyedRows implements RowSink {
  readonly join: PredictionJoin;
  private readonly classIndex: RowIndex;

  constructor(key: AnswerKey, join = new PredictionJoin(key)) {
    this.join = join;
    this.classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
  }

  row(buf: Uint8Array, idS: number, idE: number, lS: number, lE: number): boolean {
    const c = lE === lS ? -1 : this.classIndex.find1(buf, lS, lE);
    return c >= 0 && this.join.add(buf, idS, idE, c);
  }
}

export async function fastCsvLabels(key: AnswerKey, chunks: AsyncIterable<Uint8Array>): Promise<Int32Array | null> {
  if (key.kind !== 'classification' || key.idColumns.length !== 1) return null;
  let sink: KeyedRows | null = null;
  const done = await scanPlainCsv(chunks, (names) => {
    let layout;
    try {
      layout = layoutFromHeader(key, names, where(0, 1));
    } catch {
      return null; // the validator says what is wrong with the header
    }
    if (layout.mode !== 'labels' || layout.nCols !== 2) return null;
    sink = new KeyedRows(key);
    return { sink, idFirst: layout.id === 0 };
  });
  return done && sink ? (sink as KeyedRows).join.finish() : null;
}

/**
 * A plain `id,label` CSV cut into at most `parts` byte ranges of whole data lines (each cut just
 * after a newline: in the plain case there are no quotes, so a newline always ends a row), or
 * null when the header is not plainly `id,label` or no newline is near a cut. `head` is the
 * file's first bytes.
 */
export async function csvParts(key: AnswerKey, source: RangeSource, head: Uint8Array, parts: number): Promise<PartTask[] | null> {
  const nl = head.indexOf(LF);
  const names = nl >= 0 ? headerNames(head, nl) : null;
  if (!names) return null;
  let layout;
  try {
    layout = layoutFromHeader(key, names, where(0, 1));
  } catch {
    return null;
  }
  if (layout.mode !== 'labels' || layout.nCols !== 2) return null;
  const idFirst = layout.id === 0;
  const cuts = [nl + 1];
  for (let t = 1; t < parts; t++) {
    // The first line that starts at or after `at` (after the newline at or after at - 1).
    const at = Math.max(cuts[cuts.length - 1] + 1, nl + 1 + Math.floor(((source.size - nl - 1) * t) / parts));
    const near = await source.read(at - 1, Math.min(source.size, at + 65536));
    const lf = near.indexOf(LF);
    if (lf < 0) return null;
    if (at + lf < source.size) cuts.push(at + lf);
  }
  cuts.push(source.size);
  return cuts.slice(1).map((end, i) => ({ type: 'csv', start: cuts[i], end, idFirst }));
}

/**
 * Reads a plain two-column CSV: `header(names)` picks the sink and the id column (null = not
 * the plain case); true when every line went into the sink.
 */
export async function scanPlainCsv(
  chunks: AsyncIterable<Uint8Array>,
  header: (names: string[]) => { sink: RowSink; idFirst: boolean } | null,
): Promise<boolean> {
  const it = chunks[Symbol.asyncIterator]();
  try {
    let buf: Uint8Array = new Uint8Array(0);
    let nl = -1;
    while (nl < 0) {
      const next = await it.next();
      if (next.done) return false;
      buf = buf.length === 0 ? next.value : concat(buf, next.value);
      nl = buf.indexOf(LF);
      if (nl >= 0) break;
      if (buf.length > MAX_RECORD_BYTES) return false;
      if (buf === next.value) buf = buf.slice(); // the header line goes on in the next chunk
    }
    const names = headerNames(buf, nl);
    const target = names && header(names);
    if (!target) return false;
    return await scanPlainLines(rest(buf.subarray(nl + 1), it), target.sink, target.idFirst);
  } finally {
    await it.return?.(); // a file's chunks close the file
  }
}

/** The header line ending at `nl` as column names, or null when it is outside the plain case. */
export function headerNames(buf: Uint8Array, nl: number): string[] | null {
  const s = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const e = nl > s && buf[nl - 1] === CR ? nl - 1 : nl;
  const line = utf8.decode(buf.subarray(s, e));
  return line.includes('"') || line.includes('\r') ? null : line.split(',');
}

/** Data lines into the sink (the first chunk starts a line); false as soon as one is outside the plain case, or `stop()` says so. */
export async function scanPlainLines(chunks: AsyncIterable<Uint8Array>, sink: RowSink, idFirst: boolean, stop?: () => boolean): Promise<boolean> {
  let carry: Uint8Array | null = null;
  for await (const chunk of chunks) {
    if (stop?.()) return false;
    const buf: Uint8Array = carry ? concat(carry, chunk) : chunk;
    carry = null;
    const end = scan(buf, 0, sink, idFirst, false);
    if (end < 0) return false;
    if (end < buf.length) {
      if (buf.length - end > MAX_RECORD_BYTES) return false; // the validator reports the runaway row
      carry = buf.slice(end);
    }
  }
  return !(carry && scan(carry, 0, sink, idFirst, true) < 0);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

async function* rest(first: Uint8Array, it: AsyncIterator<Uint8Array>): AsyncIterable<Uint8Array> {
  if (first.length > 0) yield first;
  for (;;) {
    const next = await it.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * Lines from pos: returns where the first incomplete line starts (the buffer's length when
 * none), or -1 when a line is outside the plain case or the sink refused a row.
 */
function scan(buf: Uint8Array, pos: number, sink: RowSink, idFirst: boolean, final: boolean): number {
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
      if (i + 1 >= len) return final ? -1 : pos;
      if (buf[i + 1] !== LF) return -1;
      next = i + 2;
    } else {
      return -1; // a second comma or a quote
    }
    const ok = idFirst ? sink.row(buf, pos, comma, comma + 1, i) : sink.row(buf, comma + 1, i, pos, comma);
    if (!ok) return -1;
    pos = next;
  }
  return pos;
}
