/**
 * The fast path of a Parquet `id,label` file (prediction-join.ts): both columns decoded as
 * page slices (lib/tables/parquet-byte-columns.ts), every row joined. The footer is turned
 * into a plan first (per row group: its rows and the byte ranges of the two column chunks),
 * so a run of row groups can be joined by any thread that can read the file by range
 * (join-parallel.ts splits a file by row groups). False when any group needs hyparquet or
 * any row is not plainly right; the caller then reads the file row by row for the exact message.
 */
import type { FileMetaData, SchemaElement } from 'hyparquet';
import { decodeByteArrayChunk } from '@/lib/tables/parquet-byte-columns';
import { chunkRange, pagesProblem, usedChunks } from '@/lib/tables/parquet-limits';
import type { AnswerKey } from '../answer-key';
import { byteColumnFromStrings, RowIndex } from '../byte-hash';
import type { Layout } from './layout';
import type { PredictionJoin } from './prediction-join';
import type { RangeSource } from './read-parquet';

type ColumnPlan = { name: string; byteArray: boolean; optional: boolean };
export type GroupPlan = { group: number; rows: number; chunks: Array<{ column: string; start: number; end: number; codec: string }> };
/** What a thread needs to join row groups of an id,label file: both columns, and the groups it takes. */
export type LabelsPlan = { id: ColumnPlan; label: ColumnPlan; groups: GroupPlan[] };

export function labelsPlan(metadata: FileMetaData, layout: Extract<Layout, { mode: 'labels' }>, top: SchemaElement[], columns: string[]): LabelsPlan {
  const column = (el: SchemaElement): ColumnPlan => ({ name: el.name, byteArray: el.type === 'BYTE_ARRAY', optional: el.repetition_type !== 'REQUIRED' });
  const groups = metadata.row_groups.map((group, g) => ({
    group: g,
    rows: Number(group.num_rows),
    chunks: usedChunks(group.columns, columns).map((chunk) => ({ column: chunk.meta_data!.path_in_schema[0], codec: chunk.meta_data!.codec, ...chunkRange(chunk) })),
  }));
  return { id: column(top[layout.id]), label: column(top[layout.label]), groups };
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

/** The plan's row groups into the join; false = not sure (the validator reads the file), or `stop()` said so. */
export async function joinGroups(key: AnswerKey, source: RangeSource, plan: LabelsPlan, join: PredictionJoin, stop?: () => boolean): Promise<boolean> {
  const classIndex = new RowIndex([byteColumnFromStrings(key.classes)]);
  for (const { group, rows: n, chunks } of plan.groups) {
    if (stop?.()) return false;
    const fetched = new Map<string, { bytes: Uint8Array; codec: string }>();
    for (const { column, start, end, codec } of chunks) {
      const bytes = await source.read(start, end);
      if (pagesProblem({ chunk: bytes, groupRows: n, column, group, compressed: codec !== 'UNCOMPRESSED' })) return false;
      fetched.set(column, { bytes, codec });
    }
    const decode = (col: ColumnPlan) => {
      const chunk = fetched.get(col.name);
      if (!chunk || !col.byteArray) return null;
      return decodeByteArrayChunk({ chunk: chunk.bytes, rows: n, codec: chunk.codec, optional: col.optional });
    };
    const ids = decode(plan.id);
    const labels = ids && decode(plan.label);
    if (!ids || !labels) return false;
    const { bufs: ib, bufOf: io, starts: is, ends: ie } = ids;
    const { bufs: lb, bufOf: lo, starts: ls, ends: le } = labels;
    for (let i = 0; i < n; i++) {
      const c = ls[i] === le[i] ? -1 : classIndex.find1(lb[lo[i]], ls[i], le[i]);
      if (c < 0 || !join.add(ib[io[i]], is[i], ie[i], c)) return false;
    }
  }
  return true;
}
