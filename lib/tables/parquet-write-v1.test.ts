/** labelsParquetV1 writes what hyparquet reads back and what the fast decoder takes (DATA_PAGE v1, dictionary labels). */
import { expect, it } from 'vitest';
import { byteColumnGroups } from './parquet-byte-groups';
import { bufferSource, parquetFooter, parquetRanges, readParquetRows, topLevelColumns } from './parquet-ranges';
import { labelsParquetV1 } from './parquet-write-v1';

/** Every row as `id,label`, read by hyparquet, and by the fast decoder (null when it declined a group). */
async function bothReads(bytes: Uint8Array): Promise<{ hyparquet: string[]; fast: string[] | null }> {
  const source = bufferSource(bytes);
  const p = parquetRanges(source);
  const metadata = await parquetFooter(p);
  const hyparquet: string[] = [];
  let rowStart = 0;
  for (const g of metadata.row_groups) {
    const rowEnd = rowStart + Number(g.num_rows);
    const cols = await readParquetRows({ p, metadata, columns: ['id', 'label'], rowStart, rowEnd });
    for (let i = 0; i < rowEnd - rowStart; i++) hyparquet.push(`${cols.get('id')![i]},${cols.get('label')![i]}`);
    rowStart = rowEnd;
  }
  const dec = new TextDecoder();
  let fast: string[] | null = [];
  for await (const g of byteColumnGroups(source, metadata, topLevelColumns(metadata.schema))) {
    if (!g.slices) {
      fast = null;
      break;
    }
    const [ids, labels] = g.slices;
    const text = (s: typeof ids, i: number) => dec.decode(s.bufs[s.bufOf[i]].subarray(s.starts[i], s.ends[i]));
    for (let i = 0; i < g.rows; i++) fast.push(`${text(ids, i)},${text(labels, i)}`);
  }
  return { hyparquet, fast };
}

it('writes id,label files hyparquet and the fast decoder read the same, for 1 to 200 classes and uneven row groups, optional (DuckDB) or required', async () => {
  for (const required of [false, true]) {
    for (const k of [1, 2, 3, 13, 40, 200]) {
      const n = 5_003;
      const ids = Array.from({ length: n }, (_, i) => `id-${(i * 7919) % n}`);
      const classes = Array.from({ length: k }, (_, c) => `c${c}`);
      const codes = ids.map((_, i) => (i * 31) % k);
      const { hyparquet, fast } = await bothReads(labelsParquetV1(ids, codes, classes, 1_000, { required }));
      const want = ids.map((id, i) => `${id},${classes[codes[i]]}`);
      expect(hyparquet, `${k} classes, required ${required}`).toEqual(want);
      expect(fast, `${k} classes, required ${required}`).toEqual(want);
    }
  }
});
