/**
 * A submission read as rows of byte fields, for the task kinds whose rows are not one
 * per key row (grouping: any group label; open matching: any number of pairs). The file
 * is streamed, never held whole: CSV chunk by chunk through the same RFC 4180 record
 * reader as the other kinds, Parquet by byte ranges one row group at a time
 * (lib/tables/parquet-ranges.ts). The header rules and their messages are the same for both.
 */
import { CsvRecordReader } from '@/lib/tables/csv-records';
import { parquetFooter, parquetRanges, readParquetRows, topLevelColumns, type ByteRangeSource, type FileMetaData } from '@/lib/tables/parquet-ranges';
import { sniffFormat } from '../submission/sniff';
import { badFile, show, where } from '@/lib/tables/where';

export type ColumnPlan = {
  required: string[];
  optional?: string[];
  expected: string;
  /** A column that must not be there, with the reason (e.g. `label` in open matching). */
  refused?: Record<string, string>;
};

/**
 * Field i (plan order: required then optional) is `bufs[i][starts[i], ends[i])`; an absent
 * optional column has `starts[i] = -1`. A missing value (empty CSV field, Parquet null) is
 * an empty slice. The views are valid only during the call.
 */
export type RowSink = (bufs: Uint8Array[], starts: Int32Array, ends: Int32Array, row: number, line: number) => void;

/** Where the bytes are: read by range (Parquet) and streamed in order (CSV). */
export type RowSource = ByteRangeSource & { stream(): AsyncIterable<Uint8Array> };

const utf8 = new TextDecoder();
const enc = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** The text of field i, for messages (null when the column is absent). */
export function fieldText(bufs: Uint8Array[], starts: Int32Array, ends: Int32Array, i: number): string | null {
  return starts[i] < 0 ? null : utf8.decode(bufs[i].subarray(starts[i], ends[i]));
}

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
export async function readSubmissionRows({ source, fileName, plan, sink, maxRows }: { source: RowSource; fileName: string; plan: ColumnPlan; sink: RowSink; maxRows: number }): Promise<number> {
  const head = await source.read(0, Math.min(source.size, 65536));
  const format = sniffFormat(head, fileName);
  return format === 'parquet' ? readParquetRowsOf(source, plan, sink, maxRows) : readCsvRows(source, plan, sink);
}

async function readCsvRows(source: RowSource, plan: ColumnPlan, sink: RowSink): Promise<number> {
  let cols: number[] | null = null;
  let headerNames: string[] = [];
  let rows = 0;
  const width = plan.required.length + (plan.optional?.length ?? 0);
  const bufs = new Array<Uint8Array>(width).fill(EMPTY);
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  const reader = new CsvRecordReader((buf, s, e, nf, row, line) => {
    if (row === 0) {
      headerNames = [];
      for (let f = 0; f < nf; f++) headerNames.push(utf8.decode(buf.subarray(s[f], e[f])));
      cols = layoutOf(plan, headerNames, where(0, line));
      return;
    }
    if (nf !== headerNames.length) {
      const first = utf8.decode(buf.subarray(s[0], e[nf - 1]));
      throw badFile('field_count', `${where(row, line)}: ${nf} field${nf === 1 ? '' : 's'} but the header has ${headerNames.length} (${headerNames.join(',')}); the row reads ${show(first)}`);
    }
    const c = cols!;
    for (let i = 0; i < width; i++) {
      const f = c[i];
      bufs[i] = buf;
      starts[i] = f < 0 ? -1 : s[f];
      ends[i] = f < 0 ? -1 : e[f];
    }
    rows = row;
    sink(bufs, starts, ends, row, line);
  });
  for await (const chunk of source.stream()) reader.push(chunk);
  reader.end();
  if (!cols) throw badFile('empty_file', `the file is empty; expected a header line with the columns ${plan.expected}`);
  return rows;
}

async function readParquetRowsOf(source: RowSource, plan: ColumnPlan, sink: RowSink, maxRows: number): Promise<number> {
  const p = parquetRanges(source);
  let metadata: FileMetaData;
  try {
    metadata = await parquetFooter(p);
  } catch (e) {
    throw badFile('parquet_unreadable', `the file starts like Parquet but cannot be read (${(e as Error).message}); it may be truncated or corrupt`);
  }
  const top = topLevelColumns(metadata.schema);
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
  const width = all.length;
  const bufs = new Array<Uint8Array>(width).fill(EMPTY);
  const starts = new Int32Array(width);
  const ends = new Int32Array(width);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let data: Map<string, ArrayLike<unknown>>;
    try {
      data = await readParquetRows({ p, metadata, columns: used, rowStart, rowEnd, bytes: true });
    } catch (e) {
      throw badFile('parquet_unreadable', `rows ${rowStart + 1}–${rowEnd} cannot be read (${(e as Error).message}); the file may be truncated or corrupt`);
    }
    const arrays = all.map((n, i) => (cols[i] >= 0 ? data.get(n) : undefined));
    for (let r = rowStart; r < rowEnd; r++) {
      for (let i = 0; i < width; i++) {
        const a = arrays[i];
        if (!a) {
          bufs[i] = EMPTY;
          starts[i] = -1;
          ends[i] = -1;
          continue;
        }
        const v = a[r - rowStart];
        const b = v instanceof Uint8Array ? v : v === null || v === undefined ? EMPTY : enc.encode(String(v));
        bufs[i] = b;
        starts[i] = 0;
        ends[i] = b.length;
      }
      sink(bufs, starts, ends, r + 1, 0);
    }
    rowStart = rowEnd;
  }
  return total;
}
