/**
 * A Parquet submission, read one row group at a time with hyparquet (pure JS, so it
 * runs wherever Node does). Strings are kept as bytes (identity stringFromBytes) so ids
 * go through the same byte hash as CSV; numbers arrive as numbers.
 */
import { parquetMetadata, parquetRead, type FileMetaData, type SchemaElement } from 'hyparquet';
import type { AnswerKey } from '../answer-key';
import { badFile, show } from '../where';
import { layoutFromHeader, type Layout } from './layout';
import { SubmissionRows } from './rows';

type Kind = 'text' | 'number' | 'binary01';
const enc = new TextEncoder();

export async function readParquetSubmission(key: AnswerKey, bytes: Uint8Array): Promise<SubmissionRows> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw badFile('parquet_unreadable', `the file starts like Parquet but cannot be read (${(e as Error).message}); it may be truncated or corrupt`);
  }
  const top = topLevelColumns(metadata.schema);
  const names = top.map((c) => c.name);
  const layout = layoutFromHeader(key, names, 'the column list');
  const rows = new SubmissionRows(key, layout);
  const used = usedColumns(layout, names);
  for (const { name, kind } of used) checkType(top[names.indexOf(name)], kind);

  try {
    await readGroups(file, metadata, rows, layout, names, used);
  } catch (e) {
    rows.flush(); // an earlier row still queued for lookup is reported first
    throw e;
  }
  rows.finish();
  return rows;
}

async function readGroups(file: ArrayBuffer, metadata: FileMetaData, rows: SubmissionRows, layout: Layout, names: string[], used: Array<{ name: string }>): Promise<void> {
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const data = new Map<string, { values: ArrayLike<unknown>; start: number }>();
    try {
      await parquetRead({
        file,
        metadata,
        columns: used.map((u) => u.name),
        rowStart,
        rowEnd,
        utf8: false,
        parsers: { stringFromBytes: (b: Uint8Array) => b },
        onChunk: (c) => {
          if (c.rowStart <= rowStart && c.rowEnd >= rowEnd) data.set(c.columnName, { values: c.columnData as ArrayLike<unknown>, start: c.rowStart });
        },
      });
    } catch (e) {
      throw badFile('parquet_unreadable', `rows ${rowStart + 1}–${rowEnd} cannot be read (${(e as Error).message}); the file may be truncated or corrupt`);
    }
    const col = (name: string) => {
      const d = data.get(name);
      if (!d) throw badFile('parquet_unreadable', `column '${name}' of rows ${rowStart + 1}–${rowEnd} could not be read`);
      return d;
    };
    feedRows(rows, layout, names, col, rowStart, rowEnd);
    rowStart = rowEnd;
  }
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

function topLevelColumns(schema: SchemaElement[]): SchemaElement[] {
  const out: SchemaElement[] = [];
  let i = 1;
  while (i < schema.length) {
    out.push(schema[i]);
    i = skip(schema, i);
  }
  return out;
}

function skip(schema: SchemaElement[], i: number): number {
  const children = schema[i].num_children ?? 0;
  let next = i + 1;
  for (let c = 0; c < children; c++) next = skip(schema, next);
  return next;
}

function usedColumns(layout: Layout, names: string[]): Array<{ name: string; kind: Kind }> {
  if (layout.mode === 'matching') {
    const out: Array<{ name: string; kind: Kind }> = [
      { name: 'left_id', kind: 'text' },
      { name: 'right_id', kind: 'text' },
      { name: 'label', kind: 'binary01' },
    ];
    if (layout.score >= 0) out.push({ name: 'score', kind: 'number' });
    return out;
  }
  if (layout.mode === 'labels') return [{ name: 'id', kind: 'text' }, { name: 'label', kind: 'text' }];
  return [{ name: 'id', kind: 'text' }, ...Array.from(layout.probCols, (c) => ({ name: names[c], kind: 'number' as Kind }))];
}

const allowed: Record<Kind, { types: string[]; says: string }> = {
  text: { types: ['BYTE_ARRAY', 'INT32', 'INT64'], says: 'strings (or integers)' },
  number: { types: ['DOUBLE', 'FLOAT', 'INT32', 'INT64'], says: 'numbers (double, float or integer)' },
  binary01: { types: ['INT32', 'INT64', 'BOOLEAN'], says: 'integers 0/1 (or booleans)' },
};

function checkType(el: SchemaElement, kind: Kind): void {
  const rule = allowed[kind];
  const nested = (el.num_children ?? 0) > 0;
  const type = nested ? 'a nested group' : (el.type ?? 'unknown');
  const decimal = el.converted_type === 'DECIMAL' || el.logical_type?.type === 'DECIMAL';
  if (nested || !rule.types.includes(type) || decimal || el.repetition_type === 'REPEATED') {
    throw badFile('wrong_type', `column ${show(el.name)} has Parquet type ${decimal ? 'DECIMAL' : type}${el.repetition_type === 'REPEATED' ? ' (repeated)' : ''}; expected ${rule.says}`);
  }
}
