/**
 * The rows a join keeps to probe later (prediction-join.ts, parsed-labels.ts): row j's id is
 * arena[offsets[j], offsets[j + 1]), beside its hash (idHash's) and its class or label code.
 * `keepSlices` appends a Parquet group's rows in one loop, with no call per row.
 */
import type { ByteSlices } from '@/lib/tables/parquet-byte-columns';
import { viewOf } from '../byte-hash';
import { idFinish, idStep } from '../partitioned-index';

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
    let h = 0;
    let b = 0;
    for (; b + 4 <= len; b += 4) {
      const w = bv.getInt32(s + b, true);
      av.setInt32(used + b, w, true);
      h = idStep(h, w);
    }
    for (let t = b; t < len; t++) arena[used + t] = buf[s + t];
    used += len;
    hashes[j] = idFinish(h, buf, s + b, s + len, len);
    classes[j] = c;
    offsets[++j] = used;
  }
  return j;
}
