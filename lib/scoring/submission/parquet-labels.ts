/**
 * The fast path of an `id,label` Parquet file: both columns decoded as page slices
 * (lib/tables/parquet-byte-groups.ts), each distinct dictionary label looked up once
 * rather than once per row, every row joined (prediction-join.ts). Two forms:
 *
 * - `joinParquetLabels`: with the key (the worker, `scoreSubmission`);
 * - `parseLabelsParquet`: without it (`podium score`'s parse thread, parse-thread.ts), into
 *   ParsedLabels for `PredictionJoin.fromParsed`, checking what readParquetSubmission checks
 *   before its own fast path (column names and types, the footer's claims, the pages).
 *
 * Both answer null whenever anything is not plainly right; the file is then read row by
 * row for the exact message, so neither changes a message or a number.
 */
import { byteColumnGroups, codesOf } from '@/lib/tables/parquet-byte-groups';
import { footerProblem } from '@/lib/tables/parquet-limits';
import { parquetFooter, parquetRanges, topLevelColumns, type ByteRangeSource, type FileMetaData, type SchemaElement } from '@/lib/tables/parquet-ranges';
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex } from '../byte-hash';
import { checkType } from './parquet-types';
import { FreeRows, type ParsedLabels } from './parsed-labels';
import { PredictionJoin } from './prediction-join';

type RowAdder = (buf: Uint8Array, s: number, e: number, code: number) => boolean;

/** Every row group's (id, label code) into `add`; false as soon as a group or a row is not plainly right. */
async function eachRow(source: ByteRangeSource, metadata: FileMetaData, columns: [SchemaElement, SchemaElement], code: (buf: Uint8Array, s: number, e: number) => number, add: RowAdder): Promise<boolean> {
  let codes: Int32Array | undefined;
  for await (const g of byteColumnGroups(source, metadata, columns)) {
    if (!g.slices) return false;
    const [ids, labels] = g.slices;
    codes = codesOf(labels, g.rows, code, codes);
    const { bufs, bufOf, starts, ends } = ids;
    for (let i = 0; i < g.rows; i++) {
      const c = codes[i];
      if (c < 0 || !add(bufs[bufOf[i]], starts[i], ends[i], c)) return false;
    }
  }
  return true;
}

/** The predictions per key row, or null. `columns`: the id and label columns' schema elements. */
export async function joinParquetLabels(key: AnswerKey, source: ByteRangeSource, metadata: FileMetaData, columns: [SchemaElement, SchemaElement]): Promise<Int32Array | null> {
  const join = new PredictionJoin(key);
  const classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
  const ok = await eachRow(source, metadata, columns, (b, s, e) => (s === e ? -1 : classIndex.find1(b, s, e)), (b, s, e, c) => join.add(b, s, e, c));
  return ok ? join.finish() : null;
}

/** An `id,label` (or `label,id`) Parquet file of at most `maxRows` rows, parsed without a key; null otherwise. */
export async function parseLabelsParquet(source: ByteRangeSource, maxRows: number): Promise<ParsedLabels | null> {
  let metadata: FileMetaData;
  try {
    metadata = await parquetFooter(parquetRanges(source));
  } catch {
    return null;
  }
  const top = topLevelColumns(metadata.schema);
  const names = top.map((c) => c.name);
  if (names.length !== 2 || !names.includes('id') || !names.includes('label')) return null;
  try {
    for (const el of top) checkType(el, 'text');
  } catch {
    return null; // readParquetSubmission names the column and its type
  }
  if (footerProblem({ metadata, fileSize: source.size, maxRows, maxRowsSays: '', columns: names })) return null;
  const idFirst = names[0] === 'id';
  const sink = new FreeRows(Number(metadata.num_rows));
  const columns: [SchemaElement, SchemaElement] = idFirst ? [top[0], top[1]] : [top[1], top[0]];
  const ok = await eachRow(source, metadata, columns, (b, s, e) => (s === e ? -1 : sink.code(b, s, e)), (b, s, e, c) => sink.add(b, s, e, c));
  return ok ? sink.parsed('parquet', names, idFirst) : null;
}
