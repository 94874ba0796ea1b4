/**
 * The fast path of an `id,label` Parquet file: both columns decoded as page slices
 * (lib/tables/parquet-byte-columns.ts), each distinct dictionary label looked up once rather
 * than once per row (`codesOf`), every row joined (prediction-join.ts). Two forms:
 *
 * - with the key (the worker, `scoreSubmission`): the footer is turned into a plan first (per
 *   row group: its rows and the byte ranges of the two column chunks), so a run of row groups
 *   can be joined by any thread that can read the file by range (join-parallel.ts splits a
 *   file by row groups; `joinGroups`, `joinParquetLabels` for the whole file on one thread);
 * - without it (`podium score`'s parse thread, parse-thread.ts): `parseLabelsParquet`, into
 *   ParsedLabels for `PredictionJoin.fromParsed`, checking what readParquetSubmission checks
 *   before its own fast path (column names and types, the footer's claims, the pages).
 *
 * All answer "not sure" (false / null) whenever anything is not plainly right; the file is then
 * read row by row for the exact message, so none changes a message or a number.
 */
import { byteColumnGroups, byteGroupsPlan, codesOf, codesOfEntries, decodeRawChunk, dictionaryRawEntries, plainRawPages, type ByteGroupsPlan, type RawChunk } from '@/lib/tables/parquet-byte-groups';
import { plainSlices, type ByteSlices, type PlainPage } from '@/lib/tables/parquet-byte-columns';
import { footerProblem } from '@/lib/tables/parquet-limits';
import { parquetFooter, parquetRanges, topLevelColumns, type ByteRangeSource, type FileMetaData, type SchemaElement } from '@/lib/tables/parquet-ranges';
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex } from '../byte-hash';
import type { Layout } from './layout';
import { checkType } from './parquet-types';
import { FreeRows, type ParsedLabels } from './parsed-labels';
import { BucketedRows } from './bucketed-rows';
import type { ScatteredParse } from './parsed-join';
import { partitionBitsFor } from '../partitioned-index';
import { PredictionJoin } from './prediction-join';

/** What a thread needs to join row groups of an id,label file: the id and label columns (in that order), and the groups it takes. */
export type LabelsPlan = ByteGroupsPlan;

export function labelsPlan(metadata: FileMetaData, layout: Extract<Layout, { mode: 'labels' }>, top: SchemaElement[]): LabelsPlan {
  return byteGroupsPlan(metadata, [top[layout.id], top[layout.label]]);
}

/** The plan cut into at most `parts` runs of consecutive row groups with about as many rows each. */
export function splitPlan(plan: LabelsPlan, parts: number): LabelsPlan[] {
  const total = plan.groups.reduce((a, g) => a + g.rows, 0);
  const out: LabelsPlan[] = [];
  let at = 0;
  let rows = 0;
  for (let p = 1; p <= parts && at < plan.groups.length; p++) {
    const from = at;
    while (at < plan.groups.length && (p === parts || rows + plan.groups[at].rows / 2 <= (total * p) / parts)) rows += plan.groups[at++].rows;
    if (at > from) out.push({ ...plan, groups: plan.groups.slice(from, at) });
  }
  return out;
}

/**
 * The plan's row groups into the join; false = not sure (the validator reads the file), or `stop()` said so.
 * A group of PLAIN ids and dictionary labels (what most writers write) is taken from its pages as stored: the
 * ids' places found once per chunk (plainSlices), each label's class once per dictionary entry.
 */
export async function joinGroups(key: AnswerKey, source: ByteRangeSource, plan: LabelsPlan, join: PredictionJoin, stop?: () => boolean): Promise<boolean> {
  const classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
  const classOf = (b: Uint8Array, s: number, e: number) => (s === e ? -1 : classIndex.find1(b, s, e));
  const [idName, labelName] = plan.columns.map((c) => c.name);
  let codes: Int32Array | undefined;
  let places: ByteSlices | null = null;
  let groups = 0;
  let sure = true;
  const plain = (group: number, _rowStart: number, rows: number, chunks: RawChunk[]) => {
    const got = plainGroup(chunks, rows, [idName, labelName], group, classOf, codes);
    const at = got && plainSlices(got.pages, places);
    if (!at) return false; // decoded below
    places = at;
    codes = got.codes;
    sure &&= join.addSlices(at, codes, rows);
    return true;
  };
  for await (const g of byteColumnGroups(source, plan, stop, plain)) {
    if (!sure) return false;
    groups++;
    if (g.taken) continue;
    if (!g.slices) return false;
    const [ids, labels] = g.slices;
    codes = codesOf(labels, g.rows, classOf, codes);
    if (!join.addSlices(ids, codes, g.rows)) return false;
  }
  return sure && groups === plan.groups.length; // fewer: stop() ended the walk
}

/**
 * A group of PLAIN ids, read straight from its pages (no slice per id), and its labels' codes (`lookup` once per
 * dictionary entry, the usual; else per decoded value): null when the ids are not all PLAIN or a chunk cannot be
 * read so (the group is then decoded the ordinary way). `codes` is reused when large enough.
 */
function plainGroup([ids, labels]: RawChunk[], rows: number, [idName, labelName]: string[], group: number, lookup: (b: Uint8Array, s: number, e: number) => number, codes?: Int32Array): { pages: PlainPage[]; codes: Int32Array } | null {
  const pages = plainRawPages(ids, rows, idName, group);
  if (!pages) return null;
  const entries = dictionaryRawEntries(labels, rows, labelName, group);
  if (entries) return { pages, codes: codesOfEntries(entries, rows, lookup, codes) };
  const decoded = decodeRawChunk(labels, rows, labelName, group);
  return decoded && { pages, codes: codesOf(decoded, rows, lookup, codes) };
}

/** The predictions per key row, or null, on this thread. `columns`: the id and label columns' schema elements. */
export async function joinParquetLabels(key: AnswerKey, source: ByteRangeSource, metadata: FileMetaData, [id, label]: [SchemaElement, SchemaElement]): Promise<Int32Array | null> {
  const join = new PredictionJoin(key);
  return (await joinGroups(key, source, byteGroupsPlan(metadata, [id, label]), join)) ? join.finish() : null;
}

/**
 * An `id,label` (or `label,id`) Parquet file of at most `maxRows` rows, parsed without a key; null otherwise.
 * `scattered`: its rows kept by partition as they are read (bucketed-rows.ts), as scatterParsed lays them out.
 */
export async function parseLabelsParquet(source: ByteRangeSource, maxRows: number, scattered: true): Promise<ScatteredParse | null>;
export async function parseLabelsParquet(source: ByteRangeSource, maxRows: number): Promise<ParsedLabels | null>;
export async function parseLabelsParquet(source: ByteRangeSource, maxRows: number, scattered = false): Promise<ParsedLabels | null> {
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
  const [id, label] = idFirst ? [top[0], top[1]] : [top[1], top[0]];
  const rows = Number(metadata.num_rows);
  const sink = new FreeRows(scattered ? 0 : rows, scattered ? 0 : idBytes(metadata, id.name, rows));
  const bits = partitionBitsFor(rows);
  const buckets = scattered ? new BucketedRows(bits, rows, idBytes(metadata, id.name, rows)) : null;
  const into = buckets ?? sink;
  let codes: Int32Array | undefined;
  const code = (b: Uint8Array, s: number, e: number) => (s === e ? -1 : sink.code(b, s, e));
  let sure = true;
  // Kept by partition, a group of PLAIN ids is read straight from its pages (no slice per id); any other is decoded below.
  const plain = (group: number, _rowStart: number, rows: number, chunks: RawChunk[]) => {
    const got = plainGroup(chunks, rows, [id.name, label.name], group, code, codes);
    if (!got) return false;
    codes = got.codes;
    sure &&= buckets!.addPlain(got.pages, codes);
    return true;
  };
  for await (const g of byteColumnGroups(source, metadata, [id, label], buckets ? plain : undefined)) {
    if (!sure) return null;
    if (g.taken) continue;
    if (!g.slices) return null;
    const [ids, labels] = g.slices;
    codes = codesOf(labels, g.rows, code, codes);
    if (!into.addSlices(ids, codes, g.rows)) return null;
  }
  if (!sure) return null;
  const parsed = sink.parsed('parquet', names, idFirst);
  if (!buckets) return parsed;
  const byPart = buckets.finish();
  const out: ScatteredParse | null = byPart && { ...parsed, m: byPart.m, hashes: byPart.hashes, codes: byPart.codes, offsets: byPart.offsets, arena: byPart.arena, bits, rowAt: byPart.rowAt };
  return out;
}

/**
 * The arena for the ids' bytes: their chunks' uncompressed size (PLAIN values: 4 length bytes and
 * the value each, so at least the ids' bytes), at most 64 bytes a row (the footer is only a claim;
 * past it the arena grows).
 */
function idBytes(metadata: FileMetaData, column: string, rows: number): number {
  let bytes = 0;
  for (const g of metadata.row_groups) {
    for (const c of g.columns) if (c.meta_data?.path_in_schema.length === 1 && c.meta_data.path_in_schema[0] === column) bytes += Number(c.meta_data.total_uncompressed_size);
  }
  return Math.min(Number.isFinite(bytes) && bytes > 0 ? bytes : 1 << 20, rows * 64 + (1 << 20));
}
