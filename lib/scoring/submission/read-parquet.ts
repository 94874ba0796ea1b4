/**
 * A Parquet submission, read one row group at a time through lib/tables (hyparquet, pure JS, so it
 * runs wherever Node does). Strings are kept as bytes (identity stringFromBytes) so ids
 * go through the same byte hash as CSV; numbers arrive as numbers.
 *
 * The file is read through byte ranges (`RangeSource`): the footer, then per row group
 * the used columns' chunks, so a stored file is never held whole. Before anything is
 * decoded, its claims are checked (lib/tables/parquet-limits.ts): no more rows than the
 * key has, chunks inside the file, pages no larger than their row group.
 */
import { decodeByteArrayChunk } from '@/lib/tables/parquet-byte-columns';
import { chunkRange, footerProblem, pagesProblem, usedChunks } from '@/lib/tables/parquet-limits';
import { parquetFooter, readParquetPieces, topLevelColumns, type AsyncBuffer, type FileMetaData, type SchemaElement } from '@/lib/tables/parquet-ranges';
import type { AnswerKey } from '../answer-key';
import { badFile } from '@/lib/tables/where';
import { layoutFromHeader, type Layout } from './layout';
import { joinInParallel, type Helpers } from './join-parallel';
import { joinGroups, labelsPlan, splitPlan } from './parquet-labels';
import { PredictionJoin } from './prediction-join';
import { checkType, usedColumns } from './parquet-types';
import { SubmissionRows } from './rows';

const enc = new TextEncoder();

/** Random access to a file's bytes: a local file, a buffer, or a stored object read by range. */
export type RangeSource = { size: number; read(start: number, end: number): Promise<Uint8Array> };

/** The rows for SubmissionRows' checks, or (an `id,label` file the fast path is sure of) the predictions per key row (split over lent threads, if any). */
export async function readParquetSubmission(key: AnswerKey, source: RangeSource, helpers?: Helpers): Promise<SubmissionRows | Int32Array> {
  const file = cachedBuffer(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetFooter({ file, size: source.size });
  } catch (e) {
    throw badFile('parquet_unreadable', `the file starts like Parquet but cannot be read (${(e as Error).message}); it may be truncated or corrupt`);
  }
  const top = topLevelColumns(metadata.schema);
  const names = top.map((c) => c.name);
  const layout = layoutFromHeader(key, names, 'the column list');
  const used = usedColumns(layout, names);
  for (const { name, kind } of used) checkType(top[names.indexOf(name)], kind);
  const what = key.kind === 'matching' ? 'test pairs' : 'test ids';
  const problem = footerProblem({
    metadata,
    fileSize: source.size,
    maxRows: key.n,
    maxRowsSays: `the task has ${key.n.toLocaleString('en')} ${what} and a prediction file has one row for each`,
    columns: used.map((u) => u.name),
  });
  if (problem) throw badFile(problem.rule, problem.message);
  if (layout.mode === 'labels' && key.kind === 'classification') {
    const plan = labelsPlan(metadata, layout, top);
    let predictions = await joinInParallel(key, source, helpers, async (parts) => splitPlan(plan, parts).map((p) => ({ type: 'parquet', plan: p })));
    const join = predictions === undefined ? new PredictionJoin(key) : null;
    if (join) predictions = (await joinGroups(key, source, plan, join)) ? join.finish() : null;
    if (predictions) return predictions;
  }
  const rows = new SubmissionRows(key, layout);

  try {
    await readGroups(file, metadata, rows, layout, top, used);
  } catch (e) {
    rows.flush(); // an earlier row still queued for lookup is reported first
    throw e;
  }
  rows.finish();
  return rows;
}

type CachedBuffer = AsyncBuffer & { keep(start: number, bytes: Uint8Array): void; fetch(start: number, end: number): Promise<Uint8Array> };

/** hyparquet asks for the chunks we already fetched to check their pages: serve those from memory. */
function cachedBuffer(source: RangeSource): CachedBuffer {
  let kept: Array<{ start: number; bytes: Uint8Array }> = [];
  const find = (start: number, end: number) => kept.find((k) => start >= k.start && end <= k.start + k.bytes.length);
  return {
    byteLength: source.size,
    keep(start, bytes) {
      if (start < 0) kept = [];
      else kept.push({ start, bytes });
    },
    async fetch(start, end) {
      const hit = find(start, end);
      return hit ? hit.bytes.subarray(start - hit.start, end - hit.start) : source.read(start, end);
    },
    async slice(start, end = source.size) {
      const b = await this.fetch(start, end);
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
    },
  };
}

async function readGroups(file: CachedBuffer, metadata: FileMetaData, rows: SubmissionRows, layout: Layout, top: SchemaElement[], used: Array<{ name: string }>): Promise<void> {
  const names = top.map((c) => c.name);
  let rowStart = 0;
  const columns = used.map((u) => u.name);
  for (const [g, group] of metadata.row_groups.entries()) {
    const rowEnd = rowStart + Number(group.num_rows);
    file.keep(-1, new Uint8Array(0)); // forget the previous group's chunks
    const fetched = new Map<string, { bytes: Uint8Array; codec: string }>();
    for (const chunk of usedChunks(group.columns, columns)) {
      const { start, end } = chunkRange(chunk);
      const bytes = await file.fetch(start, end);
      const m = chunk.meta_data!;
      const problem = pagesProblem({ chunk: bytes, groupRows: Number(group.num_rows), column: m.path_in_schema.join('.'), group: g, compressed: m.codec !== 'UNCOMPRESSED' });
      if (problem) throw badFile(problem.rule, problem.message);
      file.keep(start, bytes);
      fetched.set(m.path_in_schema[0], { bytes, codec: m.codec });
    }
    if (layout.mode === 'labels' && fastLabels(rows, layout, top, fetched, rowStart, rowEnd)) {
      rowStart = rowEnd;
      continue;
    }
    // hyparquet hands a column chunk over in pieces (one per page or so): keep them in row order.
    let pieces: Awaited<ReturnType<typeof readParquetPieces>>;
    try {
      pieces = await readParquetPieces({ file, metadata, columns, rowStart, rowEnd });
    } catch (e) {
      throw badFile('parquet_unreadable', `rows ${rowStart + 1}–${rowEnd} cannot be read (${(e as Error).message}); the file may be truncated or corrupt`);
    }
    const col = (name: string) => {
      const d = joined(pieces.get(name), rowStart, rowEnd);
      if (!d) throw badFile('parquet_unreadable', `column '${name}' of rows ${rowStart + 1}–${rowEnd} could not be read`);
      return d;
    };
    feedRows(rows, layout, names, col, rowStart, rowEnd);
    rowStart = rowEnd;
  }
}

/**
 * id,label files whose two columns are plain or dictionary-encoded strings: decoded as
 * slices of the page bytes (parquet-byte-columns.ts), no object per value. False when
 * either column needs hyparquet (nulls, other encodings); the rows are the same either way.
 */
function fastLabels(
  rows: SubmissionRows,
  layout: Extract<Layout, { mode: 'labels' }>,
  top: SchemaElement[],
  fetched: Map<string, { bytes: Uint8Array; codec: string }>,
  rowStart: number,
  rowEnd: number,
): boolean {
  const decode = (index: number) => {
    const el = top[index];
    const chunk = fetched.get(el.name);
    if (!chunk || el.type !== 'BYTE_ARRAY') return null;
    return decodeByteArrayChunk({ chunk: chunk.bytes, rows: rowEnd - rowStart, codec: chunk.codec, optional: el.repetition_type !== 'REQUIRED' });
  };
  const ids = decode(layout.id);
  const labels = ids && decode(layout.label);
  if (!ids || !labels) return false;
  for (let i = 0; i < rowEnd - rowStart; i++) {
    rows.row = rowStart + i + 1;
    rows.labelRow(ids.bufs[ids.bufOf[i]], ids.starts[i], ids.ends[i], labels.bufs[labels.bufOf[i]], labels.starts[i], labels.ends[i]);
  }
  return true;
}

/** The pieces of one column as one array covering [rowStart, rowEnd), or null when rows are missing. */
function joined(list: Array<{ values: ArrayLike<unknown>; start: number }> | undefined, rowStart: number, rowEnd: number) {
  if (!list || list.length === 0) return null;
  list.sort((a, b) => a.start - b.start);
  if (list.length === 1) {
    const only = list[0];
    return only.start <= rowStart && only.start + only.values.length >= rowEnd ? only : null;
  }
  const values = new Array<unknown>(rowEnd - rowStart);
  let at = rowStart;
  for (const p of list) {
    if (p.start > at) return null;
    for (let i = at - p.start; i < p.values.length && at < rowEnd; i++) values[at++ - rowStart] = p.values[i];
  }
  return at >= rowEnd ? { values, start: rowStart } : null;
}

/** One row group's rows into SubmissionRows; column arrays are looked up once per group, not per value. */
function feedRows(
  rows: SubmissionRows,
  layout: Layout,
  names: string[],
  col: (name: string) => { values: ArrayLike<unknown>; start: number },
  rowStart: number,
  rowEnd: number,
): void {
  const get = (index: number) => col(names[index]);
  if (layout.mode === 'matching') {
    const left = get(layout.left);
    const right = get(layout.right);
    const label = get(layout.label);
    const score = layout.score >= 0 ? get(layout.score) : null;
    for (let i = rowStart; i < rowEnd; i++) {
      rows.row = i + 1;
      const l = text(left, i);
      const r = text(right, i);
      const k = rows.pairRow(l, 0, l.length, r, 0, r.length);
      rows.setMatchLabel(k, num(label, i), null, 0, 0);
      if (score) rows.setScore(k, num(score, i), null, 0, 0);
    }
    return;
  }
  const ids = get(layout.id);
  if (layout.mode === 'labels') {
    const labels = get(layout.label);
    for (let i = rowStart; i < rowEnd; i++) {
      rows.row = i + 1;
      const id = text(ids, i);
      const label = text(labels, i);
      rows.labelRow(id, 0, id.length, label, 0, label.length);
    }
    return;
  }
  const probs = Array.from(layout.probCols, (c) => get(c));
  for (let i = rowStart; i < rowEnd; i++) {
    rows.row = i + 1;
    const id = text(ids, i);
    const k = rows.idRow(id, 0, id.length);
    for (let j = 0; j < probs.length; j++) rows.setProbability(j, num(probs[j], i), null, 0, 0);
    rows.finishProbabilities(k);
  }
}

const NULL = new Uint8Array(0);

function text(d: { values: ArrayLike<unknown>; start: number }, i: number): Uint8Array {
  const v = d.values[i - d.start];
  if (v instanceof Uint8Array) return v;
  if (v === null || v === undefined) return NULL; // reported as an empty id/label by SubmissionRows
  return enc.encode(String(v)); // integer ids and labels are compared as their decimal text
}

function num(d: { values: ArrayLike<unknown>; start: number }, i: number): number {
  const v = d.values[i - d.start];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return Number(v);
  return NaN;
}
