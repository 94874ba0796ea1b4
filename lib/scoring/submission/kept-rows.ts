/**
 * The rows a join keeps to probe later (prediction-join.ts, parsed-labels.ts): row j's id is
 * arena[offsets[j], offsets[j + 1]), beside its hash (idHash's) and its class or label code.
 * `keepSlices` appends a Parquet group's rows in one loop, with no call per row.
 */
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { finishHash, viewOf } from '../byte-hash';

export type KeptRows = { hashes: Int32Array; classes: Int32Array; offsets: Int32Array; arena: Uint8Array };

/**
 * Rows [from, rows) of a group (`ids` its id slices, `codes` a code per row, -1 = refused) as rows
 * j, j + 1, … of `out`, whose hashes, classes and offsets have room for them; ids are copied and
 * hashed four bytes at a time (DataViews: unaligned reads and writes). `grow(need, j)` gives a larger
 * arena holding rows [0, j). Returns the row count after the last row kept, or -1 - that count when it
 * stopped at an empty id or a refused code.
 */
export function keepSlices(ids: ByteSlices, codes: Int32Array, from: number, rows: number, j: number, out: KeptRows, grow: (need: number, j: number) => Uint8Array): number {
  const { bufs, bufOf, starts, ends } = ids;
  const { hashes, classes, offsets } = out;
  let arena = out.arena;
  let av = viewOf(arena);
  let used = offsets[j];
  let page = -1;
  let buf = arena;
  let bv = av;
  for (let i = from; i < rows; i++) {
    const c = codes[i];
    const s = starts[i];
    const len = ends[i] - s;
    if (c < 0 || len === 0) return -1 - j;
    if (used + len > arena.length) {
      arena = grow(used + len, j);
      av = viewOf(arena);
    }
    if (bufOf[i] !== page) {
      page = bufOf[i];
      buf = bufs[page];
      bv = viewOf(buf);
    }
    let h = 0x811c9dc5;
    let b = 0;
    for (; b + 4 <= len; b += 4) {
      const w = bv.getInt32(s + b, true);
      av.setInt32(used + b, w, true);
      h = Math.imul(h ^ (w & 0xff), 0x01000193);
      h = Math.imul(h ^ ((w >>> 8) & 0xff), 0x01000193);
      h = Math.imul(h ^ ((w >>> 16) & 0xff), 0x01000193);
      h = Math.imul(h ^ (w >>> 24), 0x01000193);
    }
    for (; b < len; b++) {
      const x = buf[s + b];
      arena[used + b] = x;
      h = Math.imul(h ^ x, 0x01000193);
    }
    used += len;
    hashes[j] = finishHash(Math.imul(h ^ 0x1f, 0x01000193)) | 0;
    classes[j] = c;
    offsets[++j] = used;
  }
  return j;
}
