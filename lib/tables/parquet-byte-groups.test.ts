/**
 * byteColumnGroups from a plan (the form a lent thread gets, plain data) and from the footer
 * (the task folder's scanner): the same slices either way, equal to hyparquet's values, on
 * DuckDB-written files (snappy, dictionary labels, several row groups, either column order),
 * a run of the plan's groups on its own, `stop()`, and `slices: null` for what only hyparquet
 * may read: hyparquet-writer's DATA_PAGE_V2 pages, a null, a non-string column, a chunk past
 * the end of the file.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, expect, it } from 'vitest';
import type { ByteSlices } from './parquet-byte-columns';
import { byteColumnGroups, byteGroupsPlan, codesOf, type ByteGroup } from './parquet-byte-groups';
import { bufferSource, parquetFooter, parquetRanges, readParquetRows, topLevelColumns } from './parquet-ranges';

const N = 20_000;
const ids = Array.from({ length: N }, (_, i) => `t${String((i * 7919) % N).padStart(6, '0')}`);
const labels = ids.map((_, i) => `class_${(i * 5) % 13}`);
const dec = new TextDecoder();

const dir = mkdtempSync(path.join(tmpdir(), 'byte-groups-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let con: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>> | undefined;

/** DuckDB's file (an empty CSV field is a NULL). */
async function duck(rowGroupSize: number, idOf = (i: number) => ids[i]): Promise<Uint8Array> {
  writeFileSync(path.join(dir, 'p.csv'), ['id,label', ...ids.map((_, i) => `${idOf(i)},${labels[i]}`)].join('\n') + '\n');
  con ??= await (await DuckDBInstance.create(':memory:')).connect();
  const src = `read_csv('${path.join(dir, 'p.csv')}', header=true, auto_detect=false, delim=',', columns={'id':'VARCHAR','label':'VARCHAR'})`;
  await con.run(`COPY (SELECT * FROM ${src}) TO '${path.join(dir, 'p.parquet')}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE ${rowGroupSize})`);
  return new Uint8Array(readFileSync(path.join(dir, 'p.parquet')));
}

const hyp = (columnData: unknown[], options: Record<string, unknown> = {}) => new Uint8Array(parquetWriteBuffer({ columnData: columnData as never, ...options }));

async function decodeAll(bytes: Uint8Array, names: string[], from: 'plan' | 'footer' = 'plan') {
  const source = bufferSource(bytes);
  const metadata = await parquetFooter(parquetRanges(source));
  const top = topLevelColumns(metadata.schema);
  const chosen = names.map((n) => top.find((c) => c.name === n)!);
  // Through structuredClone: what a lent thread receives is a copy.
  const groups: ByteGroup[] = [];
  const it = from === 'plan' ? byteColumnGroups(source, structuredClone(byteGroupsPlan(metadata, chosen))) : byteColumnGroups(source, metadata, chosen);
  for await (const g of it) groups.push(g);
  return { source, metadata, groups };
}

const text = (s: ByteSlices, rows: number) => Array.from({ length: rows }, (_, i) => dec.decode(s.bufs[s.bufOf[i]].subarray(s.starts[i], s.ends[i])));

/** Every group decoded, and the values hyparquet reads. */
async function expectHyparquetValues(bytes: Uint8Array, names: string[]) {
  const { source, metadata, groups } = await decodeAll(bytes, names);
  const footer = await decodeAll(bytes, names, 'footer');
  expect(footer.groups).toEqual(groups);
  const rows = await readParquetRows({ p: parquetRanges(source), metadata, columns: names, rowStart: 0, rowEnd: Number(metadata.num_rows) });
  for (const [j, name] of names.entries()) {
    const got = groups.flatMap((g) => text(g.slices![j], g.rows));
    expect(got).toEqual(Array.from(rows.get(name)!, String));
  }
  expect(groups.map((g) => g.rowStart)).toEqual(metadata.row_groups.map((_, g) => metadata.row_groups.slice(0, g).reduce((a, r) => a + Number(r.num_rows), 0)));
  return groups;
}

it('decodes DuckDB-written files (snappy, dictionary labels, several row groups) to hyparquet values', async () => {
  const groups = await expectHyparquetValues(await duck(4096), ['id', 'label']);
  expect(groups.length).toBe(5);
  expect(groups.every((g) => g.slices![1].dict !== null)).toBe(true);
  // Label codes looked up once per dictionary entry give the same codes as per row.
  const lookups: string[] = [];
  const codes = codesOf(groups[0].slices![1], groups[0].rows, (b, s, e) => {
    lookups.push(dec.decode(b.subarray(s, e)));
    return Number(dec.decode(b.subarray(s + 6, e)));
  });
  expect(Array.from(codes)).toEqual(labels.slice(0, groups[0].rows).map((l) => Number(l.slice(6))));
  expect(new Set(lookups).size).toBe(lookups.length);
  // Swapped order: the slices come out in the chosen order.
  await expectHyparquetValues(await duck(8192), ['label', 'id']);
});

it('gives no slices for hyparquet-written files (DATA_PAGE_V2, several pages per chunk), which hyparquet reads', async () => {
  for (const codec of ['UNCOMPRESSED', 'SNAPPY']) {
    const bytes = hyp(
      [
        { name: 'id', data: ids, type: 'STRING' },
        { name: 'label', data: labels, type: 'STRING' },
      ],
      { codec, rowGroupSize: 7000, pageSize: 16_384 },
    );
    const { groups } = await decodeAll(bytes, ['id', 'label']);
    expect(groups.map((g) => [g.rowStart, g.rows, g.slices])).toEqual([
      [0, 7000, null],
      [7000, 7000, null],
      [14000, 6000, null],
    ]);
  }
});

it('decodes a run of the plan by itself (a lent thread\'s part)', async () => {
  const bytes = await duck(4096);
  const source = bufferSource(bytes);
  const metadata = await parquetFooter(parquetRanges(source));
  const plan = byteGroupsPlan(metadata, topLevelColumns(metadata.schema));
  const all: ByteGroup[] = [];
  for await (const g of byteColumnGroups(source, plan)) all.push(g);
  const part: ByteGroup[] = [];
  for await (const g of byteColumnGroups(source, { ...plan, groups: plan.groups.slice(2, 4) })) part.push(g);
  expect(part).toEqual(all.slice(2, 4));
  let asked = 0;
  const stopped: ByteGroup[] = [];
  for await (const g of byteColumnGroups(source, plan, () => ++asked > 2)) stopped.push(g);
  expect(stopped).toEqual(all.slice(0, 2));
});

it('gives no slices for what only hyparquet may read: a null, a number column, a chunk past the end', async () => {
  const withNull = await duck(8192, (i) => (i === 9000 ? '' : ids[i]));
  expect((await decodeAll(withNull, ['id', 'label'])).groups.map((g) => g.slices === null)).toEqual([false, true, false]);
  const numbers = hyp([
    { name: 'id', data: ids, type: 'STRING' },
    { name: 'n', data: Int32Array.from(ids, (_, i) => i), type: 'INT32' },
  ]);
  expect((await decodeAll(numbers, ['id', 'n'])).groups.every((g) => g.slices === null)).toBe(true);
  const bytes = await duck(4096);
  const source = bufferSource(bytes);
  const metadata = await parquetFooter(parquetRanges(source));
  const plan = byteGroupsPlan(metadata, topLevelColumns(metadata.schema));
  plan.groups[1].chunks[0].end = bytes.length + 10;
  const got: ByteGroup[] = [];
  for await (const g of byteColumnGroups(source, plan)) got.push(g);
  expect(got.map((g) => g.slices === null)).toEqual([false, true, false, false, false]);
});
