/**
 * A submission read as rows of text fields, for the task kinds whose rows are not one
 * per key row (grouping: any group label; open matching: any number of pairs). CSV goes
 * through the same RFC 4180 record reader as the other kinds, Parquet through hyparquet
 * one row group at a time; the header rules and their messages are the same.
 */
import { parquetMetadata, parquetRead, type FileMetaData, type SchemaElement } from 'hyparquet';
import { CsvRecordReader } from '../csv/csv-records';
import { sniffFormat } from '../submission/sniff';
import { badFile, show, where } from '../where';

export type ColumnPlan = {
  required: string[];
  optional?: string[];
  expected: string;
  /** A column that must not be there, with the reason (e.g. `label` in open matching). */
  refused?: Record<string, string>;
};
/** `fields[i]` is the text of column plan index i (required then optional; null = absent column). */
export type RowSink = (fields: (string | null)[], row: number, line: number) => void;

const utf8 = new TextDecoder();

function layoutOf(plan: ColumnPlan, names: string[], headerWhere: string): number[] {
  if (names.some((n) => n.includes('\r'))) {
    throw badFile('line_ending', `${headerWhere}: lines end with a bare carriage return (old Mac style), so the whole file reads as one line; save it with LF or CRLF line ends`);
  }
  if (names.length === 1) {
    const sep = [';', '\t', '|'].find((d) => names[0].includes(d));
    if (sep) throw badFile('delimiter', `${headerWhere}: the header is one column ${show(names[0])}; columns must be separated by commas, not ${sep === '\t' ? 'tabs' : `'${sep}'`}. Expected columns: ${plan.expected}`);
  }
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (seen.has(name)) throw badFile('duplicate_column', `${headerWhere}: column ${show(name)} appears twice (columns ${seen.get(name)! + 1} and ${i + 1}). Expected columns: ${plan.expected}`);
    seen.set(name, i);
  });
  const all = [...plan.required, ...(plan.optional ?? [])];
  for (const need of plan.required) {
    if (!seen.has(need)) throw badFile('missing_column', `${headerWhere}: no column named '${need}' (found ${names.map((n) => show(n)).join(', ')}). Expected columns: ${plan.expected}`);
  }
  const refused = names.find((n) => plan.refused?.[n] !== undefined);
  if (refused !== undefined) throw badFile('extra_column', `${headerWhere}: unexpected column ${show(refused)}; ${plan.refused![refused]}. Expected columns: ${plan.expected}`);
  const extra = names.find((n) => !all.includes(n));
  if (extra !== undefined) throw badFile('extra_column', `${headerWhere}: unexpected column ${show(extra)}. Expected columns: ${plan.expected}`);
  return all.map((n) => seen.get(n) ?? -1);
}

/** Streams the rows to `sink`; returns the number of data rows. `maxRows` bounds what a Parquet footer may claim. */
export async function readSubmissionRows({ bytes, fileName, plan, sink, maxRows }: { bytes: Uint8Array; fileName: string; plan: ColumnPlan; sink: RowSink; maxRows: number }): Promise<number> {
  const format = sniffFormat(bytes.subarray(0, 65536), fileName);
  return format === 'parquet' ? readParquetRows(bytes, plan, sink, maxRows) : readCsvRows(bytes, plan, sink);
}

function readCsvRows(bytes: Uint8Array, plan: ColumnPlan, sink: RowSink): number {
  let cols: number[] | null = null;
  let headerNames: string[] = [];
  let rows = 0;
  const fields: (string | null)[] = [];
  const reader = new CsvRecordReader((buf, starts, ends, nf, row, line) => {
    if (row === 0) {
      headerNames = [];
      for (let f = 0; f < nf; f++) headerNames.push(utf8.decode(buf.subarray(starts[f], ends[f])));
      cols = layoutOf(plan, headerNames, where(0, line));
      return;
    }
    if (nf !== headerNames.length) {
      const first = utf8.decode(buf.subarray(starts[0], ends[nf - 1]));
      throw badFile('field_count', `${where(row, line)}: ${nf} field${nf === 1 ? '' : 's'} but the header has ${headerNames.length} (${headerNames.join(',')}); the row reads ${show(first)}`);
    }
    fields.length = 0;
    for (const c of cols!) fields.push(c < 0 ? null : utf8.decode(buf.subarray(starts[c], ends[c])));
    rows = row;
    sink(fields, row, line);
  });
  const CHUNK = 1 << 20;
  // Fresh views per chunk, as the streaming reader expects.
  for (let at = 0; at < bytes.length; at += CHUNK) reader.push(bytes.slice(at, Math.min(bytes.length, at + CHUNK)));
  reader.end();
  if (!cols) throw badFile('empty_file', `the file is empty; expected a header line with the columns ${plan.expected}`);
  return rows;
}

async function readParquetRows(bytes: Uint8Array, plan: ColumnPlan, sink: RowSink, maxRows: number): Promise<number> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(file);
  } catch (e) {
    throw badFile('parquet_unreadable', `the file starts like Parquet but cannot be read (${(e as Error).message}); it may be truncated or corrupt`);
  }
  const top: SchemaElement[] = [];
  for (let i = 1; i < metadata.schema.length; ) {
    top.push(metadata.schema[i]);
    i = skip(metadata.schema, i);
  }
  const names = top.map((c) => c.name);
  const cols = layoutOf(plan, names, 'the column list');
  const all = [...plan.required, ...(plan.optional ?? [])];
  const used = all.filter((_, i) => cols[i] >= 0);
  for (const name of used) {
    const el = top[names.indexOf(name)];
    const type = (el.num_children ?? 0) > 0 ? 'a nested group' : (el.type ?? 'unknown');
    const ok = name === 'score' ? ['DOUBLE', 'FLOAT', 'INT32', 'INT64'] : ['BYTE_ARRAY', 'INT32', 'INT64'];
    if (!ok.includes(type) || el.repetition_type === 'REPEATED') {
      throw badFile('wrong_type', `column ${show(name)} has Parquet type ${type}; expected ${name === 'score' ? 'numbers (double, float or integer)' : 'strings (or integers)'}`);
    }
  }
  const total = Number(metadata.num_rows);
  if (total > maxRows) throw badFile('too_many_rows', `the file claims ${total} rows; at most ${maxRows} are possible for this task`);
  let rowStart = 0;
  const fields: (string | null)[] = [];
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const data = new Map<string, ArrayLike<unknown>>();
    try {
      await parquetRead({
        file, metadata, columns: used, rowStart, rowEnd,
        onChunk: (c) => {
          if (c.rowStart <= rowStart && c.rowEnd >= rowEnd) data.set(c.columnName, (c.columnData as ArrayLike<unknown>) as unknown[]);
        },
      });
    } catch (e) {
      throw badFile('parquet_unreadable', `rows ${rowStart + 1}–${rowEnd} cannot be read (${(e as Error).message}); the file may be truncated or corrupt`);
    }
    const arrays = all.map((n, i) => (cols[i] >= 0 ? data.get(n) : undefined));
    for (let r = rowStart; r < rowEnd; r++) {
      fields.length = 0;
      for (const a of arrays) {
        const v = a ? a[r - rowStart] : null;
        fields.push(v === null || v === undefined ? (a ? '' : null) : String(v));
      }
      sink(fields, r + 1, 0);
    }
    rowStart = rowEnd;
  }
  return total;
}

function skip(schema: SchemaElement[], i: number): number {
  const children = schema[i].num_children ?? 0;
  let next = i + 1;
  for (let c = 0; c < children; c++) next = skip(schema, next);
  return next;
}
