/**
 * A scoring thread's warm-up, run once when the thread starts (before it takes its first job):
 * a small synthetic `id,label` job scored the ways a real one may be, so the first real
 * submission runs compiled code instead of paying V8's compilation of the parse, decode, join
 * and probe loops (and hysnappy's WebAssembly instantiation) on its own clock:
 *
 * - a plain CSV and a DATA_PAGE v1 Parquet file (ids PLAIN, labels dictionary-encoded with
 *   bit-packed indices, snappy, several row groups: what DuckDB writes), half the rows in key
 *   order and half shuffled, so both the in-order match and the scatter run;
 * - each on one thread and split in two parts (the helper side run in this thread, as
 *   join-parallel.test.ts does), so `findFirst`, the shared scatter and `probePartitions` run too.
 *
 * The key and the files are made here (nothing is read from storage) and dropped afterwards.
 */
import type { FileMetaData } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';
import { buildClassificationKey, type AnswerKey } from '../answer-key';
import { scoreSubmission, type SubmissionSource } from '../score';
import { runHelpTask, type Helpers } from '../submission/join-parallel';

const enc = new TextEncoder();
const CLASSES = 13;
const GROUP_ROWS = 4096;

/** The warm-up's key and files: `n` test ids, the predictions in a half-ordered, half-shuffled order. */
export function warmUpJob(n = 12_288): { key: AnswerKey; csv: Uint8Array; parquet: Uint8Array; accuracy: number } {
  const ids = Array.from({ length: n }, (_, i) => `w${String(i).padStart(7, '0')}`);
  const labels = ids.map((_, i) => `class_${(i * 7) % CLASSES}`);
  const predicted = ids.map((_, i) => (i * 5) % CLASSES);
  const key = buildClassificationKey({ ids, labels, classes: [...new Set(labels)], seed: 1, publicFraction: 0.3 });
  const half = n >> 1;
  const order = Array.from({ length: n }, (_, i) => (i < half ? i : half + ((i * 7919) % (n - half))));
  const classNames = Array.from({ length: CLASSES }, (_, c) => `class_${c}`);
  const csv = enc.encode(['id,label', ...order.map((r) => `${ids[r]},${classNames[predicted[r]]}`)].join('\n') + '\n');
  const parquet = labelsParquet(order.map((r) => ids[r]), order.map((r) => predicted[r]), classNames);
  const accuracy = ids.filter((_, i) => labels[i] === classNames[predicted[i]]).length / n;
  return { key, csv, parquet, accuracy };
}

/** Scores the warm-up job on every path twice (once compiles, twice lets V8 optimize what ran). */
export async function warmUp(): Promise<void> {
  const { key, csv, parquet } = warmUpJob();
  for (let round = 0; round < 2; round++) {
    for (const [bytes, fileName] of [[csv, 'warm-up.csv'], [parquet, 'warm-up.parquet']] as const) {
      const source = sourceOf(bytes);
      await scoreSubmission({ key, file: { source }, fileName });
      await scoreSubmission({ key, file: { source }, fileName, helpers: inThread(key, source) });
    }
  }
}

function sourceOf(bytes: Uint8Array): SubmissionSource {
  return {
    size: bytes.length,
    read: async (s, e) => bytes.subarray(s, e),
    stream: async function* () {
      yield bytes;
    },
  };
}

/** One lent "thread" that runs its tasks here. */
function inThread(key: AnswerKey, source: SubmissionSource): Helpers {
  return { minBytes: 0, borrow: async () => [{ run: (task) => runHelpTask(key, source, task), release: async () => {} }] };
}

/** A two-column Parquet file as DuckDB writes one: DATA_PAGE v1, snappy, ids PLAIN, labels a dictionary with bit-packed indices. */
function labelsParquet(ids: string[], codes: number[], classes: string[]): Uint8Array {
  const w = new ByteWriter();
  w.appendBytes(enc.encode('PAR1'));
  const groups = [];
  for (let at = 0; at < ids.length; at += GROUP_ROWS) {
    const rows = Math.min(GROUP_ROWS, ids.length - at);
    const start = w.offset;
    const idChunk = chunk(w, 'id', null, plain(ids.slice(at, at + rows)), rows, 0);
    const labelChunk = chunk(w, 'label', plain(classes), bitPacked(codes.slice(at, at + rows), 4), rows, 8);
    groups.push({ columns: [idChunk, labelChunk], total_byte_size: BigInt(w.offset - start), num_rows: BigInt(rows) });
  }
  const metadata = {
    version: 1,
    schema: [
      { name: 'schema', num_children: 2 },
      { name: 'id', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', converted_type: 'UTF8' },
      { name: 'label', type: 'BYTE_ARRAY', repetition_type: 'REQUIRED', converted_type: 'UTF8' },
    ],
    num_rows: BigInt(ids.length),
    row_groups: groups,
  } as unknown as FileMetaData;
  const footerStart = w.offset;
  writeMetadata(w, metadata);
  w.appendUint32(w.offset - footerStart);
  w.appendBytes(enc.encode('PAR1'));
  return new Uint8Array(w.getBuffer());
}

/** One column chunk: an optional dictionary page, then one data page (`encoding` 0 PLAIN, 8 RLE_DICTIONARY). */
function chunk(w: ByteWriter, name: string, dict: Uint8Array | null, data: Uint8Array, rows: number, encoding: number) {
  const first = w.offset;
  if (dict) page(w, dict, { field_1: 2, field_7: { field_1: CLASSES, field_2: 0 } });
  const dataOffset = w.offset;
  page(w, data, { field_1: 0, field_5: { field_1: rows, field_2: encoding, field_3: 3, field_4: 3 } });
  const stored = BigInt(w.offset - first);
  return {
    file_offset: BigInt(first),
    meta_data: {
      type: 'BYTE_ARRAY', encodings: dict ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'], path_in_schema: [name], codec: 'SNAPPY',
      num_values: BigInt(rows), total_uncompressed_size: stored, total_compressed_size: stored,
      data_page_offset: BigInt(dataOffset), ...(dict ? { dictionary_page_offset: BigInt(first) } : {}),
    },
  };
}

/** A snappy page and its header (PageHeader fields 1 type, 2 uncompressed and 3 compressed size, then `header`'s). */
function page(w: ByteWriter, raw: Uint8Array, header: Record<string, unknown>): void {
  const stored = snappyCompress(raw);
  serializeTCompactProtocol(w, { field_1: header.field_1, field_2: raw.length, field_3: stored.length, ...header });
  w.appendBytes(stored);
}

/** PLAIN byte arrays: a 4-byte little-endian length, then the bytes. */
function plain(values: string[]): Uint8Array {
  const w = new ByteWriter();
  for (const v of values) {
    const b = enc.encode(v);
    w.appendUint32(b.length);
    w.appendBytes(b);
  }
  return new Uint8Array(w.getBuffer());
}

/** Dictionary indices: the bit width, then one bit-packed run (groups of 8 values, `width` bits each, least significant first). */
function bitPacked(values: number[], width: number): Uint8Array {
  const w = new ByteWriter();
  w.appendUint8(width);
  const groups = Math.ceil(values.length / 8);
  w.appendVarInt((groups << 1) | 1);
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < groups * 8; i++) {
    acc |= (values[i] ?? 0) << bits;
    bits += width;
    while (bits >= 8) {
      w.appendUint8(acc & 0xff);
      acc >>>= 8;
      bits -= 8;
    }
  }
  return new Uint8Array(w.getBuffer());
}
