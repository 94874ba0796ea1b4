/**
 * An `id,label` CSV parsed before its key exists: ids as (hash, bytes), labels as codes of
 * a small dictionary in first-seen order. `podium score` parses the predictions this way
 * on a second core (parse-thread.ts) while the first builds the answer key; the join
 * (PredictionJoin.fromParsed) then maps codes to classes and probes as usual. Anything
 * outside the plain case gives null, and the file is scored the ordinary way.
 */
import { finishHash, hashBytes, sliceEquals, viewOf } from '../byte-hash';
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { scanPlainCsv, type RowSink } from './fast-csv';
import { keepSlices } from './kept-rows';
import { idHash, partitionBitsFor } from '../partitioned-index';
import { BucketedRows, type PartitionedRows } from './bucketed-rows';
import type { ScatteredParse } from './parsed-join';

export type ParsedLabels = {
  /** What the file was read as (its first bytes decide, as sniffFormat does). */
  format: 'csv' | 'parquet';
  /** The header's column names, for the key's own header check. */
  names: string[];
  idFirst: boolean;
  /** Distinct label bytes; `codes[j]` indexes them. */
  labels: Uint8Array[];
  m: number;
  hashes: Int32Array;
  codes: Int32Array;
  /** Row j's id is arena[offsets[j], offsets[j + 1]). */
  offsets: Int32Array;
  arena: Uint8Array;
};

const MAX_LABELS = 1 << 16;

/** Rows as (id hash, label code, id bytes); `rows` sizes the arrays (they grow past it). */
export class FreeRows implements RowSink {
  m = 0;
  hashes: Int32Array;
  codes: Int32Array;
  offsets: Int32Array;
  arena: Uint8Array;
  private readonly labelBytes: Uint8Array[] = [];
  private readonly labelHashes: number[] = [];
  private table = new Int32Array(1024).fill(-1);

  /** `rows` and `bytes` (the ids' bytes, when known) size the arrays; they grow past them. */
  constructor(rows = 1 << 16, bytes = 1 << 20) {
    const size = Math.max(rows, 1 << 10) + 1;
    this.arena = new Uint8Array(Math.max(bytes, 1 << 10));
    this.hashes = new Int32Array(size);
    this.codes = new Int32Array(size);
    this.offsets = new Int32Array(size + 1);
  }

  row(buf: Uint8Array, idS: number, idE: number, lS: number, lE: number): boolean {
    const code = this.labelCode(buf, lS, lE);
    return code >= 0 && this.add(buf, idS, idE, code);
  }

  /** The code of a CSV row's label, or -1 (empty, or past MAX_LABELS). */
  labelCode(buf: Uint8Array, lS: number, lE: number): number {
    return lE === lS ? -1 : this.recentCode(buf, lS, lE);
  }

  /** Goes on after rows kept elsewhere (BucketedRows' so far, by partition): its arrays have room past them, and grow as these do. */
  adopt(rows: PartitionedRows): void {
    this.m = rows.m;
    this.hashes = rows.hashes;
    this.codes = rows.codes;
    this.offsets = rows.offsets;
    this.arena = rows.arena;
  }

  /** lookup's cache: a label's code by its length and last two bytes (1024 places), -1 = none. */
  private readonly recent = new Int32Array(1024).fill(-1);

  /**
   * `code` for a label of at least one byte, through the cache: a hit compares the bytes once without
   * hashing them (labels repeat on every row; ByteDictionary.lookup does the same for the key's labels).
   */
  private recentCode(buf: Uint8Array, s: number, e: number): number {
    const len = e - s;
    const k = Math.imul(buf[e - 1] | (buf[len > 1 ? e - 2 : s] << 8) | (len << 16), 0x9e3779b1) >>> 22;
    const c = this.recent[k];
    if (c >= 0) {
      const l = this.labelBytes[c];
      if (l.length === len && sliceEquals(buf, s, e, l, 0, len)) return c;
    }
    const found = this.code(buf, s, e);
    if (found >= 0) this.recent[k] = found;
    return found;
  }

  /** One row whose label is already a code; false for an empty id. */
  add(buf: Uint8Array, idS: number, idE: number, code: number): boolean {
    if (idE === idS) return false;
    const j = this.m;
    if (j + 1 >= this.hashes.length) this.growRows();
    let used = this.offsets[j];
    if (used + (idE - idS) > this.arena.length) this.growArena(used + (idE - idS));
    const arena = this.arena;
    for (let i = idS; i < idE; i++) arena[used++] = buf[i];
    this.hashes[j] = idHash(buf, idS, idE);
    this.codes[j] = code;
    this.offsets[j + 1] = used;
    this.m = j + 1;
    return true;
  }

  /**
   * Rows [0, rows) of a Parquet group (`ids` its id slices, `codes` its label codes), as `add` would
   * take them one by one: false at the first empty id or refused label (-1), not sure. The id bytes
   * are copied four at a time and hashed from the words, without a call per row.
   */
  addSlices(ids: ByteSlices, codes: Int32Array, rows: number): boolean {
    // Rows m … m + rows - 1 (offsets has one place more): a file of the rows the footer says fills them exactly, with no copy.
    if (this.m + rows > this.hashes.length) this.growRows(this.m + rows);
    const kept = { hashes: this.hashes, classes: this.codes, offsets: this.offsets, arena: this.arena };
    const r = keepSlices(ids, codes, 0, rows, this.m, kept, (need, j) => {
      this.m = j;
      this.growArena(need);
      return this.arena;
    });
    this.m = r < 0 ? -1 - r : r;
    return r >= 0;
  }

  /** The label's code (first-seen order), or -1 past MAX_LABELS distinct labels. */
  code(buf: Uint8Array, s: number, e: number): number {
    const h = finishHash(hashBytes(buf, s, e));
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const i = this.table[slot];
      if (i === -1) break;
      const l = this.labelBytes[i];
      if (this.labelHashes[i] === h && sliceEquals(buf, s, e, l, 0, l.length)) return i;
    }
    if (this.labelBytes.length >= MAX_LABELS) return -1;
    this.labelBytes.push(buf.slice(s, e));
    this.labelHashes.push(h);
    if (this.labelBytes.length * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2).fill(-1);
      for (let i = 0; i < this.labelBytes.length; i++) this.insert(i);
    } else {
      this.insert(this.labelBytes.length - 1);
    }
    return this.labelBytes.length - 1;
  }

  private insert(i: number): void {
    const mask = this.table.length - 1;
    let slot = this.labelHashes[i] & mask;
    while (this.table[slot] !== -1) slot = (slot + 1) & mask;
    this.table[slot] = i;
  }

  private growRows(need = 0): void {
    const size = Math.max(this.hashes.length * 2, need);
    const h = new Int32Array(size);
    h.set(this.hashes);
    const c = new Int32Array(size);
    c.set(this.codes);
    const o = new Int32Array(size + 1);
    o.set(this.offsets);
    this.hashes = h;
    this.codes = c;
    this.offsets = o;
  }

  private growArena(need: number): void {
    const bigger = new Uint8Array(Math.max(need, this.arena.length * 2));
    bigger.set(this.arena.subarray(0, this.offsets[this.m]));
    this.arena = bigger;
  }

  parsed(format: ParsedLabels['format'], names: string[], idFirst: boolean): ParsedLabels {
    return { format, names, idFirst, labels: this.labelBytes, m: this.m, hashes: this.hashes, codes: this.codes, offsets: this.offsets, arena: this.arena };
  }
}

/**
 * Parses a plain `id,label` (or `label,id`) CSV without a key, or null. With `size` (the file's bytes) its
 * rows are kept by partition as they are read (bucketed-rows.ts, as for Parquet), for as many rows as its
 * first chunk's lines say the file has; it then comes back scattered (`rowAt`, `bits`), unless a partition
 * ran out of room or the count came out with other partition bits: then as read, for scatterParsed.
 */
export async function parseLabelsCsv(chunks: AsyncIterable<Uint8Array>, size = 0): Promise<ParsedLabels | ScatteredParse | null> {
  const sink = new FreeRows();
  let buckets: CsvBuckets | null = null;
  let names: string[] = [];
  let idFirst = true;
  const source = size > 0 ? firstChunkLines(chunks, (lines, bytes) => {
    const rows = Math.ceil((lines * size) / bytes * 1.05) + 16;
    buckets = new CsvBuckets(sink, new BucketedRows(partitionBitsFor(rows), rows, size), partitionBitsFor(rows));
  }) : chunks;
  const ok = await scanPlainCsv(source, (header) => {
    names = header;
    if (header.length !== 2 || !header.includes('id') || !header.includes('label')) return null;
    idFirst = header[0] === 'id';
    return { sink: buckets ?? sink, idFirst };
  });
  if (!ok) return null;
  const b = buckets as CsvBuckets | null;
  const byPart = b?.rows ? b.rows.compacted() : null;
  if (byPart && partitionBitsFor(byPart.m) === b!.bits) {
    const { m, hashes, codes, offsets, arena, rowAt } = byPart;
    return { ...sink.parsed('csv', names, idFirst), m, hashes, codes, offsets, arena, bits: b!.bits, rowAt };
  }
  if (byPart) sink.adopt(byPart);
  return sink.parsed('csv', names, idFirst);
}

/** The chunks, after telling `counted` how many lines the first holds and its bytes. */
async function* firstChunkLines(chunks: AsyncIterable<Uint8Array>, counted: (lines: number, bytes: number) => void): AsyncIterable<Uint8Array> {
  let first = true;
  for await (const c of chunks) {
    if (first && c.length > 0) {
      first = false;
      let lines = 0;
      for (let i = 0; i < c.length; i++) if (c[i] === 0x0a) lines++;
      counted(Math.max(lines, 1), c.length);
    }
    yield c;
  }
}

/** A CSV's rows into buckets (labels still coded by FreeRows), until a partition is full: from there into FreeRows, after the rows so far. */
class CsvBuckets implements RowSink {
  private buf: Uint8Array | null = null;
  private view: DataView | null = null;

  constructor(
    private readonly free: FreeRows,
    public rows: BucketedRows | null,
    readonly bits: number,
  ) {}

  row(buf: Uint8Array, idS: number, idE: number, lS: number, lE: number): boolean {
    const code = this.free.labelCode(buf, lS, lE);
    if (code < 0) return false;
    if (this.rows) {
      if (buf !== this.buf) {
        this.buf = buf;
        this.view = viewOf(buf);
      }
      if (this.rows.put(buf, this.view!, idS, idE - idS, code)) return true;
      if (!this.rows.full) return false; // an empty id
      this.free.adopt(this.rows.compacted());
      this.rows = null;
    }
    return this.free.add(buf, idS, idE, code);
  }
}
