/**
 * The fast string decoder (lib/tables/parquet-byte-columns.ts) on files DuckDB writes
 * (snappy, dictionary labels, plain ids, optional columns): the same scores and the same
 * messages as hyparquet's path, and a null still reported at its row (that group falls back).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isPodiumError } from '@/lib/errors';
import { decodeByteArrayChunk, dictionaryEntries, plainByteArrayPages } from '@/lib/tables/parquet-byte-columns';
import { bufferSource, parquetFooter, parquetRanges } from '@/lib/tables/parquet-ranges';
import { buildClassificationKey } from './answer-key';
import { scoreSubmission } from './score';

const dir = mkdtempSync(path.join(tmpdir(), 'parquet-fast-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const N = 300_000;
const ids = Array.from({ length: N }, (_, i) => `t${String(i).padStart(7, '0')}`);
const labels = ids.map((_, i) => `class_${(i * 7) % 13}`);
const classes = [...new Set(labels)];
const key = buildClassificationKey({ ids, labels, classes, seed: 3, publicFraction: 0.3 });

let con: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>['connect']>>;
beforeAll(async () => {
  con = await (await DuckDBInstance.create(':memory:')).connect();
});

/** Row i (0-based, shuffled by a fixed permutation) predicts t[(i*7919) % N]; `edit` may change the SQL row. */
async function write(name: string, select: string): Promise<string> {
  const file = path.join(dir, name);
  await con.run(`COPY (SELECT ${select} FROM (SELECT i, 't' || lpad(((i * 7919) % ${N})::VARCHAR, 7, '0') AS id, 'class_' || ((((i * 7919) % ${N}) * 7) % 13)::VARCHAR AS label FROM range(${N}) r(i)) ORDER BY i)
    TO '${file}' (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 122880)`);
  return file;
}

async function outcome(file: string) {
  try {
    return (await scoreSubmission({ key, file: { path: file } })).all.accuracy;
  } catch (e) {
    if (isPodiumError(e)) return e.message;
    throw e;
  }
}

it('scores a DuckDB file of shuffled rows exactly', async () => {
  expect(await outcome(await write('good.parquet', 'id, label'))).toBe(1);
  let right = 0;
  for (let i = 0; i < N; i++) right += i % 4 !== 0 || labels[(i * 7919) % N] === 'class_0' ? 1 : 0;
  expect(await outcome(await write('wrong.parquet', "id, CASE WHEN i % 4 = 0 THEN 'class_0' ELSE label END AS label"))).toBe(right / N);
});

it('names the row of a duplicate, an unknown id and a bad label as before', async () => {
  expect(await outcome(await write('dup.parquet', "CASE WHEN i = 200000 THEN 't0007919' ELSE id END AS id, label"))).toBe(
    "dup.parquet, row 200001: duplicate id 't0007919'; it was already given at row 2",
  );
  expect(await outcome(await write('unknown.parquet', "CASE WHEN i = 5 THEN 'nope' ELSE id END AS id, label"))).toBe("unknown.parquet, row 6: id 'nope' is not a test id");
  expect(await outcome(await write('label.parquet', "id, CASE WHEN i = 130000 THEN 'class_99' ELSE label END AS label"))).toMatch(
    /^label\.parquet, row 130001: label 'class_99' is not one of the classes: /,
  );
  expect(await outcome(await write('null.parquet', 'id, CASE WHEN i = 7 THEN NULL ELSE label END AS label'))).toBe('null.parquet, row 8: the label is empty');
});

it('decodes plain and dictionary chunks as slices, and declines a chunk with nulls', async () => {
  const bytes = readFileSync(await write('slices.parquet', 'id, label'));
  const meta = await parquetFooter(parquetRanges(bufferSource(bytes)));
  const g = meta.row_groups[0];
  const chunk = (c: number) => {
    const m = g.columns[c].meta_data!;
    const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
    return bytes.subarray(start, start + Number(m.total_compressed_size));
  };
  const text = (s: NonNullable<ReturnType<typeof decodeByteArrayChunk>>, i: number) => new TextDecoder().decode(s.bufs[s.bufOf[i]].subarray(s.starts[i], s.ends[i]));
  const idCol = decodeByteArrayChunk({ chunk: chunk(0), rows: Number(g.num_rows), codec: 'SNAPPY', optional: true })!;
  const labelCol = decodeByteArrayChunk({ chunk: chunk(1), rows: Number(g.num_rows), codec: 'SNAPPY', optional: true })!;
  expect([text(idCol, 0), text(idCol, 1), text(labelCol, 1)]).toEqual(['t0000000', 't0007919', `class_${(7919 * 7) % 13}`]);
  const nulls = readFileSync(path.join(dir, 'null.parquet'));
  const nm = (await parquetFooter(parquetRanges(bufferSource(nulls)))).row_groups[0].columns[1].meta_data!;
  const ns = Number(nm.dictionary_page_offset ?? nm.data_page_offset);
  expect(decodeByteArrayChunk({ chunk: nulls.subarray(ns, ns + Number(nm.total_compressed_size)), rows: 122880, codec: 'SNAPPY', optional: true })).toBeNull();
  // The same chunks as PLAIN pages (the ids) and as dictionary entries (the labels), each read only as what it is.
  const rows = Number(g.num_rows);
  const pages = plainByteArrayPages({ chunk: chunk(0), rows, codec: 'SNAPPY', optional: true })!;
  expect(pages.reduce((t, p) => t + p.count, 0)).toBe(rows);
  const page = pages[0];
  const firstId = new TextDecoder().decode(page.page.subarray(page.at + 4, page.at + 4 + new DataView(page.page.buffer, page.page.byteOffset).getUint32(page.at, true)));
  expect(firstId).toBe('t0000000');
  expect(plainByteArrayPages({ chunk: chunk(1), rows, codec: 'SNAPPY', optional: true })).toBeNull();
  const entries = dictionaryEntries({ chunk: chunk(1), rows, codec: 'SNAPPY', optional: true })!;
  expect(Array.from(entries.entry)).toEqual(Array.from(labelCol.entry.subarray(0, rows)));
  expect(Array.from(entries.starts)).toEqual(Array.from(labelCol.dict!.starts));
  expect(dictionaryEntries({ chunk: chunk(0), rows, codec: 'SNAPPY', optional: true })).toBeNull();
  expect(dictionaryEntries({ chunk: nulls.subarray(ns, ns + Number(nm.total_compressed_size)), rows: 122880, codec: 'SNAPPY', optional: true })).toBeNull();
});
