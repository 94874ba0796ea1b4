/**
 * A two-column `id,label` Parquet file written as DuckDB writes one: DATA_PAGE v1 pages, snappy,
 * OPTIONAL UTF8 columns (each data page starts with its definition levels, one RLE run of 1s),
 * ids PLAIN, labels a dictionary page plus PLAIN_DICTIONARY indices in bit-packed runs of 256
 * values (`required: true`: REQUIRED columns without levels, RLE_DICTIONARY indices in one run;
 * `plainLabels: true`: labels PLAIN like the ids, as a writer without dictionaries writes them).
 * hyparquet-writer writes DATA_PAGE v2 only, which the fast decoder
 * (parquet-byte-columns.ts) leaves to hyparquet; the scoring threads' warm-up
 * (lib/scoring/pool/warm-up.ts) needs a file the fast decoder takes.
 */
import type { FileMetaData } from 'hyparquet';
import { ByteWriter } from 'hyparquet-writer';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import { serializeTCompactProtocol } from 'hyparquet-writer/src/thrift.js';

const enc = new TextEncoder();

/** Row i is `ids[i]`, `classes[codes[i]]`; row groups of `groupRows` rows, each label chunk with the dictionary of the classes it uses. */
export function labelsParquetV1(ids: string[], codes: number[], classes: string[], groupRows: number, { required = false, plainLabels = false } = {}): Uint8Array {
  const w = new ByteWriter();
  w.appendBytes(enc.encode('PAR1'));
  const groups = [];
  for (let at = 0; at < ids.length; at += groupRows) {
    const rows = Math.min(groupRows, ids.length - at);
    const start = w.offset;
    const levels = required ? null : definedLevels(rows);
    const idChunk = chunk(w, 'id', null, join(levels, plain(ids.slice(at, at + rows))), rows, 0, 0);
    // The group's own dictionary, as DuckDB writes it: the classes its rows use, in order of first use.
    const local = new Map<number, number>();
    const indices = codes.slice(at, at + rows).map((c) => local.get(c) ?? (local.set(c, local.size), local.size - 1));
    let width = 1;
    while (1 << width < local.size) width++;
    // DuckDB: encoding 2 (PLAIN_DICTIONARY), runs of 256 values; 8 (RLE_DICTIONARY) in one run otherwise.
    const labelChunk = plainLabels
      ? chunk(w, 'label', null, join(levels, plain(codes.slice(at, at + rows).map((c) => classes[c]))), rows, 0, 0)
      : chunk(w, 'label', plain([...local.keys()].map((c) => classes[c])), join(levels, bitPacked(indices, width, required ? Infinity : 256)), rows, required ? 8 : 2, local.size);
    groups.push({ columns: [idChunk, labelChunk], total_byte_size: BigInt(w.offset - start), num_rows: BigInt(rows) });
  }
  const metadata = {
    version: 1,
    schema: [
      { name: 'schema', num_children: 2 },
      { name: 'id', type: 'BYTE_ARRAY', repetition_type: required ? 'REQUIRED' : 'OPTIONAL', converted_type: 'UTF8' },
      { name: 'label', type: 'BYTE_ARRAY', repetition_type: required ? 'REQUIRED' : 'OPTIONAL', converted_type: 'UTF8' },
    ],
    num_rows: BigInt(ids.length),
    row_groups: groups,
  } as unknown as FileMetaData;
  return withFooter(w, metadata);
}

/** The file: what `w` holds, then the footer (`metadata`, its length, the magic). */
export function withFooter(w: ByteWriter, metadata: FileMetaData): Uint8Array {
  const footerStart = w.offset;
  writeMetadata(w, metadata);
  w.appendUint32(w.offset - footerStart);
  w.appendBytes(enc.encode('PAR1'));
  return new Uint8Array(w.getBuffer());
}

/** One column chunk: an optional dictionary page, then one data page (`encoding` 0 PLAIN, 2 PLAIN_DICTIONARY, 8 RLE_DICTIONARY). */
function chunk(w: ByteWriter, name: string, dict: Uint8Array | null, data: Uint8Array, rows: number, encoding: number, dictValues: number) {
  const first = w.offset;
  if (dict) page(w, dict, { field_1: 2, field_7: { field_1: dictValues, field_2: 0 } });
  const dataOffset = w.offset;
  page(w, data, { field_1: 0, field_5: { field_1: rows, field_2: encoding, field_3: 3, field_4: 3 } });
  const stored = BigInt(w.offset - first);
  return {
    file_offset: BigInt(first),
    meta_data: {
      type: 'BYTE_ARRAY', encodings: encoding === 2 ? ['PLAIN_DICTIONARY'] : dict ? ['PLAIN', 'RLE_DICTIONARY'] : ['PLAIN'], path_in_schema: [name], codec: 'SNAPPY',
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

/** Dictionary indices: the bit width, then bit-packed runs of up to `run` values (groups of 8 values, `width` bits each, least significant first). */
function bitPacked(values: number[], width: number, run: number): Uint8Array {
  const w = new ByteWriter();
  w.appendUint8(width);
  for (let at = 0; at < values.length; at += run) {
    const groups = Math.ceil(Math.min(run, values.length - at) / 8);
    w.appendVarInt((groups << 1) | 1);
    let acc = 0;
    let bits = 0;
    for (let i = at; i < at + groups * 8; i++) {
      acc |= (i < values.length && i < at + run ? values[i] : 0) << bits;
      bits += width;
      while (bits >= 8) {
        w.appendUint8(acc & 0xff);
        acc >>>= 8;
        bits -= 8;
      }
    }
  }
  return new Uint8Array(w.getBuffer());
}

/** A page's definition levels as DuckDB writes them for a column without nulls: their length (4 bytes), then one RLE run of `rows` 1s. */
function definedLevels(rows: number): Uint8Array {
  const w = new ByteWriter();
  w.appendVarInt(rows << 1);
  w.appendUint8(1);
  const run = new Uint8Array(w.getBuffer());
  const out = new Uint8Array(4 + run.length);
  new DataView(out.buffer).setUint32(0, run.length, true);
  out.set(run, 4);
  return out;
}

function join(a: Uint8Array | null, b: Uint8Array): Uint8Array {
  if (!a) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
